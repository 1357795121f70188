import { type Event, pbft, type ReplicaId } from "@pbft/consensus";
import { describe, expect, it } from "vitest";
import { ReadinessTracker } from "./readiness.js";

function tracker(state: { running: boolean; height: number; peers: number[]; t?: number }) {
  return new ReadinessTracker({
    self: 0 as ReplicaId,
    f: 1,
    checkpointInterval: 64,
    stateQuietMs: 1200,
    running: () => state.running,
    height: () => state.height,
    connectedPeers: () => state.peers,
    now: () => state.t ?? 0,
  });
}

function checkpoint(from: number, seq: number): Event {
  const payload = pbft.ReplicaMessage.encode({
    checkpoint: { seq, stateDigest: new Uint8Array(32) },
  }).finish();
  return {
    kind: "envelope",
    from: from as ReplicaId,
    envelope: pbft.Envelope.create({ payload, signer: from, signature: new Uint8Array(64) }),
  };
}

function prepare(from: number, seq: number): Event {
  const payload = pbft.ReplicaMessage.encode({
    prepare: { view: 0, seq, batchDigest: new Uint8Array(32) },
  }).finish();
  return {
    kind: "envelope",
    from: from as ReplicaId,
    envelope: pbft.Envelope.create({ payload, signer: from, signature: new Uint8Array(64) }),
  };
}

function stateReply(from: number, lastSeq: number, batches: number): Event {
  return {
    kind: "state-reply",
    from: from as ReplicaId,
    reply: pbft.StateReply.create({
      lastSeq,
      batches: Array.from({ length: batches }, (_, i) => pbft.CommittedBatch.create({ seq: i + 1 })),
    }),
  };
}

describe("readiness", () => {
  it("needs 2f connected peers (2f+1 with itself)", () => {
    const s = { running: true, height: 0, peers: [1, 2, 3] };
    const r = tracker(s);
    expect(r.check()).toEqual({ ready: true, reasons: [] });
    s.peers = [1, 2];
    expect(r.check().ready).toBe(true);
    s.peers = [1];
    expect(r.check()).toEqual({
      ready: false,
      reasons: [{ code: "no-quorum", connectedPeers: [1], needed: 2 }],
    });
  });

  it("counts the epoch's real quorum: with 5 members (f = 1) a commit needs 4 votes, so 3 links", () => {
    const peers = [1, 2];
    const r = new ReadinessTracker({
      self: 0 as ReplicaId,
      f: 1,
      quorum: 4,
      checkpointInterval: 64,
      stateQuietMs: 1200,
      running: () => true,
      height: () => 0,
      connectedPeers: () => peers,
      now: () => 0,
    });
    expect(r.check()).toEqual({
      ready: false,
      reasons: [{ code: "no-quorum", connectedPeers: [1, 2], needed: 3 }],
    });
    peers.push(4);
    expect(r.check().ready).toBe(true);
  });

  it("is behind when f+1 other members claim a checkpoint one interval or more ahead; one liar is not enough", () => {
    const s = { running: true, height: 100, peers: [1, 2, 3] };
    const r = tracker(s);
    r.onEvent(checkpoint(3, 1_000_000)); // one member (maybe Byzantine) claims a lot
    r.onEvent(prepare(2, 500)); // not a progress claim
    expect(r.check().ready).toBe(true);
    r.onEvent(checkpoint(1, 128));
    expect(r.check().ready).toBe(true); // 2nd highest claim 128 < 100 + 64
    r.onEvent(checkpoint(2, 192));
    expect(r.check()).toEqual({
      ready: false,
      reasons: [{ code: "catching-up", height: 100, clusterHeight: 192, receivingState: false }],
    });
    r.onEvent(checkpoint(0, 10_000)); // its own: ignored
    s.height = 129;
    expect(r.check().ready).toBe(true);
  });

  it("is behind while state transfer batches arrive, and for a while after", () => {
    const s = { running: true, height: 0, peers: [1, 2, 3], t: 0 };
    const r = tracker(s);
    r.onEvent(stateReply(1, 3, 0)); // a probe answered with nothing: not catching up
    expect(r.check().ready).toBe(true);
    r.onEvent(stateReply(1, 3, 3));
    s.t = 1000;
    expect(r.check().reasons).toEqual([
      { code: "catching-up", height: 0, clusterHeight: 0, receivingState: true },
    ]);
    s.t = 1300;
    s.height = 3;
    expect(r.check().ready).toBe(true);
  });

  it("is not ready while stopping", () => {
    const r = tracker({ running: false, height: 0, peers: [1, 2, 3] });
    expect(r.check().reasons).toEqual([{ code: "stopping" }]);
  });
});
