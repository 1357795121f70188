// What every command shares: where the testnet is, loading cluster.json, printing (text or JSON), and
// turning every failure into one exit code per kind of failure (EXIT_CODES) and one clear message.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { type ClusterConfig, ClusterConfigError, LedgerError, loadClusterConfig } from "@pbft/ledger";
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
      EXIT["not-found"],
    );
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
