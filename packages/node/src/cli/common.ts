// What every command shares: where the testnet is, loading cluster.json, printing, and turning errors
// into one clear line and a non-zero exit code.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { type ClusterConfig, loadClusterConfig } from "@pbft/ledger";
import { CLUSTER_FILE } from "../testnet.js";

export const DEFAULT_TESTNET = ".pbft/testnet";

/** Exit codes: 1 usage or input error, 2 verification failed, 3 cluster unreachable or timed out. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export function testnetDir(opt: string | undefined): string {
  return resolve(opt ?? process.env.PBFT_TESTNET ?? DEFAULT_TESTNET);
}

export function clusterFrom(opts: { cluster?: string; testnet?: string }): {
  cluster: ClusterConfig;
  path: string;
} {
  const path = opts.cluster ? resolve(opts.cluster) : join(testnetDir(opts.testnet), CLUSTER_FILE);
  if (!existsSync(path))
    throw new CliError(
      opts.cluster
        ? `no cluster file at ${path}`
        : `no testnet at ${testnetDir(opts.testnet)}: create one with 'pbft testnet' or pass --cluster`,
    );
  try {
    return { cluster: loadClusterConfig(path), path };
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function parseIntOption(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new CliError(`${name} must be an integer, got "${value}"`);
    return n;
  };
}

/** `--param name=value` pairs; cluster.json's schema checks names and ranges when the testnet is made. */
export function parseParams(pairs: readonly string[] | undefined): Record<string, number> {
  const parameters: Record<string, number> = {};
  for (const p of pairs ?? []) {
    const at = p.indexOf("=");
    const k = at > 0 ? p.slice(0, at) : "";
    const v = at > 0 ? p.slice(at + 1) : "";
    if (!k || v.trim() === "" || !Number.isFinite(Number(v)))
      throw new CliError(`--param expects name=number, got "${p}"`);
    parameters[k] = Number(v);
  }
  return parameters;
}
