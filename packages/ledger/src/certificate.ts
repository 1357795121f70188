// Commit certificates and attestations checked against the members of one epoch's configuration (the
// genesis for epoch 0): exact payload bytes verified first, then decoded. Every message names its epoch, and
// only the members of that epoch sign for it.
import { bytesEqual, pbft, quorumOf, signedBytes, timedDigest } from "@pbft/consensus";
import type { ClusterConfig } from "./cluster-config.js";
import { verifyEd25519 } from "./ed25519.js";

export interface ClusterKeys {
  readonly clusterId: string;
  /** The epoch whose members these are (0: the genesis). */
  readonly epoch: number;
  readonly f: number;
  readonly quorum: number;
  readonly memberKeys: readonly Uint8Array[];
  readonly proposers: ReadonlySet<string>;
}

export function clusterKeys(c: ClusterConfig & { readonly epoch?: number }): ClusterKeys {
  return {
    clusterId: c.clusterId,
    epoch: c.epoch ?? 0,
    f: c.f,
    quorum: quorumOf({ clusterId: c.clusterId, n: c.members.length, f: c.f }),
    memberKeys: c.members.map((m) => Buffer.from(m.votePublicKey, "hex")),
    proposers: new Set(c.proposers.map((p) => p.publicKey)),
  };
}

function openEnvelope(keys: ClusterKeys, env: pbft.IEnvelope): pbft.ReplicaMessage | string {
  const signer = env.signer ?? 0;
  const key = keys.memberKeys[signer];
  if (key === undefined) return `signer ${signer} is not a member`;
  const payload = env.payload ?? new Uint8Array();
  if (!verifyEd25519(key, signedBytes("replica", keys.clusterId, payload), env.signature ?? new Uint8Array()))
    return `bad signature from member ${signer}`;
  try {
    return pbft.ReplicaMessage.decode(payload);
  } catch {
    return `undecodable payload from member ${signer}`;
  }
}

/**
 * null when the certificate holds >= 2f+1 valid, distinct commits for exactly (view, seq, digest), where
 * `root` is the Merkle root of the batch's requests (the header's batch_digest) and the commits sign it
 * bound to the certificate's time (consensus time.ts: timedDigest; time 0 leaves the root as it is).
 */
export function checkCertificate(
  keys: ClusterKeys,
  cert: pbft.ICommitCertificate | null | undefined,
  view: number,
  seq: number,
  root: Uint8Array,
): string | null {
  if (!cert) return "missing certificate";
  const timeMs = Number(cert.timeMs ?? 0);
  if (!Number.isSafeInteger(timeMs) || timeMs < 0) return "certificate time is not a time";
  const digest = timedDigest(root, timeMs);
  if (Number(cert.epoch ?? 0) !== keys.epoch)
    return `certificate of epoch ${Number(cert.epoch ?? 0)}, but epoch ${keys.epoch} is in force at seq ${seq}`;
  if (
    Number(cert.view) !== view ||
    Number(cert.seq) !== seq ||
    !bytesEqual(cert.batchDigest ?? new Uint8Array(), digest)
  )
    return "certificate is for another (view, seq, digest)";
  const commits = cert.commits ?? [];
  if (commits.length > keys.memberKeys.length) return "more commits than members";
  const seen = new Set<number>();
  for (const env of commits) {
    const msg = openEnvelope(keys, env);
    if (typeof msg === "string") return msg;
    const c = msg.commit;
    if (
      !c ||
      Number(c.epoch) !== keys.epoch ||
      Number(c.view) !== view ||
      Number(c.seq) !== seq ||
      !bytesEqual(c.batchDigest ?? new Uint8Array(), digest)
    )
      return `commit from member ${env.signer ?? 0} does not match`;
    if (seen.has(env.signer ?? 0)) return `duplicate commit from member ${env.signer ?? 0}`;
    seen.add(env.signer ?? 0);
  }
  if (seen.size < keys.quorum) return `only ${seen.size} commits, need ${keys.quorum}`;
  return null;
}

/** The number of distinct members validly attesting (seq, entryHash); a string names the first bad one. */
export function checkAttestations(
  keys: ClusterKeys,
  envs: readonly pbft.IEnvelope[],
  seq: number,
  entryHash: Uint8Array,
): string | null {
  const seen = new Set<number>();
  for (const env of envs) {
    const msg = openEnvelope(keys, env);
    if (typeof msg === "string") return msg;
    const a = msg.attestation;
    if (
      !a ||
      Number(a.seq) !== seq ||
      Number(a.epoch) !== keys.epoch ||
      !bytesEqual(a.entryHash ?? new Uint8Array(), entryHash)
    )
      return `attestation from member ${env.signer ?? 0} is for another entry`;
    seen.add(env.signer ?? 0);
  }
  if (seen.size < keys.f + 1) return `only ${seen.size} distinct attestations, need ${keys.f + 1}`;
  return null;
}
