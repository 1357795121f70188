import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ephemeralLow, type PortBlock, reservePortBlock } from "./port-block.js";

const held: PortBlock[] = [];
afterEach(() => {
  for (const b of held.splice(0)) b.release();
});

function listen(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(undefined));
    s.listen({ port, host: "127.0.0.1" }, () => resolve(s));
  });
}

describe("reservePortBlock", () => {
  it("hands out blocks that never overlap while they are held, all below the ephemeral range", async () => {
    for (let i = 0; i < 30; i++) held.push(await reservePortBlock(4));
    const spans = held.map((b) => [b.base, b.base + 40] as const).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
    for (const [, end] of spans) expect(end).toBeLessThanOrEqual(ephemeralLow());
  });

  it("a released block's ports are free to bind", async () => {
    const b = await reservePortBlock(4);
    b.release();
    const s = await listen(b.base + 2);
    expect(s).toBeDefined();
    s?.close();
  });
});
