import { Writable } from "node:stream";
import { CoreInvariantError } from "@pbft/consensus";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { logFatal } from "./fatal.js";

function capture(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    logger: pino({ level: "info" }, stream),
    lines: () =>
      chunks
        .join("")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe("the fatal line", () => {
  it("a core fault: one fatal line naming it, with the error, its stack and the original cause's", () => {
    const { logger, lines } = capture();
    const bug = new Error("bug");
    logFatal(logger, new CoreInvariantError("replica 2, handling envelope: bug", bug));
    const out = lines();
    expect(out).toHaveLength(1);
    expect(out[0]!.level).toBe(60);
    expect(out[0]!.msg).toMatch(/^consensus core fault: replica 2, handling envelope: bug/);
    const err = out[0]!.err as { type: string; stack: string };
    expect(err.type).toBe("CoreInvariantError");
    expect(err.stack).toMatch(/Caused by: Error: bug/);
  });

  it("any other reason to stop (a failed write) gets its own fatal line", () => {
    const { logger, lines } = capture();
    logFatal(logger, new Error("disk full"));
    expect(lines().map((l) => [l.level, l.msg])).toEqual([[60, "node cannot go on safely; stopping"]]);
  });
});
