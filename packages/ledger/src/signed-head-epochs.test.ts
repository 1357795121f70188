// Signed heads of a later epoch (issue 16 x 17): signed by that epoch's members, they verify with the
// epoch's configuration (from a ledger's epoch history or a verified epoch proof) and fail without it, or
// when signed by another epoch's members.
import { sign } from "node:crypto";
import { pbft, sha256, signedBytes } from "@pbft/consensus";
import { describe, expect, it } from "vitest";
import { type ClusterConfig, clusterConfigHash, parseClusterConfig } from "./cluster-config.js";
import { type TestKey, testKey } from "./config-testing.js";
import {
  epochConfigs,
  type HeadErrorCode,
  headFromProof,
  type SignedHead,
  verifySignedHead,
} from "./signed-head.js";
import { makeFixture } from "./test-fixture.js";

const fx = makeFixture("test-cluster", true);
const ENTRY = sha256(new Uint8Array([1]));
const ROOT = sha256(new Uint8Array([2]));
const newKeys = [0, 1, 2, 3].map((i) => testKey(`epoch-1-member-${i}`));
// Epoch 1: every member rotated its vote key (a rotation of the whole cluster).
const epoch1: ClusterConfig = parseClusterConfig({
  ...JSON.parse(JSON.stringify(fx.cluster)),
  members: fx.cluster.members.map((m, i) => ({ ...m, votePublicKey: newKeys[i]!.hex })),
});

function headOf(epoch: number, keys: readonly TestKey[]): SignedHead {
  const genesisHash = Buffer.from(clusterConfigHash(fx.cluster), "hex");
  const payload = pbft.ReplicaMessage.encode({
    checkpoint: { seq: 16, stateDigest: ENTRY, treeRoot: ROOT, genesisHash, epoch },
  }).finish();
  const proof = [0, 1, 2].map((m) =>
    pbft.Envelope.create({
      payload,
      signer: m,
      signature: sign(null, signedBytes("replica", fx.cluster.clusterId, payload), keys[m]!.privateKey),
    }),
  );
  const h = headFromProof(fx.cluster.clusterId, proof);
  if (h === null) throw new Error("no head");
  return h;
}

function codeOf(head: SignedHead, epochs?: ReadonlyMap<number, ClusterConfig>): HeadErrorCode | "ok" {
  try {
    verifySignedHead(head, fx.cluster, epochs);
    return "ok";
  } catch (e) {
    return (e as { code: HeadErrorCode }).code;
  }
}

describe("signed heads across epochs", () => {
  const epochs = epochConfigs([
    { epoch: 0, config: fx.cluster },
    { epoch: 1, config: epoch1 },
  ]);

  it("a head of epoch 1 signed by epoch 1's members verifies with that epoch's configuration", () => {
    const h = headOf(1, newKeys);
    expect(h.epoch).toBe(1);
    expect(codeOf(h, epochs)).toBe("ok");
  });

  it("without the epoch's configuration it is refused as unknown-epoch, naming the epoch", () => {
    expect(codeOf(headOf(1, newKeys))).toBe("unknown-epoch");
    expect(() => verifySignedHead(headOf(1, newKeys), fx.cluster)).toThrow(/epoch 1/);
  });

  it("signed by the wrong epoch's members it fails: genesis keys on an epoch 1 head, and the reverse", () => {
    const genesisKeys: readonly TestKey[] = fx.members;
    expect(codeOf(headOf(1, genesisKeys), epochs)).toBe("bad-signature");
    expect(codeOf(headOf(0, newKeys), epochs)).toBe("bad-signature");
    expect(codeOf(headOf(0, genesisKeys), epochs)).toBe("ok");
  });
});
