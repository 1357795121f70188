// Signed heads (issue 17): a checkpoint carries the node's tree root over entry hashes 1..seq and the
// genesis hash, and a stable checkpoint's proof is a quorum of identical ones, so it is a signed head. A
// member that signs another tree root is left out of the proof.
import { describe, expect, it } from "vitest";
import { type CertContext, verifyCheckpointProof } from "./certificate.js";
import { decodeMsg } from "./codec.js";
import { quorumOf } from "./config.js";
import { sha256 } from "./hashing.js";
import { historyLeaf } from "./log-tree.js";
import { merkleRoot } from "./merkle.js";
import { pbft } from "./messages.js";
import { Cluster, FakeClient, signAs } from "./testing/harness.js";

const CID = "test-cluster";
const K = 4;
const GENESIS = sha256(new TextEncoder().encode("genesis"));

function run(tamper: Cluster["tamper"]): Cluster {
  const c = new Cluster({
    params: { batchDelayMs: 0, batchSizeMax: 1, checkpointInterval: K, logWindow: 8 },
    genesisHash: GENESIS,
  });
  c.tamper = tamper;
  c.start();
  const client = new FakeClient("a", CID);
  for (let i = 0; i < K; i++) {
    c.submit(0, client.request());
    c.deliverAll();
  }
  return c;
}

function certificateContextFor(c: Cluster): CertContext {
  return {
    clusterId: c.cluster.clusterId,
    epoch: 0,
    n: c.cluster.n,
    verifier: c.verifier,
    quorum: quorumOf(c.cluster),
  };
}

function stableProof(c: Cluster, id: number): readonly pbft.Envelope[] {
  const e = c.node(id).effects.find((x) => x.kind === "checkpoint-stable" && x.seq === K);
  if (e?.kind !== "checkpoint-stable") throw new Error(`member ${id}: no stable checkpoint at ${K}`);
  return e.proof;
}

describe("signed heads", () => {
  it("the stable checkpoint's proof carries the tree root over the entry hashes and the genesis hash", () => {
    const c = run(null);
    const root = merkleRoot(c.node(0).ledger.map((x) => historyLeaf(x.entryHash)));
    for (const n of c.nodes) {
      const proof = stableProof(c, n.id);
      expect(proof.length).toBeGreaterThanOrEqual(3);
      for (const env of proof) {
        const m = decodeMsg(env.payload);
        expect(m.ok && m.value.kind === "checkpoint").toBe(true);
        if (!m.ok || m.value.kind !== "checkpoint") continue;
        expect(Buffer.from(m.value.treeRoot!)).toEqual(Buffer.from(root));
        expect(Buffer.from(m.value.genesisHash!)).toEqual(Buffer.from(GENESIS));
      }
      expect(
        verifyCheckpointProof(proof, K, c.node(0).ledger[K - 1]!.entryHash, certificateContextFor(c)),
      ).toBe(true);
    }
  });

  it("a member signing another tree root for the right entry hash is not counted in the head", () => {
    const c = run((from, _to, frame) => {
      if (from !== 3 || !frame.envelope) return frame;
      const msg = pbft.ReplicaMessage.decode(frame.envelope.payload!);
      if (msg.kind !== "checkpoint") return frame;
      const forged = { checkpoint: { ...msg.checkpoint!, treeRoot: sha256(new Uint8Array([9])) } };
      return pbft.ReplicaFrame.create({ envelope: signAs(3, CID, forged) });
    });
    for (const id of [0, 1, 2]) {
      const proof = stableProof(c, id);
      expect(proof.map((e) => e.signer).sort()).toEqual([0, 1, 2]);
    }
  });

  it("a proof whose envelopes disagree on the tree root is not a valid checkpoint proof", () => {
    const c = run(null);
    const proof = stableProof(c, 0);
    const m = pbft.ReplicaMessage.decode(proof[0]!.payload);
    const other = signAs(proof[0]!.signer, CID, {
      checkpoint: { ...m.checkpoint!, treeRoot: sha256(new Uint8Array([7])) },
    });
    const mixed = [other, ...proof.slice(1)];
    const ctx = certificateContextFor(c);
    expect(verifyCheckpointProof(mixed, K, c.node(0).ledger[K - 1]!.entryHash, ctx)).toBe(false);
  });
});
