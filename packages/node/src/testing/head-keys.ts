// Test support: a 4-member cluster with real Ed25519 vote keys (node:crypto), and signed heads made the way
// a stable checkpoint's proof makes them, for tests of code that checks heads (witness, the node's keeper).
import { generateKeyPairSync, sign } from "node:crypto";
import { fromHex, pbft, signedBytes } from "@pbft/consensus";
import { type ClusterConfig, clusterConfigHash, parseClusterConfig } from "@pbft/ledger";

export interface HeadKeys {
  readonly cluster: ClusterConfig;
  /** A stable checkpoint's proof: members' checkpoints over (height, entryHash, treeRoot). */
  proof(
    height: number,
    entryHash: Uint8Array,
    treeRoot: Uint8Array,
    signers?: readonly number[],
  ): pbft.Envelope[];
}

export function headKeys(clusterId = "w"): HeadKeys {
  const keys = [0, 1, 2, 3].map(() => generateKeyPairSync("ed25519"));
  const cluster = parseClusterConfig({
    version: 1,
    clusterId,
    f: 1,
    members: keys.map((k, i) => ({
      id: i,
      name: `n${i}`,
      peerId: `p${i}`,
      addresses: ["/ip4/127.0.0.1/tcp/1"],
      votePublicKey: Buffer.from(k.publicKey.export({ format: "der", type: "spki" }).subarray(12)).toString(
        "hex",
      ),
    })),
    proposers: [],
  });
  const genesisHash = fromHex(clusterConfigHash(cluster));
  return {
    cluster,
    proof(height, entryHash, treeRoot, signers = [0, 1, 2]) {
      const checkpoint = { seq: height, stateDigest: entryHash, treeRoot, genesisHash };
      const payload = pbft.ReplicaMessage.encode({ checkpoint }).finish();
      return signers.map((m) =>
        pbft.Envelope.create({
          payload,
          signer: m,
          signature: sign(null, signedBytes("replica", clusterId, payload), keys[m]!.privateKey),
        }),
      );
    },
  };
}
