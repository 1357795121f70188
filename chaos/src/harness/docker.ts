// Thin wrappers over the docker CLI for the faults testcontainers has no call for
// (kill -9, pause, network connect/disconnect), each bounded in time.
import { execFile } from "node:child_process";

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(
  file: string,
  args: readonly string[],
  opts: { timeout_ms?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        timeout: opts.timeout_ms ?? 60_000,
        killSignal: "SIGKILL",
        maxBuffer: 64 * 1024 * 1024,
        env: opts.env ?? process.env,
        cwd: opts.cwd,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({
          code,
          stdout: String(stdout),
          stderr: String(stderr) || (error && !stderr ? String(error.message) : ""),
        });
      },
    );
  });
}

export async function docker(args: readonly string[], timeout_ms = 60_000): Promise<RunResult> {
  return run("docker", args, { timeout_ms });
}

/** docker, throwing on a non-zero exit. */
export async function dockerOk(args: readonly string[], timeout_ms = 60_000): Promise<string> {
  const r = await docker(args, timeout_ms);
  if (r.code !== 0) throw new Error(`docker ${args.join(" ")} failed (${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` every `interval_ms` until it returns a value other than undefined, or the deadline. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeout_ms: number,
  interval_ms = 500,
): Promise<T> {
  const deadline = Date.now() + timeout_ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `timed out after ${timeout_ms} ms waiting for ${what}${last ? `: ${String(last)}` : ""}`,
      );
    }
    await sleep(interval_ms);
  }
}
