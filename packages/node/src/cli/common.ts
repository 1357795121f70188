// What every command shares: where the testnet is, loading cluster.json, printing (text or JSON), and
// turning every failure into one exit code per kind of failure (EXIT_CODES) and one clear message.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import {
  type ClusterConfig,
  ClusterConfigError,
  HeadError,
  LedgerError,
  loadClusterConfig,
  ProofError,
} from "@pbft/ledger";
import { loadLocalNodeConfig, NODE_CONFIG_FILE, NodeConfigError } from "../config.js";
import { CLUSTER_FILE } from "../testnet.js";

export const DEFAULT_TESTNET = ".pbft/testnet";

/**
 * One exit code per kind of failure: scripts branch on the code, people read the message. The README's
 * table and `pbft --help` are made from this list (a test compares them).
 */
export const EXIT_CODES = [
  { code: 0, name: "ok", meaning: "success" },
  {
    code: 1,
    name: "internal",
    meaning: "internal error: a bug or an unforeseen failure (the message says what)",
  },
  {
    code: 2,
    name: "verification-failed",
    meaning: "verification failed: a ledger, export or receipt is tampered with or invalid",
  },
  {
    code: 3,
    name: "unreachable",
    meaning: "cluster unreachable or no quorum: timed out, more than f members down, or overloaded",
  },
  {
    code: 4,
    name: "refused",
    meaning:
      "refused by the rules: the proposal was rejected, or the members refused the request (unauthorised proposer, bad signature, stale request)",
  },
  {
    code: 5,
    name: "not-found",
    meaning:
      "not found or unreadable: a file, directory, cluster.json, key or data dir (or in use by a node)",
  },
  {
    code: 6,
    name: "usage",
    meaning: "usage or bad input: an unknown option, a bad value, conflicting options, an invalid file",
  },
] as const;

export type ExitName = (typeof EXIT_CODES)[number]["name"];
export const EXIT = Object.fromEntries(EXIT_CODES.map((e) => [e.name, e.code])) as {
  readonly [K in ExitName]: Extract<(typeof EXIT_CODES)[number], { name: K }>["code"];
};

export function exitName(code: number): ExitName {
  return EXIT_CODES.find((e) => e.code === code)?.name ?? "internal";
}

/** The exit code table as `pbft --help` prints it. */
export function exitCodeHelp(): string {
  return ["Exit codes:", ...EXIT_CODES.map((e) => `  ${e.code}  ${e.meaning}`)].join("\n");
}

/** A failure the CLI expected: its message is for people, its exit code for scripts. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
    readonly details?: Readonly<Record<string, unknown>>,
    /** The command printed its own result already (e.g. `verify --json` prints {ok: false, ...}). */
    readonly reported = false,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Any error as a CliError: the library's typed errors and file-system errors get their kind. */
export function asCliError(e: unknown): CliError {
  if (e instanceof CliError) return e;
  if (e instanceof ClusterConfigError)
    return new CliError(
      e.message,
      /cannot be read: (ENOENT|EACCES|EISDIR|ENOTDIR)/.test(e.message) ? EXIT["not-found"] : EXIT.usage,
    );
  if (e instanceof HeadError || e instanceof ProofError)
    return new CliError(e.message, EXIT["verification-failed"], { reason: e.code });
  if (e instanceof LedgerError) {
    const code =
      e.code === "locked" || e.code === "open-failed"
        ? EXIT["not-found"]
        : e.code === "import-target-not-empty"
          ? EXIT.usage
          : e.code === "closed"
            ? EXIT.internal
            : EXIT["verification-failed"];
    return new CliError(e.message, code, {
      reason: e.code,
      ...(e.height === undefined ? {} : { height: e.height }),
    });
  }
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code === "string" && ["ENOENT", "EACCES", "EISDIR", "ENOTDIR", "EPERM"].includes(err.code))
    return new CliError(err.message, EXIT["not-found"], { reason: err.code });
  return new CliError(err?.message ?? String(e), EXIT.internal);
}

/** `{error: {code, message, details}}`, what `--json` prints instead of a message on stderr. */
export function errorJson(e: CliError): { error: { code: ExitName; message: string; details?: unknown } } {
  return {
    error: {
      code: exitName(e.exitCode),
      message: e.message,
      ...(e.details === undefined ? {} : { details: e.details }),
    },
  };
}

export function testnetDir(opt: string | undefined): string {
  return resolve(opt ?? process.env.PBFT_TESTNET ?? DEFAULT_TESTNET);
}

/** Where a command finds cluster.json: the options every command that needs one takes. */
export interface ClusterSource {
  /** cluster.json itself. */
  readonly cluster?: string;
  /** A node's directory: the cluster.json its node.json names. */
  readonly home?: string;
  /** A testnet directory (pbft testnet): its cluster.json. */
  readonly testnet?: string;
  /** A ledger data dir: when it sits in a node's directory (as pbft testnet lays them out), that node's. */
  readonly data?: string;
}

/**
 * The one way every command finds cluster.json, first match wins: --cluster FILE; --home DIR (the file its
 * node.json names); --testnet DIR; a --data DIR inside a node's directory (that node's); $PBFT_TESTNET or
 * .pbft/testnet.
 */
export function findCluster(o: ClusterSource): { cluster: ClusterConfig; path: string } {
  if (o.cluster !== undefined)
    return loadCluster(resolve(o.cluster), `no cluster file at ${resolve(o.cluster)}`);
  if (o.home !== undefined) {
    const path = nodeClusterPath(o.home);
    return loadCluster(path, `${o.home}'s node.json names ${path}, which does not exist`);
  }
  if (o.testnet === undefined && o.data !== undefined) {
    const home = dirname(resolve(o.data));
    if (existsSync(join(home, NODE_CONFIG_FILE))) {
      const path = nodeClusterPath(home);
      return loadCluster(path, `${home}'s node.json names ${path}, which does not exist`);
    }
  }
  const dir = testnetDir(o.testnet);
  return loadCluster(
    join(dir, CLUSTER_FILE),
    `no testnet at ${dir}: create one with 'pbft testnet', or give --cluster, --home or --testnet`,
  );
}

/** @deprecated the same as findCluster (kept for callers written before it). */
export const clusterFrom = findCluster;

function nodeClusterPath(home: string): string {
  try {
    return loadLocalNodeConfig(home).clusterPath;
  } catch (e) {
    throw nodeConfigError(e);
  }
}

/** A node.json that cannot be read is "not found"; one that does not parse or validate is bad input. */
export function nodeConfigError(e: unknown): CliError {
  if (e instanceof NodeConfigError)
    return new CliError(
      e.message,
      /ENOENT|EACCES|EISDIR|ENOTDIR/.test(e.message) ? EXIT["not-found"] : EXIT.usage,
    );
  return asCliError(e);
}

function loadCluster(path: string, missing: string): { cluster: ClusterConfig; path: string } {
  if (!existsSync(path)) throw new CliError(missing, EXIT["not-found"], { path });
  try {
    return { cluster: loadClusterConfig(path), path };
  } catch (e) {
    throw asCliError(e);
  }
}

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A note for people (stderr), never mixed into what --json prints. */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

export function parseIntOption(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || value.trim() === "")
      throw new CliError(`${name} must be an integer, got "${value}"`);
    return n;
  };
}

const DURATION_UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/**
 * A duration option: `600ms`, `5s`, `1.5s`, `2m`, `1h`; a bare number is in `bareUnit`, the unit the option
 * took before it had units (so `--timeout 5000` still means 5 s). Returns milliseconds.
 */
export function parseDuration(name: string, bareUnit: keyof typeof DURATION_UNITS_MS) {
  return (value: string): number => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value);
    const ms = m
      ? Number(m[1]) * DURATION_UNITS_MS[(m[2] ?? bareUnit) as keyof typeof DURATION_UNITS_MS]
      : Number.NaN;
    if (!Number.isFinite(ms) || ms <= 0 || ms > 2 ** 31 - 1)
      throw new CliError(
        `${name} must be a positive duration such as 600ms, 5s, 2m or 1h (a bare number is in ${bareUnit}), got "${value}"`,
      );
    return Math.round(ms);
  };
}

/** 600 -> "600ms", 30000 -> "30s", 90000 -> "90s", 120000 -> "2m": how the help shows a default. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
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
