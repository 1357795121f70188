// Configuration epochs (issue 16): the switch at the boundary and not before, null batches up to a pending
// boundary, the vote deferral, a rotated key, a removed member's votes refused, a joining member
// state-transferred and then voting.
import { describe, expect, it } from "vitest";
import { decodeMsg, type ReplicaMsg } from "./codec.js";
import { resolveParams } from "./config.js";
import { EMPTY_ROOT } from "./merkle.js";
import { pbft } from "./messages.js";
import { Cluster, type ClusterOptions, FakeClient, signAs } from "./testing/harness.js";
import type { Effect, EpochInfo, ReplicaId } from "./types.js";

const CID = "test-cluster";
const K = 4;
const PARAMS = { batchDelayMs: 0, batchSizeMax: 1, checkpointInterval: K, logWindow: 2 * K, pipelineMax: 8 };

/** Epoch 1 with `n` members from seq 5; node i is member i if i < n. */
function epoch1(n: number, node: ReplicaId): EpochInfo {
  return { epoch: 1, startSeq: K + 1, n, selfId: node < n ? node : null, params: resolveParams(PARAMS) };
}

/** A change approved at seq 2 (boundary 4); epoch 1 has n1 members. */
function cluster(n0: number, n1: number, extra: Partial<ClusterOptions> = {}): Cluster {
  const c = new Cluster({
    n: n0,
    nodes: Math.max(n0, n1),
    params: PARAMS,
    reconfig: (node, seq) =>
      seq >= 2 && seq < K ? { pendingBoundary: K } : seq === K ? { nextEpoch: epoch1(n1, node) } : undefined,
    ...extra,
  });
  c.start();
  return c;
}

function sent(effects: readonly Effect[]): ReplicaMsg[] {
  const out: ReplicaMsg[] = [];
  for (const e of effects)
    if ((e.kind === "broadcast" || e.kind === "send") && e.frame.envelope) {
      const m = decodeMsg(e.frame.envelope.payload ?? new Uint8Array());
      if (m.ok) out.push(m.value);
    }
  return out;
}

function entered(effects: readonly Effect[]): number[] {
  return effects.flatMap((e) => (e.kind === "epoch-entered" ? [e.epoch] : []));
}

function commit(c: Cluster, client: FakeClient, count: number, to: ReplicaId = 0): void {
  for (let i = 0; i < count; i++) {
    c.submit(to, client.request());
    c.deliverAll();
  }
}

describe("configuration epochs", () => {
  it("a quiet cluster pads null batches up to the boundary, switches there, and runs the next epoch", () => {
    const c = cluster(4, 4);
    const client = new FakeClient("a", CID);
    commit(c, client, 2); // approved at 2: boundary 4, then nothing more to order
    for (const n of c.nodes) {
      expect(n.ledger.map((e) => e.requests.length)).toEqual([1, 1, 0, 0]); // 3 and 4: null batches
      expect(entered(n.effects)).toEqual([1]);
      expect(n.replica.status()).toMatchObject({ epoch: 1, stableSeq: K, pendingBoundary: null });
    }
    commit(c, client, 1);
    for (const n of c.nodes) {
      const e = n.ledger[K]!;
      expect(e.seq).toBe(K + 1);
      expect(e.certificate.epoch).toBe(1);
      for (const env of e.certificate.commits)
        expect(decodeMsg(env.payload!)).toMatchObject({ value: { epoch: 1 } });
      expect(n.rejected).toEqual([]);
    }
    c.assertAgreement();
  });

  it("without an approved change nothing is padded and no epoch starts", () => {
    const c = new Cluster({ n: 4, params: PARAMS });
    c.start();
    commit(c, new FakeClient("a", CID), 2);
    for (const n of c.nodes) {
      expect(n.ledger).toHaveLength(2);
      expect(n.replica.status().epoch).toBe(0);
    }
  });

  it("switches only once the boundary's checkpoint is stable, not when the boundary is executed", () => {
    const c = cluster(4, 4);
    const isCheckpoint = (f: pbft.ReplicaFrame) =>
      !!f.envelope && pbft.ReplicaMessage.decode(f.envelope.payload!).kind === "checkpoint";
    c.drop = (_from, to, f) => to === 3 && isCheckpoint(f);
    commit(c, new FakeClient("a", CID), 2);
    const lagging = c.node(3);
    expect(lagging.ledger).toHaveLength(K);
    expect(lagging.replica.status()).toMatchObject({ epoch: 0, stableSeq: 0, pendingBoundary: K });
    expect(entered(lagging.effects)).toEqual([]);
    // The others switched; what they send in epoch 1 is kept by the lagging one, not refused.
    commit(c, new FakeClient("b", CID), 1);
    expect(lagging.rejected.filter((r) => r.reason === "wrong-epoch")).toEqual([]);
    c.drop = () => false;
    c.fire(3, { kind: "state-transfer" }); // re-sends its checkpoint; the others answer with theirs
    c.deliverAll();
    expect(lagging.replica.status()).toMatchObject({ epoch: 1, stableSeq: K });
    expect(entered(lagging.effects)).toEqual([1]);
    c.fireAll("state-transfer");
    c.deliverAll();
    expect(lagging.ledger).toHaveLength(K + 1);
    c.assertAgreement();
  });

  it("a cluster restarted after executing the boundary, before its checkpoint was stable, still switches", () => {
    const genesis: EpochInfo = { ...epoch1(4, 0), epoch: 0, startSeq: 1 };
    const c = cluster(4, 4, {
      restoredEpochs: (node, seq) =>
        seq >= K ? { epochs: [{ ...genesis, selfId: node }, epoch1(4, node)] } : { pendingBoundary: K },
    });
    const isCheckpoint = (f: pbft.ReplicaFrame) =>
      !!f.envelope && pbft.ReplicaMessage.decode(f.envelope.payload!).kind === "checkpoint";
    c.drop = (_from, _to, f) => isCheckpoint(f); // every checkpoint vote is lost, then every process
    commit(c, new FakeClient("a", CID), 2);
    for (const n of c.nodes)
      expect(n.replica.status()).toMatchObject({ epoch: 0, lastExecutedSeq: K, stableSeq: 0 });
    c.drop = () => false;
    for (const n of c.nodes) c.crash(n.id);
    c.wire = [];
    for (const n of c.nodes) c.restart(n.id);
    c.deliverAll();
    for (const n of c.nodes) expect(n.replica.status()).toMatchObject({ epoch: 1, stableSeq: K });
    // The restarted primary left its view; the backups suspect the silent view when the request times out.
    c.submit("all", new FakeClient("b", CID).request());
    c.deliverAll();
    for (let round = 0; round < 4 && c.nodes.some((n) => n.ledger.length === K); round++) {
      c.fireAll("request");
      c.deliverAll();
      c.fireAll("view-change");
      c.deliverAll();
      c.fireAll("state-transfer"); // the old primary, alone in a later view, fetches what the others committed
      c.deliverAll();
    }
    for (const n of c.nodes) expect(n.ledger).toHaveLength(K + 1);
    c.assertAgreement();
  });

  it("defers its votes for seqs whose epoch it cannot know yet, and sends them once execution reaches them", () => {
    const c = new Cluster({ n: 4, params: PARAMS });
    c.start();
    c.crash(2); // its votes are needed
    c.holdExecution.add(3); // its ledger lags: it knows the epoch of seqs up to K only
    const client = new FakeClient("a", CID);
    commit(c, client, K + 2);
    const votes = (seqMin: number) =>
      sent(c.node(3).effects).flatMap((m) =>
        (m.kind === "prepare" || m.kind === "commit") && m.seq >= seqMin ? [m] : [],
      );
    expect(votes(1).some((m) => m.seq <= K)).toBe(true);
    expect(votes(K + 1)).toEqual([]);
    expect(c.node(0).ledger).toHaveLength(K); // K+1 and K+2 wait for its votes
    c.holdExecution.delete(3);
    c.releaseExecution(3);
    c.deliverAll();
    expect(votes(K + 1).map((m) => `${m.kind}/${m.seq}`)).toEqual(
      expect.arrayContaining([`prepare/${K + 1}`, `prepare/${K + 2}`, `commit/${K + 1}`, `commit/${K + 2}`]),
    );
    expect(c.node(0).ledger).toHaveLength(K + 2);
  });

  it("the primary orders nothing beyond the first multiple of K above its execution", () => {
    const c = new Cluster({ n: 4, params: { ...PARAMS, pipelineMax: 8 } });
    c.start();
    c.holdExecution.add(0);
    const client = new FakeClient("a", CID);
    for (let i = 0; i < 6; i++) c.submit(0, client.request());
    c.deliverAll();
    const ordered = sent(c.node(0).effects).flatMap((m) => (m.kind === "pre-prepare" ? [m.seq] : []));
    expect(ordered).toEqual([1, 2, 3, 4]);
  });

  it("a retransmission after the switch is answered with the attestation of the entry's epoch", () => {
    const c = cluster(4, 4);
    const client = new FakeClient("a", CID);
    c.submit("all", client.request());
    c.deliverAll();
    const approval = client.request(); // completes the change at seq 2: the boundary is 4
    c.submit("all", approval);
    c.deliverAll();
    const attestationOf = (e: { attestation: pbft.Envelope }) => decodeMsg(e.attestation.payload!);
    for (const n of c.nodes) {
      expect(n.replica.status()).toMatchObject({ epoch: 1 });
      const first = n.replies.find((r) => r.seq === 2)!;
      expect(attestationOf(first)).toMatchObject({ value: { kind: "attestation", seq: 2, epoch: 0 } });
      n.replies = [];
      c.submit(n.id, approval); // the client heard too few replies and sends the request again
      // The reply cache answers with the attestation signed at execution (epoch 0, as the entry's header):
      // one signed now would name epoch 1, which no client counts nor a receipt can carry.
      expect(n.replies).toHaveLength(1);
      expect(attestationOf(n.replies[0]!)).toMatchObject({ value: { seq: 2, epoch: 0 } });
      expect(n.replies[0]!.attestation).toBe(first.attestation);
    }
    // A request executed by a state transfer was attested by the members that ordered it: a member that
    // only fetched it signs no attestation of an epoch it no longer signs in.
    const late = cluster(4, 4);
    late.drop = (_from, to) => to === 3;
    const other = new FakeClient("b", CID);
    const toOthers = (r: pbft.ClientRequest) => {
      for (const id of [0, 1, 2]) late.submit(id, r);
      late.deliverAll();
    };
    toOthers(other.request());
    const again = other.request();
    toOthers(again);
    late.drop = () => false;
    for (let i = 0; i < 6 && late.node(3).replica.status().epoch === 0; i++) {
      late.fire(3, { kind: "state-transfer" });
      late.deliverAll();
    }
    const fetched = late.node(3);
    expect(fetched.replica.status()).toMatchObject({ epoch: 1, lastExecutedSeq: K });
    fetched.replies = [];
    late.submit(3, again);
    expect(fetched.replies).toEqual([]);
  });

  it("a rotated key signs the next epoch: the old key's votes are refused from the boundary on", () => {
    const keysOf = (epoch: number) => (epoch >= 1 ? ["0", "1", "2-rotated", "3"] : ["0", "1", "2", "3"]);
    const keyOf = (node: ReplicaId, epoch: number) => (node === 2 && epoch >= 1 ? "2-rotated" : String(node));
    const c = cluster(4, 4, { keysOf, keyOf });
    commit(c, new FakeClient("a", CID), 3);
    expect(c.node(2).ledger[K]!.certificate.epoch).toBe(1);
    const vote = { view: 0, seq: K + 1, batchDigest: EMPTY_ROOT, epoch: 1 };
    c.step(1, { kind: "envelope", from: 2, envelope: signAs(2, CID, { prepare: vote }, "2") });
    c.step(1, {
      kind: "envelope",
      from: 2,
      envelope: signAs(2, CID, { prepare: { ...vote, epoch: 0 } }, "2"),
    });
    expect(c.rejectedReasons(1)).toEqual(["bad-signature", "wrong-epoch"]);
  });

  it("a removed member becomes an observer: it votes no more and its messages are refused", () => {
    const c = cluster(5, 4);
    const client = new FakeClient("a", CID);
    commit(c, client, 2);
    const removed = c.node(4);
    expect(removed.replica.status()).toMatchObject({ id: null, epoch: 1, members: 4 });
    const before = removed.effects.length;
    commit(c, client, 2);
    expect(sent(removed.effects.slice(before))).toEqual([]);
    expect(c.node(0).ledger).toHaveLength(K + 2);
    const late = signAs(4, CID, { commit: { view: 0, seq: K + 1, batchDigest: EMPTY_ROOT, epoch: 1 } });
    const refused = c.node(0).rejected.length;
    c.step(0, { kind: "envelope", from: 4, envelope: late });
    expect(c.rejectedReasons(0).slice(refused)).toEqual(["not-member"]);
  });

  it("a joining member is state-transferred to the boundary, then votes in the new epoch", () => {
    const c = cluster(4, 5);
    c.drop = (_from, to) => to === 4; // it hears nothing but answers to its own state requests
    const client = new FakeClient("a", CID);
    commit(c, client, 2);
    const joiner = c.node(4);
    expect(joiner.replica.status()).toMatchObject({ id: null, epoch: 0 });
    expect(sent(joiner.effects)).toEqual([]);
    for (let i = 0; i < 6 && joiner.replica.status().epoch === 0; i++) {
      c.fire(4, { kind: "state-transfer" });
      c.deliverAll();
    }
    expect(joiner.ledger).toHaveLength(K);
    expect(joiner.replica.status()).toMatchObject({ id: 4, epoch: 1, members: 5 });
    c.drop = () => false;
    c.crash(3); // n = 5 needs 4 votes: without the joiner's nothing commits
    commit(c, client, 1);
    expect(c.node(0).ledger).toHaveLength(K + 1);
    expect(joiner.ledger).toHaveLength(K + 1);
    const signers = c.node(0).ledger[K]!.certificate.commits.map((e) => e.signer);
    expect(signers).toContain(4);
    c.assertAgreement();
  });
});
