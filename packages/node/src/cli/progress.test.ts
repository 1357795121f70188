import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { counted, countLines, progressWanted, startProgress } from "./progress.js";

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
    const seen: number[] = [];
    for await (const x of counted(
      (async function* () {
        yield* [1, 2, 3];
      })(),
      p,
    ))
      seen.push(x);
    p.stop();
    expect(seen).toEqual([1, 2, 3]);
    expect(tty.out.join("")).toMatch(/verify\s+\|.*\| 3\/3 entries/);
    const pipe = fakeStream(false);
    const q = startProgress("verify", 3, "entries", { json: false, stream: pipe.stream });
    q.tick(3);
    q.stop();
    expect(pipe.out).toEqual([]);
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
