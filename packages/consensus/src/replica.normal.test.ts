// Normal-case operation (Castro & Liskov, section 4.2): batching, three phases, in-order execution,
// exactly-once execution with a reply cache, relaying requests to the primary.
import { describe, expect, it } from "vitest";
import { pbft } from "./messages.js";
import { Cluster, FakeClient } from "./testing/harness.js";

const CID = "test-cluster";

function cluster(params: Record<string, number> = {}): Cluster {
  const c = new Cluster({ params: { batchDelayMs: 5, checkpointInterval: 4, logWindow: 16, ...params } });
  c.start();
  return c;
}

describe("normal case", () => {
  it("start() persists the initial state before anything else", () => {
    const c = new Cluster();
    const effects = c.nodes[0]!.replica.start();
    expect(effects[0]?.kind).toBe("persist");
  });

  it("a request sent to the primary commits on all replicas with a 2f+1 commit certificate and f+1 replies", () => {
    const c = cluster({ batchDelayMs: 0 });
    const client = new FakeClient("a", CID);
    c.submit(0, client.request());
    c.deliverAll();
    for (const n of c.nodes) {
      expect(n.ledger.map((e) => e.seq)).toEqual([1]);
      expect(n.ledger[0]!.certificate.commits.length).toBeGreaterThanOrEqual(3);
      expect(n.replies).toHaveLength(1);
      expect(n.replies[0]!.requestNumber).toBe(1);
      expect(n.rejected).toEqual([]);
    }
    c.assertAgreement();
  });

  it("a lone request is pre-prepared at once when nothing is in flight, without the batch timer", () => {
    const c = cluster({ batchDelayMs: 50 });
    const client = new FakeClient("a", CID);
    c.submit(0, client.request());
    // The pre-prepare left in the same step: one frame to each backup, and no batch timer armed.
    expect(c.wire.filter((w) => w.kind === "frame" && w.from === 0).map((w) => w.to)).toEqual([1, 2, 3]);
    expect(c.hasTimer(0, { kind: "batch" })).toBe(false);
    c.deliverAll();
    expect(c.nodes[1]!.ledger.map((e) => e.requests.length)).toEqual([1]);
    // Idle again: the next lone request goes at once too.
    c.submit(0, client.request());
    expect(c.hasTimer(0, { kind: "batch" })).toBe(false);
    c.deliverAll();
    expect(c.nodes[1]!.ledger.map((e) => e.requests.length)).toEqual([1, 1]);
    c.assertAgreement();
  });

  it("behind a batch in flight the primary fills batches to batchSizeMax and cuts a partial one on the batch timer", () => {
    const c = cluster({ batchSizeMax: 3 });
    const client = new FakeClient("a", CID);
    for (let i = 0; i < 5; i++) c.submit(0, client.request());
    // The first went alone (idle pipeline), the next three filled a batch, the fifth waits behind them.
    expect(c.hasTimer(0, { kind: "batch" })).toBe(true);
    c.fire(0, { kind: "batch" });
    c.deliverAll();
    expect(c.nodes[1]!.ledger.map((e) => e.requests.length)).toEqual([1, 3, 1]);
    c.assertAgreement();
  });

  it("a partial batch behind batches in flight is cut when the pipeline empties, if the timer has not fired", () => {
    const c = cluster({ batchSizeMax: 3, batchDelayMs: 1000 });
    const client = new FakeClient("a", CID);
    for (let i = 0; i < 3; i++) c.submit(0, client.request());
    expect(c.hasTimer(0, { kind: "batch" })).toBe(true);
    c.deliverAll(); // the first batch executes: nothing in flight, so the waiting two go without the timer
    expect(c.nodes[1]!.ledger.map((e) => e.requests.length)).toEqual([1, 2]);
    c.assertAgreement();
  });

  it("a batch never exceeds batchBytesMax", () => {
    const c = cluster({ batchSizeMax: 100, batchBytesMax: 1000 });
    const client = new FakeClient("a", CID);
    for (let i = 0; i < 10; i++) c.submit(0, client.request("x".repeat(300)));
    c.fireAll("batch");
    c.deliverAll();
    c.fireAll("batch");
    c.deliverAll();
    const sizes = c.nodes[1]!.ledger.map((e) => e.requests.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10);
    for (const e of c.nodes[1]!.ledger) {
      const bytes = e.requests.reduce((s, r) => s + r.body.length + r.signature.length, 0);
      expect(bytes).toBeLessThanOrEqual(1000);
    }
  });

  it("the primary keeps at most pipelineMax batches in flight", () => {
    const c = cluster({ batchSizeMax: 1, pipelineMax: 2 });
    const client = new FakeClient("a", CID);
    for (let i = 0; i < 5; i++) c.submit(0, client.request());
    const prePrepares = c.wire.filter((w) => w.kind === "frame" && w.to === 1).length;
    expect(prePrepares).toBe(2);
    c.deliverAll();
    expect(c.nodes[2]!.ledger).toHaveLength(5);
  });

  it("executes strictly in sequence order when messages arrive out of order", () => {
    const c = cluster({ batchSizeMax: 1 });
    const client = new FakeClient("a", CID);
    for (let i = 0; i < 6; i++) c.submit(0, client.request());
    // Deliver the network in reverse order, repeatedly.
    for (let round = 0; round < 100 && c.wire.length > 0; round++) {
      const w = c.wire;
      c.wire = [];
      for (const x of w.reverse()) {
        c.wire = [x, ...c.wire];
        c.deliverOne();
      }
    }
    c.deliverAll();
    for (const n of c.nodes) expect(n.ledger.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    c.assertAgreement();
  });

  it("a backup relays a request the client gave it alone when its relay timer fires, and its request timer is cancelled on execution", () => {
    const c = cluster({ batchDelayMs: 0 });
    const client = new FakeClient("a", CID);
    c.submit(2, client.request());
    const relays = () => c.wire.filter((w) => w.kind === "frame" && w.from === 2 && w.to === 0).length;
    // Not at once: clients send each request to every member, so the primary normally has it.
    expect(relays()).toBe(0);
    const key = `${client.hex}/1`;
    expect(c.hasTimer(2, { kind: "request", key })).toBe(true);
    expect(c.hasTimer(2, { kind: "relay" })).toBe(true);
    c.fire(2, { kind: "relay" });
    expect(relays()).toBe(1);
    expect(c.hasTimer(2, { kind: "relay" })).toBe(false); // nothing else waits
    c.deliverAll();
    expect(c.hasTimer(2, { kind: "request", key })).toBe(false);
    for (const n of c.nodes) expect(n.ledger).toHaveLength(1);
  });

  it("a request the primary ordered before the relay timer fired is never relayed", () => {
    const c = cluster({ batchDelayMs: 0 });
    const client = new FakeClient("a", CID);
    c.submit("all", client.request());
    c.deliverAll();
    for (const id of [1, 2, 3]) c.fire(id, { kind: "relay" });
    const relayed = c.wire.filter((w) => w.kind === "frame" && w.to === 0);
    expect(relayed).toEqual([]);
    for (const n of c.nodes) expect(n.ledger).toHaveLength(1);
  });

  it("a client's retransmission to a backup is relayed at once, without waiting for the relay timer", () => {
    const c = cluster({ batchDelayMs: 0 });
    const client = new FakeClient("a", CID);
    const req = client.request();
    c.submit(2, req);
    expect(c.wire.filter((w) => w.kind === "frame" && w.from === 2 && w.to === 0)).toHaveLength(0);
    c.submit(2, req);
    expect(c.wire.filter((w) => w.kind === "frame" && w.from === 2 && w.to === 0)).toHaveLength(1);
    c.fire(2, { kind: "relay" }); // already relayed: not again
    expect(c.wire.filter((w) => w.kind === "frame" && w.from === 2 && w.to === 0)).toHaveLength(1);
    c.deliverAll();
    for (const n of c.nodes) expect(n.ledger).toHaveLength(1);
  });

  it("the relay timer relays only the requests that waited the relay delay, and is re-armed for the others", () => {
    const c = cluster({ batchDelayMs: 0, requestTimeoutMs: 400 }); // relay delay 100 ms
    c.clockMs.set(2, 1000);
    const a = new FakeClient("a", CID);
    const b = new FakeClient("b", CID);
    c.submit(2, a.request());
    c.clockMs.set(2, 1060);
    c.submit(2, b.request());
    c.clockMs.set(2, 1100);
    c.fire(2, { kind: "relay" });
    const relayed = () =>
      c.wire.flatMap((w) =>
        w.kind === "frame" && w.from === 2 && w.to === 0 ? [pbft.ReplicaFrame.decode(w.bytes)] : [],
      );
    expect(relayed()).toHaveLength(1);
    const timer = c
      .node(2)
      .effects.filter((e) => e.kind === "set-timer" && e.timer.kind === "relay")
      .at(-1);
    expect(timer).toMatchObject({ afterMs: 60 }); // b waited 40 of its 100 ms
    c.clockMs.set(2, 1160);
    c.fire(2, { kind: "relay" });
    expect(relayed()).toHaveLength(2);
  });

  it("executes each (client, number) once; a retransmission gets the cached reply again without being ordered", () => {
    const c = cluster({ batchDelayMs: 0 });
    const client = new FakeClient("a", CID);
    const req = client.request();
    c.submit("all", req);
    c.deliverAll();
    for (const n of c.nodes) expect(n.ledger).toHaveLength(1);
    const before = c.nodes.map((n) => n.replies.length);
    c.submit("all", req);
    c.deliverAll();
    for (const n of c.nodes) {
      expect(n.ledger).toHaveLength(1);
      expect(n.replies.length).toBe(before[n.id]! + 1);
      const last = n.replies.at(-1)!;
      expect(last.seq).toBe(1);
      // The re-signed attestation is byte-identical to the first one.
      expect(Buffer.from(last.attestation.payload)).toEqual(Buffer.from(n.replies[0]!.attestation.payload));
    }
  });

  it("a request in flight is not ordered twice, and a request already executed in a batch is a no-op for the ledger rule", () => {
    const c = cluster({ batchSizeMax: 10 });
    const client = new FakeClient("a", CID);
    const req = client.request();
    c.submit(0, req);
    c.submit(0, req);
    expect(c.rejectedReasons(0)).toEqual([]); // the protocol's own redundancy, not a refusal
    c.fireAll("batch");
    c.deliverAll();
    expect(c.nodes[1]!.ledger[0]!.requests).toHaveLength(1);
  });

  it("reply effects carry the attestation signed by the replica for (seq, entry hash)", () => {
    const c = cluster({ batchDelayMs: 0 });
    const client = new FakeClient("a", CID);
    c.submit(0, client.request());
    c.deliverAll();
    const n = c.nodes[3]!;
    const msg = pbft.ReplicaMessage.decode(n.replies[0]!.attestation.payload);
    expect(msg.attestation?.seq).toBe(1);
    expect(Buffer.from(msg.attestation!.entryHash!)).toEqual(Buffer.from(n.ledger[0]!.entryHash));
    expect(n.replies[0]!.attestation.signer).toBe(3);
  });

  it("status() reports view, primary, watermarks and progress", () => {
    const c = cluster({ batchDelayMs: 0 });
    const client = new FakeClient("a", CID);
    c.submit(0, client.request());
    c.deliverAll();
    expect(c.nodes[1]!.replica.status()).toMatchObject({
      id: 1,
      view: 0,
      primary: 0,
      viewChanging: false,
      lastExecutedSeq: 1,
      stableSeq: 0,
      lowWatermark: 0,
      highWatermark: 16,
      pendingRequests: 0,
      inFlightBatches: 0,
    });
  });
});
