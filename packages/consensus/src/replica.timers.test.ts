// Request timers under load: a busy primary that keeps executing batches is not suspected at the first
// expiry (the timer restarts on progress, as in Castro & Liskov), but one that never orders a request is
// suspected after a bounded number of restarts.
import { describe, expect, it } from "vitest";
import { Cluster, FakeClient } from "./testing/harness.js";

const CID = "test-cluster";

describe("request timers", () => {
  it("re-arm while the cluster makes progress, and suspect the primary after a bounded number of re-arms", () => {
    const c = new Cluster({ params: { batchDelayMs: 0, checkpointInterval: 4, logWindow: 16 } });
    c.start();
    const censored = new FakeClient("censored", CID);
    const others = new FakeClient("others", CID);
    // The request reaches backup 1 only, and its relay to the primary is lost: the primary never orders it.
    c.drop = (_from, _to, frame) => frame.forwardedRequest !== undefined && frame.forwardedRequest !== null;
    c.submit(1, censored.request());
    c.deliverAll();
    let rounds = 0;
    while (c.node(1).replica.status().view === 0 && rounds < 20) {
      // Others' requests keep committing: progress.
      c.submit("all", others.request());
      c.deliverAll();
      const timer = [...c.node(1).timers.values()].find((t) => t.kind === "request");
      expect(timer, `round ${rounds}`).toBeDefined();
      c.fire(1, timer!);
      c.deliverAll();
      rounds++;
    }
    // Four restarts on progress, then the fifth expiry suspects the primary.
    expect(rounds).toBe(5);
    expect(
      c.node(1).effects.some((e) => e.kind === "view-change-started" && e.reason === "request-timeout"),
    ).toBe(true);
  });

  it("suspect at the first expiry when nothing was executed meanwhile", () => {
    const c = new Cluster({ params: { batchDelayMs: 0 } });
    c.start();
    c.crash(0);
    c.submit(1, new FakeClient("a", CID).request());
    c.deliverAll();
    c.fireAll("request");
    expect(
      c.node(1).effects.some((e) => e.kind === "view-change-started" && e.reason === "request-timeout"),
    ).toBe(true);
  });
});
