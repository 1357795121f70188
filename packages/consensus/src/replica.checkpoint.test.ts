// Checkpoints, watermarks and garbage collection (section 4.3) and state transfer (TOCS section 5.3).
import { describe, expect, it } from "vitest";
import { pbft } from "./messages.js";
import { Cluster, FakeClient, signAs } from "./testing/harness.js";

const CID = "test-cluster";
const K = 4;
const L = 8;

function cluster(params: Record<string, number> = {}): Cluster {
  const c = new Cluster({
    params: { batchDelayMs: 0, batchSizeMax: 1, checkpointInterval: K, logWindow: L, ...params },
  });
  c.start();
  return c;
}

function commitRequests(c: Cluster, client: FakeClient, count: number, to = 0): void {
  for (let i = 0; i < count; i++) {
    c.submit(to, client.request());
    c.deliverAll();
  }
}

describe("checkpoints", () => {
  it("every K executions a signed checkpoint is broadcast; 2f+1 matching make it stable, persisted with its proof", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    commitRequests(c, client, K);
    for (const n of c.nodes) {
      expect(n.effects.some((e) => e.kind === "checkpoint-stable" && e.seq === K)).toBe(true);
      expect(n.replica.status()).toMatchObject({ stableSeq: K, lowWatermark: K, highWatermark: K + L });
      expect(n.persisted!.stableSeq).toBe(K);
      expect(Buffer.from(n.persisted!.stableDigest)).toEqual(Buffer.from(n.ledger[K - 1]!.entryHash));
      expect(n.persisted!.checkpointProof.length).toBeGreaterThanOrEqual(3);
      // prepared certificates at or below the stable checkpoint are garbage-collected
      expect(n.persisted!.prepared).toHaveLength(0);
      expect(n.rejected).toEqual([]);
    }
  });

  it("a replica that lost the others' checkpoints re-sends its own on the tick and the others answer once", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    c.drop = (_from, to, frame) =>
      to === 3 &&
      !!frame.envelope &&
      pbft.ReplicaMessage.decode(frame.envelope.payload!).kind === "checkpoint";
    commitRequests(c, client, K);
    expect(c.node(3).replica.status().stableSeq).toBe(0);
    expect(c.node(0).replica.status().stableSeq).toBe(K);
    c.drop = () => false;
    expect(c.hasTimer(3, { kind: "state-transfer" })).toBe(true);
    c.fire(3, { kind: "state-transfer" });
    c.deliverAll();
    expect(c.node(3).replica.status().stableSeq).toBe(K);
    // In the normal case nothing is echoed: no replica rejected anything.
    for (const id of [0, 1, 2]) expect(c.rejectedReasons(id)).toEqual([]);
  });

  it("a checkpoint is not stable with only f+1 matching messages", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    c.drop = (from, _to, frame) => {
      if (!frame.envelope || from === 0 || from === 1) return false;
      return pbft.ReplicaMessage.decode(frame.envelope.payload!).kind === "checkpoint";
    };
    commitRequests(c, client, K);
    // 0 and 1 see only their own and each other's checkpoints: 2 < 3.
    expect(c.node(0).replica.status().stableSeq).toBe(0);
    expect(c.node(2).replica.status().stableSeq).toBe(K);
  });

  it("the primary stops assigning sequence numbers at the high watermark until a checkpoint is stable", () => {
    const c = cluster({ pipelineMax: L });
    const client = new FakeClient("a", CID);
    // Backups never receive checkpoints, so nothing becomes stable anywhere.
    c.drop = (_f, _t, frame) =>
      frame.envelope !== null &&
      frame.envelope !== undefined &&
      pbft.ReplicaMessage.decode(frame.envelope.payload!).kind === "checkpoint";
    commitRequests(c, client, L + 3);
    expect(c.node(1).ledger).toHaveLength(L);
    expect(c.node(0).replica.status().pendingRequests).toBe(3);
    c.drop = () => false;
    // Lost checkpoints are re-sent on the housekeeping tick; the window moves and the rest commits.
    c.fireAll("state-transfer");
    c.deliverAll();
    for (const n of c.nodes) expect(n.replica.status().stableSeq).toBe(L);
    expect(c.node(1).ledger).toHaveLength(L + 3);
  });

  it("the replica's memory stays bounded by the log window as the ledger grows", () => {
    const c = cluster({ pipelineMax: 4 });
    const client = new FakeClient("a", CID);
    commitRequests(c, client, 10 * L);
    for (const n of c.nodes) {
      expect(n.ledger).toHaveLength(10 * L);
      // The replica's shared state (src/replica/core.ts), read here only to measure it.
      const internals = (n.replica as unknown as { c: Record<string, Map<unknown, unknown>> }).c;
      expect(internals.log!.size).toBeLessThanOrEqual(L);
      expect(internals.voteIndex!.size).toBeLessThanOrEqual(L + 1);
      expect(internals.checkpointVotes!.size).toBeLessThanOrEqual(L / K + 1);
      expect(internals.preparedCerts!.size).toBeLessThanOrEqual(L);
      expect(internals.dispatched!.size).toBe(0);
      expect(internals.committedBatches!.size).toBe(0);
      expect(internals.pending!.size).toBe(0);
    }
  });

  it("messages outside the watermarks are rejected", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    commitRequests(c, client, K);
    const digest = new Uint8Array(32);
    const below = signAs(0, CID, { commit: { view: 0, seq: K, batchDigest: digest } });
    const above = signAs(0, CID, { commit: { view: 0, seq: K + L + 1, batchDigest: digest } });
    c.step(1, { kind: "envelope", from: 0, envelope: below });
    c.step(1, { kind: "envelope", from: 0, envelope: above });
    expect(c.rejectedReasons(1)).toEqual(["outside-watermarks", "outside-watermarks"]);
  });
});

describe("state transfer", () => {
  it("a replica that missed batches fetches them with their commit certificates and catches up", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    c.crash(3);
    commitRequests(c, client, 2 * K + 1);
    c.restart(3);
    expect(c.node(3).ledger).toHaveLength(0);
    // The next checkpoints of f+1 others show replica 3 it is behind.
    commitRequests(c, client, K);
    c.deliverAll();
    const n = c.node(3);
    expect(n.effects.some((e) => e.kind === "fetch-state")).toBe(true);
    expect(n.ledger.length).toBeGreaterThanOrEqual(3 * K);
    c.assertAgreement();
  });

  it("a forged certificate (signatures by too few members) is rejected and another peer is asked", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    c.crash(3);
    commitRequests(c, client, 2 * K);
    c.restart(3);
    const honest = c.stateServer;
    const asked: number[] = [];
    c.stateServer = (server, req, asker) => {
      asked.push(server);
      const reply = honest(server, req, asker);
      if (asked.length > 1 || reply === null) return reply;
      // The first peer asked lies: it replaces the first batch with a different one "certified" by itself alone.
      const evil = client.request("evil", 999);
      const first = reply.batches[0]!;
      const fake = pbft.CommittedBatch.create({
        seq: first.seq,
        view: 0,
        requests: [evil],
        certificate: pbft.CommitCertificate.create({
          view: 0,
          seq: first.seq,
          batchDigest: first.certificate!.batchDigest,
          commits: [first.certificate!.commits![0]!],
        }),
      });
      return pbft.StateReply.create({ batches: [fake, ...reply.batches.slice(1)], lastSeq: reply.lastSeq });
    };
    commitRequests(c, client, K);
    c.deliverAll();
    const n = c.node(3);
    expect(new Set(asked).size).toBeGreaterThanOrEqual(2);
    expect(c.rejectedReasons(3)).toContain("invalid-certificate");
    expect(n.ledger.length).toBeGreaterThanOrEqual(3 * K);
    expect(n.executedRequests.some((r) => r.endsWith("/999"))).toBe(false);
    c.assertAgreement();
  });

  it("a valid certificate with a batch that does not match its digest is rejected", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    commitRequests(c, client, 1);
    const good = c.serveFromLedger(0, { fromSeq: 1, toSeq: 1 });
    const tampered = pbft.StateReply.create({
      batches: [pbft.CommittedBatch.create({ ...good.batches[0]!, requests: [client.request("other")] })],
      lastSeq: 1,
    });
    const fresh = new Cluster({
      params: { batchDelayMs: 0, batchSizeMax: 1, checkpointInterval: K, logWindow: L },
    });
    fresh.start();
    fresh.step(1, { kind: "state-reply", from: 0, reply: tampered });
    expect(fresh.rejectedReasons(1)).toEqual(["invalid-state-reply"]);
    expect(fresh.node(1).ledger).toHaveLength(0);
    fresh.step(1, { kind: "state-reply", from: 0, reply: good });
    expect(fresh.node(1).ledger).toHaveLength(1);
  });

  it("a stable checkpoint proven in a new-view above the replica's state triggers state transfer", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    c.crash(3);
    commitRequests(c, client, K + 1);
    c.restart(3);
    c.crash(0);
    c.submit("all", client.request());
    c.deliverAll();
    c.fireAll("request");
    c.deliverAll();
    // The first peer asked may be the dead primary: the state-transfer timer moves on to another.
    for (let i = 0; i < 3; i++) {
      c.fireAll("state-transfer");
      c.deliverAll();
    }
    const n = c.node(3);
    expect(n.effects.some((e) => e.kind === "fetch-state")).toBe(true);
    expect(n.replica.status().view).toBe(1);
    expect(n.ledger.length).toBe(c.node(1).ledger.length);
    c.assertAgreement();
  });
});
