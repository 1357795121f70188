// The adaptive request timeout: requestTimeoutMs is its floor; it follows the request latency a backup
// measures (received from the client → executed, with the clock readings `step` is given), never beyond
// requestTimeoutMaxMs, and doubles for each view entered without an execution since.
import { describe, expect, it } from "vitest";
import { Cluster, FakeClient } from "./testing/harness.js";

const CID = "test-cluster";
const T0 = 1_800_000_000_000;

/** The delay of the request timer backup `id` armed last. */
function lastRequestTimeout(c: Cluster, id: number): number {
  const e = c
    .node(id)
    .effects.filter((x) => x.kind === "set-timer" && x.timer.kind === "request")
    .at(-1);
  if (e?.kind !== "set-timer") throw new Error("no request timer armed");
  return e.afterMs;
}

function clocked(params: Record<string, number>): Cluster {
  const c = new Cluster({ params: { batchDelayMs: 0, checkpointInterval: 4, logWindow: 16, ...params } });
  for (const n of c.nodes) c.clockMs.set(n.id, T0);
  c.start();
  return c;
}

function setClocks(c: Cluster, ms: number): void {
  for (const n of c.nodes) c.clockMs.set(n.id, ms);
}

describe("adaptive request timeout", () => {
  it("rises with a measured latency above the floor, up to the ceiling, and falls back to the floor when requests are fast", () => {
    const c = clocked({ requestTimeoutMs: 100, requestTimeoutMaxMs: 1000, clockSkewMaxMs: 60_000 });
    const client = new FakeClient("a", CID);
    let now = T0;
    // Without a sample the floor applies.
    c.submit("all", client.request());
    expect(lastRequestTimeout(c, 1)).toBe(100);
    // That request takes 150 ms from the client to execution: 150 + 4 x 75 = 450 ms.
    now += 150;
    setClocks(c, now);
    c.deliverAll();
    c.submit("all", client.request());
    expect(lastRequestTimeout(c, 1)).toBe(450);
    // A much slower one: the estimate is capped by the ceiling.
    now += 3000;
    setClocks(c, now);
    c.deliverAll();
    c.submit("all", client.request());
    expect(lastRequestTimeout(c, 1)).toBe(1000);
    // Fast requests (executed within the same clock reading) bring it down, never below the floor.
    const seen: number[] = [];
    for (let i = 0; i < 60; i++) {
      c.deliverAll();
      c.submit("all", client.request());
      seen.push(lastRequestTimeout(c, 1));
    }
    for (const t of seen) expect(t).toBeGreaterThanOrEqual(100);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeLessThanOrEqual(seen[i - 1]!);
    expect(seen.at(-1)).toBe(100);
    c.assertAgreement();
  });

  it("a request that waited through a view change is a sample: the timeout rises, then decays with fast requests", () => {
    const c = clocked({ requestTimeoutMs: 100, requestTimeoutMaxMs: 10_000 });
    const client = new FakeClient("a", CID);
    c.crash(0);
    c.submit("all", client.request());
    setClocks(c, T0 + 1000);
    c.fireAll("request");
    c.deliverAll(); // view 1: the new primary orders it, 1 s after it was received
    for (const id of [1, 2, 3]) expect(c.node(id).ledger).toHaveLength(1);
    c.submit("all", client.request());
    expect(lastRequestTimeout(c, 2)).toBe(3000); // 1000 + 4 x 500
    for (let i = 0; i < 40; i++) {
      c.deliverAll();
      c.submit("all", client.request());
    }
    expect(lastRequestTimeout(c, 2)).toBe(100);
  });

  it("doubles for each view entered without an execution, and is reset by the next execution", () => {
    const c = new Cluster({
      n: 7,
      params: { batchDelayMs: 0, checkpointInterval: 4, logWindow: 16, requestTimeoutMs: 100 },
    });
    c.start();
    const client = new FakeClient("a", CID);
    c.crash(0);
    c.crash(1); // the primaries of views 0 and 1 are down
    c.submit("all", client.request());
    expect(lastRequestTimeout(c, 3)).toBe(100);
    const before = c.node(3).effects.length;
    c.fireAll("request");
    c.deliverAll(); // view 1 gets no new-view
    c.fireAll("view-change");
    c.deliverAll(); // view 2 is entered: the request is watched again, then executed
    const armed = c
      .node(3)
      .effects.slice(before)
      .filter((e) => e.kind === "set-timer" && e.timer.kind === "request");
    // Re-armed on entering view 2, two views after the last progress: 100 x 2^2.
    expect(armed.map((e) => (e.kind === "set-timer" ? e.afterMs : 0))).toEqual([400]);
    expect(c.node(3).ledger).toHaveLength(1);
    // Executed in view 2: progress, so the next request's timer is the floor again.
    c.submit("all", client.request());
    expect(lastRequestTimeout(c, 3)).toBe(100);
  });

  it("requestTimeoutMs stays the floor when the ceiling is set below it", () => {
    const c = clocked({ requestTimeoutMs: 500, requestTimeoutMaxMs: 200 });
    c.submit("all", new FakeClient("a", CID).request());
    expect(lastRequestTimeout(c, 1)).toBe(500);
  });
});
