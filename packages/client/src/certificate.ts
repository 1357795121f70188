// The signed messages every check rests on (port of packages/ledger certificate.ts and epoch-proof.ts'
// vouchers, with @noble so that it runs in a browser): envelopes opened against the members of ONE epoch,
// commit certificates, and the attestations or checkpoints members sign over an entry hash. Each check
// names the epoch whose keys it used, so a signature of an old epoch's key after its boundary is refused.
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesEqual, concat, fromHex, utf8 } from "./bytes.js";
import { bytes, type Fields, num, readFields, repeatedBytes } from "./proto.js";

export class VerificationError extends Error {
  constructor(readonly problem: string) {
    super(`not verified: ${problem}`);
    this.name = "VerificationError";
  }
}

/** The voters of one epoch: what a certificate, an attestation or a head of that epoch is checked against. */
export interface EpochKeys {
  readonly epoch: number;
  /** The first height this epoch governs (1 for the genesis). */
  readonly startHeight: number;
  /** SHA-256 of the configuration's canonical JSON (epoch 0: the genesis hash), hex. */
  readonly hash: string;
  readonly clusterId: string;
  readonly f: number;
  /** Commits (and head signatures) needed: ceil((n + f + 1) / 2), 2f+1 when n = 3f+1. */
  readonly quorum: number;
  /** Vote public keys by member id, hex. */
  readonly members: readonly string[];
  /** Proposer public keys of the epoch, hex. */
  readonly proposers: readonly string[];
}

/** @pbft/consensus quorumOf. */
export function quorumOf(n: number, f: number): number {
  return Math.ceil((n + f + 1) / 2);
}

type Kind = "replica" | "request" | "entry";
export function signedBytes(kind: Kind, clusterId: string, b: Uint8Array): Uint8Array {
  return concat(utf8.encode(`pbft/v1/${kind}\u0000${clusterId}\u0000`), b);
}

export function verifyEd25519(publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    // Strict RFC 8032 (as node:crypto on the nodes), not ZIP-215.
    return ed25519.verify(signature, data, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

export function entryHash(clusterId: string, header: Uint8Array): Uint8Array {
  return sha256(signedBytes("entry", clusterId, header));
}

export interface Envelope {
  readonly payload: Uint8Array;
  readonly signer: number;
  readonly signature: Uint8Array;
}
export const envelope = (b: Uint8Array): Envelope => {
  const f = readFields(b);
  return { payload: bytes(f, 1), signer: num(f, 2), signature: bytes(f, 3) };
};

/** ReplicaMessage oneof field numbers. */
export const COMMIT = 3;
export const CHECKPOINT = 4;
export const ATTESTATION = 7;

/** The signed ReplicaMessage's oneof field `which` of an envelope verified against `keys`' epoch. */
export function open(keys: EpochKeys, env: Envelope, which: number): Fields {
  const key = keys.members[env.signer];
  if (key === undefined)
    throw new VerificationError(`signer ${env.signer} is not a member of epoch ${keys.epoch}`);
  if (!verifyEd25519(fromHex(key), signedBytes("replica", keys.clusterId, env.payload), env.signature))
    throw new VerificationError(`bad signature from member ${env.signer} of epoch ${keys.epoch}`);
  return inner(env, which);
}

function inner(env: Envelope, which: number): Fields {
  const v = readFields(env.payload).get(which)?.at(-1);
  if (!(v instanceof Uint8Array)) throw new VerificationError(`member ${env.signer} signed another message`);
  return readFields(v);
}

const TIMED_BATCH_TAG = utf8.encode("pbft/v1/timed-batch\0");

/** The batch digest commits sign: the Merkle root for time 0, else SHA-256(tag || root || time as u64 BE). */
export function timedDigest(root: Uint8Array, timeMs: number): Uint8Array {
  if (timeMs === 0) return root;
  const t = new Uint8Array(8);
  new DataView(t.buffer).setBigUint64(0, BigInt(timeMs));
  return sha256(concat(TIMED_BATCH_TAG, root, t));
}

/**
 * A commit certificate (encoded) for the batch at `height` whose requests' Merkle root is `root`: of
 * `keys`' epoch, quorum distinct members' commits of exactly (view, height, timedDigest(root, time), epoch).
 * Returns the members who committed; throws VerificationError.
 */
export function checkCertificate(
  keys: EpochKeys,
  certificate: Uint8Array,
  height: number,
  root: Uint8Array,
): number[] {
  const cert = readFields(certificate);
  const view = num(cert, 1);
  const epoch = num(cert, 5);
  if (epoch !== keys.epoch)
    throw new VerificationError(
      `a certificate of epoch ${epoch}, but epoch ${keys.epoch} is in force at height ${height}`,
    );
  const certified = timedDigest(root, num(cert, 6));
  if (num(cert, 2) !== height || !bytesEqual(bytes(cert, 3), certified))
    throw new VerificationError("the certificate is for another batch");
  const commits = repeatedBytes(cert, 4).map(envelope);
  if (commits.length > keys.members.length) throw new VerificationError("more commits than members");
  const committed = new Set<number>();
  for (const env of commits) {
    const c = open(keys, env, COMMIT);
    if (
      num(c, 1) !== view ||
      num(c, 2) !== height ||
      !bytesEqual(bytes(c, 3), certified) ||
      num(c, 4) !== keys.epoch
    )
      throw new VerificationError(`the commit of member ${env.signer} does not match`);
    if (committed.has(env.signer)) throw new VerificationError(`two commits of member ${env.signer}`);
    committed.add(env.signer);
  }
  if (committed.size < keys.quorum)
    throw new VerificationError(`${committed.size} commits, ${keys.quorum} needed in epoch ${keys.epoch}`);
  return [...committed].sort((a, b) => a - b);
}

/**
 * Members of `keys`' epoch who signed (height, hash, epoch): Attestations, and with `checkpoints` also
 * Checkpoints (state_digest), as a boundary's stable checkpoint proof holds them. Distinct signers, sorted.
 */
export function checkVouchers(
  keys: EpochKeys,
  envelopes: readonly Uint8Array[],
  height: number,
  hash: Uint8Array,
  checkpoints: boolean,
): number[] {
  const seen = new Set<number>();
  for (const raw of envelopes) {
    const env = envelope(raw);
    const msg = readFields(env.payload);
    const which = checkpoints && msg.has(CHECKPOINT) && !msg.has(ATTESTATION) ? CHECKPOINT : ATTESTATION;
    const a = open(keys, env, which);
    if (num(a, 1) !== height || !bytesEqual(bytes(a, 2), hash) || num(a, 3) !== keys.epoch)
      throw new VerificationError(
        `member ${env.signer} signed something else than (${height}, the entry, epoch ${keys.epoch})`,
      );
    seen.add(env.signer);
  }
  return [...seen].sort((a, b) => a - b);
}
