// The `pbft` CLI from the host, as an operator runs it, for the scenarios' own commands (config changes,
// key rotation, the witness). SoftHSM finds each member's token through its home (the CLI writes the
// home's softhsm2.conf), so an inherited SOFTHSM2_CONF or PIN must not leak in.
import { run } from "../harness/docker.js";
import { CLI } from "../harness/paths.js";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The last JSON object printed on stdout (the commands' --json output), when there is one. */
  readonly json?: Record<string, unknown>;
}

export function cliEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.SOFTHSM2_CONF;
  delete env.PBFT_HSM_PIN;
  return env;
}

export async function pbft(args: readonly string[], timeout_ms = 120_000): Promise<CliRun> {
  const r = await run(process.execPath, [CLI, ...args], { timeout_ms, env: cliEnv() });
  const text = r.stdout.trim();
  let json: Record<string, unknown> | undefined;
  const start = text.lastIndexOf("\n{");
  for (const candidate of [text, start >= 0 ? text.slice(start + 1) : ""]) {
    if (json !== undefined || !candidate.startsWith("{")) continue;
    try {
      json = JSON.parse(candidate) as Record<string, unknown>;
    } catch {
      // not one JSON document: the caller gets stdout as text
    }
  }
  return { ...r, ...(json ? { json } : {}) };
}

/** One line for a report: the command's JSON reason or its last line of stderr. */
export function why(r: CliRun): string {
  const reason = r.json?.reason ?? (r.json?.error as { message?: string } | undefined)?.message;
  if (typeof reason === "string") return `exit ${r.code}: ${reason}`;
  return `exit ${r.code}: ${(r.stderr.trim().split("\n").at(-1) ?? r.stdout.trim()).slice(0, 200)}`;
}
