// Consensus time (issue 18): the primary's clock in each pre-prepare, bound into the digest; backups accept
// it within a bound of their clocks and above the times before it, else they leave the view.
import { describe, expect, it } from "vitest";
import { batchDigest } from "./certificate.js";
import { bytesEqual } from "./hashing.js";
import { pbft } from "./messages.js";
import { Cluster, FakeClient, signAs } from "./testing/harness.js";
import { checkTime, proposeTime, recordedTime, timedDigest } from "./time.js";

const CID = "test-cluster";
const T0 = 1_800_000_000_000; // a plausible wall clock (ms)

function cluster(clocks: readonly (number | undefined)[]): Cluster {
  const c = new Cluster({ params: { batchDelayMs: 0, checkpointInterval: 4, logWindow: 16 } });
  clocks.forEach((t, id) => {
    if (t !== undefined) c.clockMs.set(id, t);
  });
  c.start();
  return c;
}

function certTimes(c: Cluster, id: number): number[] {
  return c.node(id).ledger.map((e) => Number(e.certificate.timeMs ?? 0));
}

describe("time.ts rules", () => {
  it("time 0 leaves the digest as it was; any other time changes it", () => {
    const root = new Uint8Array(32).fill(7);
    expect(timedDigest(root, 0)).toBe(root);
    expect(bytesEqual(timedDigest(root, 1), root)).toBe(false);
    expect(bytesEqual(timedDigest(root, 1), timedDigest(root, 2))).toBe(false);
  });

  it("checkTime: above the previous time and within the bound, both ends inclusive", () => {
    expect(checkTime(T0, T0 - 1, T0, 2000)).toBe("ok");
    expect(checkTime(T0, T0, T0, 2000)).toBe("not-increasing");
    expect(checkTime(T0 + 2000, 0, T0, 2000)).toBe("ok");
    expect(checkTime(T0 + 2001, 0, T0, 2000)).toBe("too-late");
    expect(checkTime(T0 - 2000, 0, T0, 2000)).toBe("ok");
    expect(checkTime(T0 - 2001, 0, T0, 2000)).toBe("too-early");
    expect(checkTime(0, 5, T0, 2000)).toBe("not-increasing"); // a clock-less primary is refused
    expect(checkTime(0, 5, null, 2000)).toBe("ok"); // a clock-less cluster keeps working
    expect(checkTime(4, 5, null, 2000)).toBe("not-increasing");
  });

  it("proposeTime stays above the last time; recordedTime never decreases", () => {
    expect(proposeTime(T0, T0 + 10)).toBe(T0 + 11);
    expect(proposeTime(T0, 5)).toBe(T0);
    expect(proposeTime(null, 5)).toBe(0);
    expect(recordedTime(3, 9)).toBe(9);
    expect(recordedTime(10, 9)).toBe(10);
  });
});

describe("consensus time in the replica", () => {
  it("clocks within the bound: each batch is certified with the primary's time, strictly increasing", () => {
    const c = cluster([T0, T0 - 1500, T0 + 1500, T0 + 100]);
    const client = new FakeClient("a", CID);
    for (let i = 0; i < 3; i++) {
      c.submit("all", client.request(`r${i}`));
      c.deliverAll();
    }
    const times = certTimes(c, 1);
    expect(times).toEqual([T0, T0 + 1, T0 + 2]); // the primary's clock did not move: +1 each
    for (const e of c.node(2).ledger) {
      const root = batchDigest(e.requests as pbft.ClientRequest[])!;
      expect(bytesEqual(timedDigest(root, Number(e.certificate.timeMs)), e.certificate.batchDigest!)).toBe(
        true,
      );
    }
    c.assertAgreement();
  });

  it("a primary whose clock is beyond the bound is suspected at once: view change, then the next primary's time", () => {
    const c = cluster([T0 + 5000, T0, T0 + 200, T0 - 300]);
    const client = new FakeClient("a", CID);
    c.submit("all", client.request("x"));
    c.deliverAll();
    for (const id of [1, 2, 3]) {
      expect(c.rejectedReasons(id)).toContain("bad-time");
      expect(c.node(id).effects).toContainEqual({ kind: "view-change-started", view: 1, reason: "bad-time" });
      expect(c.node(id).replica.status()).toMatchObject({ view: 1, primary: 1, viewChanging: false });
    }
    // The batch was never recorded with the bad time: it committed in view 1 with primary 1's clock.
    for (const id of [1, 2, 3]) expect(certTimes(c, id)).toEqual([T0]);
    c.assertAgreement();
  });

  it("a backup refuses a time not above the slot before it (no clock needed)", () => {
    const c = cluster([]);
    const client = new FakeClient("a", CID);
    const a = [client.request("a")];
    const b = [client.request("b")];
    const pp = (seq: number, rs: pbft.ClientRequest[], timeMs: number) =>
      signAs(0, CID, {
        prePrepare: {
          view: 0,
          seq,
          batchDigest: timedDigest(batchDigest(rs)!, timeMs),
          requests: rs,
          timeMs,
        },
      });
    c.step(1, { kind: "envelope", from: 0, envelope: pp(1, a, 500) });
    expect(c.rejectedReasons(1)).toEqual([]);
    c.step(1, { kind: "envelope", from: 0, envelope: pp(2, b, 500) });
    expect(c.rejectedReasons(1)).toEqual(["bad-time"]);
  });

  it("a time that does not match the digest is a digest mismatch, not a time", () => {
    const c = cluster([T0, T0, T0, T0]);
    const client = new FakeClient("a", CID);
    const rs = [client.request("a")];
    const env = signAs(0, CID, {
      prePrepare: {
        view: 0,
        seq: 1,
        batchDigest: timedDigest(batchDigest(rs)!, T0),
        requests: rs,
        timeMs: T0 + 1,
      },
    });
    c.step(1, { kind: "envelope", from: 0, envelope: env });
    expect(c.rejectedReasons(1)).toEqual(["digest-mismatch"]);
  });

  it("a prepared batch keeps its time across a view change; times recorded never decrease", () => {
    const c = cluster([T0, T0, T0, T0]);
    const client = new FakeClient("a", CID);
    c.submit("all", client.request("first"));
    c.deliverAll();
    // Commits are lost: seq 2 is prepared everywhere, committed nowhere.
    c.drop = (_f, _t, frame) =>
      frame.envelope !== undefined &&
      frame.envelope !== null &&
      pbft.ReplicaMessage.decode(frame.envelope.payload!).kind === "commit";
    c.submit("all", client.request("prepared"));
    c.deliverAll();
    c.drop = () => false;
    // Time passes; the primary dies; the new primary re-issues seq 2 with its original time.
    for (const id of [1, 2, 3]) c.clockMs.set(id, T0 + 1000);
    c.crash(0);
    c.fireAll("request");
    c.deliverAll();
    c.submit("all", client.request("after"));
    c.deliverAll();
    const times = certTimes(c, 1);
    expect(times.slice(0, 2)).toEqual([T0, T0 + 1]);
    expect(times[2]).toBe(T0 + 1000);
    c.assertAgreement();
  });
});
