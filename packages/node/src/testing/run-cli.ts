// Runs the built `pbft` CLI as a child process and collects what it printed: the tests that check the
// CLI's own output and exit codes share this one runner.
import { spawn } from "node:child_process";
import { CLI_PATH } from "./local-cluster.js";

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], opts: { readonly cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [CLI_PATH, ...args],
      opts.cwd === undefined ? {} : { cwd: opts.cwd },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
