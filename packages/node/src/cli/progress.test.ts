import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { countLines, ledgerProgress, progressWanted, startProgress, transferBar } from "./progress.js";

function fakeStream(isTTY: boolean) {
  const out: string[] = [];
  return {
    out,
    stream: {
      isTTY,
      write: (s: string) => out.push(s) > 0,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
      columns: 120,
    },
  };
}

describe("progress bars", () => {
  afterEach(() => {
    delete process.env.PBFT_NO_PROGRESS;
  });

  it("only for a terminal, never with --json or PBFT_NO_PROGRESS=1", () => {
    expect(progressWanted(false, { isTTY: true, write: () => true })).toBe(true);
    expect(progressWanted(true, { isTTY: true, write: () => true })).toBe(false);
    expect(progressWanted(false, { isTTY: false, write: () => true })).toBe(false);
    expect(progressWanted(false, { write: () => true })).toBe(false);
    process.env.PBFT_NO_PROGRESS = "1";
    expect(progressWanted(false, { isTTY: true, write: () => true })).toBe(false);
  });

  it("draws done/total with the unit on a terminal, and nothing elsewhere", async () => {
    const tty = fakeStream(true);
    const p = startProgress("verify", 3, "entries", { json: false, stream: tty.stream });
    for (let i = 0; i < 3; i++) p.tick();
    p.stop();
    expect(tty.out.join("")).toMatch(/verify\s+\|.*\| 3\/3 entries/);
    const pipe = fakeStream(false);
    const q = startProgress("verify", 3, "entries", { json: false, stream: pipe.stream });
    q.tick(3);
    q.stop();
    expect(pipe.out).toEqual([]);
  });

  it("draws the ledger's progress hook as a bar per phase; a total that turns up grows the bar", () => {
    const tty = fakeStream(true);
    // An import of an export whose lines said 8 entries: the library knows its total only at the end line.
    const bars = ledgerProgress({ json: false, total: 8, stream: tty.stream });
    const hook = bars.options.onProgress!;
    hook({ phase: "verify", height: 1 });
    hook({ phase: "verify", height: 10 });
    hook({ phase: "verify", height: 10, total: 10 });
    hook({ phase: "import", height: 4, total: 10 });
    hook({ phase: "import", height: 10, total: 10 });
    bars.stop();
    const drawn = tty.out.join("");
    // Drawn at 5 fps and when stopped: what shows for sure is each bar's start and its end.
    expect(drawn).toMatch(/verify\s+\|.*\| 0\/8 entries/);
    expect(drawn).toMatch(/verify\s+\|.*\| 10\/10 entries/);
    expect(drawn).toMatch(/import\s+\|.*\| 0\/10 entries/);
    expect(drawn).toMatch(/import\s+\|.*\| 10\/10 entries/);
    // A data dir: the stored head is the total from the first call.
    const dir = fakeStream(true);
    const d = ledgerProgress({ json: false, stream: dir.stream });
    d.options.onProgress!({ phase: "verify", height: 1, total: 5 });
    d.stop();
    expect(dir.out.join("")).toMatch(/verify\s+\|.*\| 1\/5 entries/);
    // Not a terminal, or --json: the hook draws nothing.
    for (const [isTTY, json] of [
      [false, false],
      [true, true],
    ] as const) {
      const off = fakeStream(isTTY);
      const q = ledgerProgress({ json, total: 8, stream: off.stream });
      q.options.onProgress!({ phase: "verify", height: 10, total: 10 });
      q.stop();
      expect(off.out).toEqual([]);
    }
  });

  it("a state transfer's bar counts the entries fetched since it began, on a terminal only", () => {
    const tty = fakeStream(true);
    const bar = transferBar(1000, 1100, tty.stream);
    bar.update(1050, 1150);
    bar.update(1150, 1150);
    bar.stop();
    expect(tty.out.join("")).toMatch(/catch-up\s+\|.*\| 0\/100 entries/);
    expect(tty.out.join("")).toMatch(/catch-up\s+\|.*\| 150\/150 entries/);
    const file = fakeStream(false);
    const off = transferBar(1000, 1100, file.stream);
    off.update(1100, 1100);
    off.stop();
    expect(file.out).toEqual([]);
  });

  it("counts a file's lines", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pbft-progress-"));
    try {
      const f = join(dir, "x.ndjson");
      writeFileSync(f, `${"line\n".repeat(100_001)}`);
      expect(await countLines(f)).toBe(100_001);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
