// Test fixture: a cluster of 4 members with real Ed25519 keys (node:crypto), a proposer, and helpers that
// sign requests and commit certificates the way consensus does.
import { sign } from "node:crypto";
import { pbft, signedBytes, timedDigest } from "@pbft/consensus";
import { type ClusterConfig, clusterConfigHash, parseClusterConfig } from "./cluster-config.js";
import { type TestKey, testKey } from "./config-testing.js";
import { batchDigestOf } from "./entry.js";

export type KeyPair = TestKey;

/** A fresh key pair, or a deterministic one from `seed` (so a child process can rebuild the same cluster). */
export function keyPair(seed?: number): KeyPair {
  return testKey(seed);
}

export interface Fixture {
  readonly cluster: ClusterConfig;
  readonly members: readonly KeyPair[];
  readonly proposer: KeyPair;
  request(proposal: unknown, number: number, client?: KeyPair, clusterId?: string): pbft.ClientRequest;
  certify(
    view: number,
    seq: number,
    requests: readonly pbft.IClientRequest[],
    signers?: readonly number[],
    timeMs?: number,
  ): pbft.CommitCertificate;
  attest(member: number, seq: number, entryHash: Uint8Array): pbft.Envelope;
  /** Any replica message signed by a member (checkpoints for signed heads). */
  envelope(member: number, msg: pbft.IReplicaMessage): pbft.Envelope;
  /** A stable checkpoint's proof as members sign it (a signed head once headFromProof reads it). */
  checkpointProof(
    seq: number,
    entryHash: Uint8Array,
    treeRoot: Uint8Array,
    signers?: readonly number[],
    fields?: Partial<pbft.ICheckpoint>,
  ): pbft.Envelope[];
}

export function makeFixture(clusterId = "test-cluster", seeded = false): Fixture {
  const members = [0, 1, 2, 3].map((i) => keyPair(seeded ? i + 1 : undefined));
  const proposer = keyPair(seeded ? 99 : undefined);
  const cluster = parseClusterConfig({
    version: 1,
    clusterId,
    f: 1,
    members: members.map((k, i) => ({
      id: i,
      name: `node${i}`,
      peerId: `peer${i}`,
      addresses: [`/ip4/127.0.0.1/tcp/${7100 + i}`],
      votePublicKey: k.hex,
    })),
    proposers: [{ name: "cli", publicKey: proposer.hex }],
  });
  const envelope = (member: number, msg: pbft.IReplicaMessage): pbft.Envelope => {
    const payload = pbft.ReplicaMessage.encode(msg).finish();
    const signature = sign(null, signedBytes("replica", clusterId, payload), members[member]!.privateKey);
    return pbft.Envelope.create({ payload, signer: member, signature });
  };
  return {
    cluster,
    members,
    proposer,
    request(proposal, number, client = proposer, cid = clusterId) {
      const text = typeof proposal === "string" ? proposal : JSON.stringify(proposal);
      const body = pbft.RequestBody.encode({
        clusterId: cid,
        clientKey: client.publicKey,
        requestNumber: number,
        proposal: Buffer.from(text, "utf8"),
      }).finish();
      const signature = sign(null, signedBytes("request", cid, body), client.privateKey);
      return pbft.ClientRequest.create({ body, signature });
    },
    certify(view, seq, requests, signers = [0, 1, 2], timeMs = 0) {
      // The commits sign the requests' root bound to the batch's time, as the core's do (issue 18).
      const batchDigest = timedDigest(batchDigestOf(requests), timeMs);
      return pbft.CommitCertificate.create({
        view,
        seq,
        batchDigest,
        timeMs,
        commits: signers.map((m) => envelope(m, { commit: { view, seq, batchDigest } })),
      });
    },
    attest(member, seq, entryHash) {
      return envelope(member, { attestation: { seq, entryHash } });
    },
    envelope,
    checkpointProof(seq, entryHash, treeRoot, signers = [0, 1, 2], fields = {}) {
      const genesisHash = Buffer.from(clusterConfigHash(cluster), "hex");
      const checkpoint = { seq, stateDigest: entryHash, treeRoot, genesisHash, ...fields };
      return signers.map((m) => envelope(m, { checkpoint }));
    },
  };
}
