// Verification of the quorum certificates that travel inside messages: checkpoint proofs, prepared
// proofs and commit certificates. Each nested envelope is verified over its exact bytes like a top-level
// one; a certificate counts distinct members only, and any invalid envelope in it invalidates it.
import {
  type CheckpointMsg,
  type CommitMsg,
  type EpochContext,
  fail,
  ok,
  openEnvelope,
  type PrepareMsg,
  type Result,
} from "./codec.js";
import { bytesEqual, HASH_BYTES } from "./hashing.js";
import { leafSlots, rootOfLeafSlots } from "./merkle.js";
import type { pbft } from "./messages.js";
import { requestHashInto } from "./signing.js";
import { timedDigest } from "./time.js";
import type { ReplicaId } from "./types.js";

/** One epoch's members and keys (every nested envelope must name that epoch) and its quorum. */
export interface CertContext extends EpochContext {
  /** Votes that make a quorum (the replica's quorumSize()). */
  readonly quorum: number;
}

/** The Merkle root over a batch's request leaves, or null when a request lacks its bytes. */
export function batchDigest(requests: readonly pbft.ClientRequest[]): Uint8Array | null {
  for (const r of requests)
    if (!(r?.body instanceof Uint8Array) || !(r.signature instanceof Uint8Array)) return null;
  const slots = leafSlots(requests.length);
  for (let i = 0; i < requests.length; i++)
    requestHashInto(requests[i]!.body, requests[i]!.signature, slots, i * HASH_BYTES);
  return rootOfLeafSlots(requests.length);
}

/**
 * 2f+1 checkpoint envelopes from distinct members for (seq, digest), agreeing on the tree root and genesis
 * hash too (set or not), so that a proof that carries them is a signed head. seq 0 (genesis) needs no proof.
 */
export function verifyCheckpointProof(
  proof: readonly pbft.Envelope[],
  seq: number,
  digest: Uint8Array,
  ctx: CertContext,
): boolean {
  if (seq === 0) return proof.length === 0;
  if (digest.length !== HASH_BYTES || proof.length > ctx.n) return false;
  const seen = new Set<ReplicaId>();
  let first: CheckpointMsg | undefined;
  for (const env of proof) {
    const opened = openEnvelope(env, ctx);
    if (!opened.ok || opened.value.msg.kind !== "checkpoint") return false;
    const m = opened.value.msg as CheckpointMsg;
    if (m.seq !== seq || !bytesEqual(m.digest, digest) || seen.has(opened.value.signer)) return false;
    first ??= m;
    if (!sameHeadFields(first, m)) return false;
    seen.add(opened.value.signer);
  }
  return seen.size >= ctx.quorum;
}

const NONE = new Uint8Array(0);

function sameHeadFields(a: CheckpointMsg, b: CheckpointMsg): boolean {
  return (
    bytesEqual(a.treeRoot ?? NONE, b.treeRoot ?? NONE) &&
    bytesEqual(a.genesisHash ?? NONE, b.genesisHash ?? NONE)
  );
}

export interface CheckedPrepared {
  readonly view: number;
  readonly seq: number;
  readonly digest: Uint8Array;
  readonly requests: readonly pbft.ClientRequest[];
  /** The pre-prepare's time (0 = none), bound into digest. */
  readonly timeMs: number;
  readonly proof: pbft.PreparedProof;
}

/**
 * A pre-prepare signed by its view's primary and quorum-1 matching prepares from distinct other members;
 * the batch must hash to the digest. `viewBelow` and the seq range bound what the proof may claim.
 */
export function verifyPreparedProof(
  proof: pbft.PreparedProof | null | undefined,
  viewBelow: number,
  seqAbove: number,
  seqAtMost: number,
  ctx: CertContext,
): Result<CheckedPrepared> {
  if (proof === null || proof === undefined || typeof proof !== "object") return fail("malformed");
  const pp = openEnvelope(proof.prePrepare, ctx);
  if (!pp.ok) return fail(pp.reason);
  const m = pp.value.msg;
  if (m.kind !== "pre-prepare") return fail("malformed");
  if (m.view >= viewBelow || m.seq <= seqAbove || m.seq > seqAtMost) return fail("outside-watermarks");
  if (pp.value.signer !== m.view % ctx.n) return fail("not-primary");
  const root = batchDigest(m.requests);
  if (root === null || !bytesEqual(timedDigest(root, m.timeMs ?? 0), m.digest))
    return fail("digest-mismatch");
  const prepares = proof.prepares ?? [];
  if (prepares.length > ctx.n) return fail("malformed");
  const seen = new Set<ReplicaId>();
  for (const env of prepares) {
    const opened = openEnvelope(env, ctx);
    if (!opened.ok) return fail(opened.reason);
    if (opened.value.msg.kind !== "prepare") return fail("malformed");
    const p = opened.value.msg as PrepareMsg;
    const who = opened.value.signer;
    if (p.view !== m.view || p.seq !== m.seq || !bytesEqual(p.digest, m.digest))
      return fail("digest-mismatch");
    if (who === pp.value.signer || seen.has(who)) return fail("duplicate");
    seen.add(who);
  }
  if (seen.size < ctx.quorum - 1) return fail("invalid-certificate");
  return ok({
    view: m.view,
    seq: m.seq,
    digest: m.digest,
    requests: m.requests,
    timeMs: m.timeMs ?? 0,
    proof,
  });
}

export interface CheckedCertificate {
  readonly view: number;
  readonly seq: number;
  readonly digest: Uint8Array;
}

/** Quorum matching Commit envelopes from distinct members for (view, seq, batch_digest). */
export function verifyCommitCertificate(
  cert: pbft.CommitCertificate.$Properties | null | undefined,
  ctx: CertContext,
): Result<CheckedCertificate> {
  if (cert === null || cert === undefined || typeof cert !== "object") return fail("invalid-certificate");
  const { view, seq, batchDigest: digest } = cert;
  if ((cert.epoch ?? 0) !== ctx.epoch) return fail("wrong-epoch");
  if (
    typeof view !== "number" ||
    typeof seq !== "number" ||
    !Number.isSafeInteger(view) ||
    !Number.isSafeInteger(seq) ||
    seq <= 0 ||
    view < 0 ||
    !(digest instanceof Uint8Array) ||
    digest.length !== HASH_BYTES
  )
    return fail("invalid-certificate");
  const commits = cert.commits ?? [];
  if (commits.length > ctx.n) return fail("invalid-certificate");
  const seen = new Set<ReplicaId>();
  for (const env of commits) {
    const opened = openEnvelope(env, ctx);
    if (!opened.ok || opened.value.msg.kind !== "commit") return fail("invalid-certificate");
    const c = opened.value.msg as CommitMsg;
    if (c.view !== view || c.seq !== seq || !bytesEqual(c.digest, digest)) return fail("invalid-certificate");
    if (seen.has(opened.value.signer)) return fail("invalid-certificate");
    seen.add(opened.value.signer);
  }
  if (seen.size < ctx.quorum) return fail("invalid-certificate");
  return ok({ view, seq, digest });
}
