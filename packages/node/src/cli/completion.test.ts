import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { bashCompletion, zshCompletion } from "./completion.js";
import { buildProgram } from "./program.js";

const program = buildProgram("/nonexistent/main.js");

/** What bash's completion offers for `line` (the word being completed is the last, maybe empty). */
function bashComplete(line: string): string[] {
  const words = line.split(" ");
  const script = `${bashCompletion(program)}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _pbft
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync("bash", ["-c", script], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split("\n").filter((x) => x !== "");
}

function hasZsh(): boolean {
  return spawnSync("zsh", ["-c", "true"]).status === 0;
}

/** The same in zsh, with compadd and _files stood in for (they exist only inside a completion widget). */
function zshComplete(line: string): string[] {
  const words = line.split(" ");
  const script = `${zshCompletion(program).replace(/^compdef .*$/m, "")}
compadd() { [[ $1 == -- ]] && shift; print -rl -- "$@" }
_files() { print -r -- FILES }
words=(${words.map((w) => `'${w}'`).join(" ")}); CURRENT=${words.length}; _pbft`;
  const r = spawnSync("zsh", ["-f", "-c", script], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split("\n").filter((x) => x !== "");
}

describe("shell completion", () => {
  it("bash: subcommands, options per command, fixed values, files for paths", () => {
    expect(bashComplete("pbft led")).toEqual(["ledger"]);
    expect(bashComplete("pbft ledger ve")).toEqual(["verify", "verify-reader"]);
    expect(bashComplete("pbft ledger verify --d")).toEqual(["--data"]);
    expect(bashComplete("pbft --json ledger reader --format ")).toEqual(["json", "markdown", "html"]);
    expect(bashComplete("pbft submit --amendment-type c")).toEqual(["clarification", "correction"]);
    expect(bashComplete("pbft submit --title ")).toEqual([]);
    expect(bashComplete("pbft completion ")).toEqual(["bash", "zsh", "--help"]);
    expect(bashComplete("pbft cluster ")).toEqual(["up", "down", "--help"]);
  });

  it.runIf(hasZsh())("zsh (when installed): the same answers", () => {
    expect(spawnSync("zsh", ["-n"], { input: zshCompletion(program) }).status).toBe(0);
    expect(zshComplete("pbft ledger ve")).toContain("verify");
    expect(zshComplete("pbft ledger verify --d")).toContain("--data");
    expect(zshComplete("pbft ledger reader --format ")).toEqual(["json", "markdown", "html"]);
    expect(zshComplete("pbft ledger verify --data ")).toEqual(["FILES"]);
  });
});
