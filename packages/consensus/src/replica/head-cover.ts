// State transfer under a signed head (issue 20). Verifying every fetched batch's commit certificate (2f+1
// signatures) and client signatures costs ~4 Ed25519 verifications per entry, most of a catch-up's CPU.
// A signed head (a stable checkpoint's 2f+1 Checkpoint envelopes) binds the entry hash at its height, and
// each EntryHeader binds the entry before it (prev_hash) and its batch (batch_digest: the Merkle root over
// the request hashes, which cover each request's body and signature, and the certificate's time). So once
// the head's signatures verify against the members of its epoch, the headers that chain by hashes up to its
// entry hash are the certified ones, and a batch whose recomputed digest is its header's is the certified
// batch: no signature of it needs checking (Certificate Transparency's clients do the same with one signed
// tree head). What a head cannot vouch for is the certificate stored beside the entry (it is evidence, not
// in the entry hash): its fields are checked against the header, its signatures are left to `ledger verify`.
import { type CertContext, verifyCheckpointProof } from "../certificate.js";
import { decodeMsg } from "../codec.js";
import { bytesEqual, HASH_BYTES, sha256, toHex } from "../hashing.js";
import { pbft } from "../messages.js";
import { signedBytes } from "../signing.js";
import { recordedTime, timedDigest } from "../time.js";
import type { Verifier } from "../types.js";

/**
 * Under a verified head the client signatures are vouched for (each request's bytes, signature included, are
 * in the batch's Merkle root, which its header chains to the head), so they are not checked again. The
 * commit certificate's signatures still are: the certificate is stored beside its entry, outside the entry
 * hash, so a head cannot vouch for it, and a node that stored a forged one would fail its own `ledger
 * verify` and serve receipts that clients refuse.
 */
export function headVouched(verifier: Verifier): Verifier {
  return {
    verifyReplica: (epoch, signer, bytes, signature) =>
      verifier.verifyReplica(epoch, signer, bytes, signature),
    verifyClient: () => true,
  };
}

/** The headers of a reply that chain up to a verified head: by height. */
export interface HeadCover {
  /** The head's height: every header from `from` up to it is vouched for. */
  readonly height: number;
  readonly from: number;
  readonly headers: readonly pbft.EntryHeader[];
}

/** What checking a reply's head found: a cover, nothing to use (check per batch), or a refusal. */
export type HeadCoverResult =
  | { readonly kind: "cover"; readonly cover: HeadCover }
  | { readonly kind: "none" }
  | { readonly kind: "refused"; readonly reason: "invalid-checkpoint" | "invalid-state-reply" };

/** The epoch facts a head is checked with (the core's view of its epochs). */
export interface HeadEpochs {
  readonly clusterId: string;
  /** The context of the known epoch numbered `epoch`, else null. */
  contextOfEpoch(epoch: number): CertContext | null;
  /** The number of the known epoch in force at `seq`, else null. */
  epochNumberAt(seq: number): number | null;
}

/** Heads whose signatures verified (epoch/height/entry hash), so that a head serving many replies costs once. */
export class VerifiedHeads {
  private readonly keys: string[] = [];
  private static readonly MAX = 16;

  has(key: string): boolean {
    return this.keys.includes(key);
  }

  add(key: string): void {
    this.keys.push(key);
    if (this.keys.length > VerifiedHeads.MAX) this.keys.shift();
  }
}

const NONE = { kind: "none" } as const;

/** The entry hash of header bytes, as the ledger defines it (packages/ledger entry.ts). */
export function headerHash(clusterId: string, header: Uint8Array): Uint8Array {
  return sha256(signedBytes("entry", clusterId, header));
}

/** A reply's head whose signatures verified, and the raw headers from its first batch up to the head. */
export interface VerifiedHead {
  readonly kind: "head";
  readonly height: number;
  readonly entryHash: Uint8Array;
  readonly from: number;
  readonly raw: readonly Uint8Array[];
}

/**
 * Checks a reply's head and the chain of its headers. "none" when the reply carries no head, or one this
 * replica cannot check yet (an epoch it does not know, a batch without a header): the batches are then
 * checked one by one as before. "refused" when the head's signatures do not verify with its epoch's members,
 * or the headers do not chain by hashes up to its entry hash (an altered entry).
 */
export function checkHeadCover(
  reply: pbft.StateReply,
  epochs: HeadEpochs,
  verified: VerifiedHeads,
): HeadCoverResult {
  const head = verifyHead(reply, epochs, verified);
  return head.kind === "head" ? chainToHead(head, epochs.clusterId) : head;
}

/** The reply's head, its 2f+1 signatures verified with its epoch's members (see checkHeadCover). */
export function verifyHead(
  reply: pbft.StateReply,
  epochs: HeadEpochs,
  verified: VerifiedHeads,
): VerifiedHead | Exclude<HeadCoverResult, { kind: "cover" }> {
  const proof = reply.headProof ?? [];
  const batches = reply.batches ?? [];
  if (!Array.isArray(proof) || proof.length === 0 || batches.length === 0) return NONE;
  const payload = proof[0]?.payload;
  if (!(payload instanceof Uint8Array)) return { kind: "refused", reason: "invalid-checkpoint" };
  const decoded = decodeMsg(payload);
  if (!decoded.ok || decoded.value.kind !== "checkpoint")
    return { kind: "refused", reason: "invalid-checkpoint" };
  const { seq: height, digest, epoch } = decoded.value;
  const ctx = epochs.contextOfEpoch(epoch);
  // A head of an epoch we do not know, or not the one we know in force at its height (a boundary we have not
  // executed): nothing to check it with yet.
  if (ctx === null || epochs.epochNumberAt(height) !== epoch) return NONE;
  const key = `${epoch}/${height}/${toHex(digest)}`;
  if (!verified.has(key)) {
    if (!verifyCheckpointProof(proof as pbft.Envelope[], height, digest, ctx))
      return { kind: "refused", reason: "invalid-checkpoint" };
    verified.add(key);
  }
  // The headers from the first batch up to the head: each batch's, then the ones after the last batch.
  const raw: Uint8Array[] = [];
  for (const b of batches) {
    if (!(b?.header instanceof Uint8Array) || b.header.length === 0) return NONE; // an older server
    raw.push(b.header);
  }
  for (const h of reply.headHeaders ?? []) {
    if (!(h instanceof Uint8Array)) return { kind: "refused", reason: "invalid-state-reply" };
    raw.push(h);
  }
  const from = Number(batches[0]!.seq ?? 0);
  if (!Number.isSafeInteger(from) || from < 1 || from + raw.length - 1 !== height)
    return { kind: "refused", reason: "invalid-state-reply" };
  return { kind: "head", height, entryHash: digest, from, raw };
}

/**
 * Backwards from the head: the last header hashes to its entry hash, each earlier one to the prev_hash of
 * the one after it. Collision resistance then makes every header the certified one.
 */
export function chainToHead(head: VerifiedHead, clusterId: string): HeadCoverResult {
  const { raw, from, height } = head;
  const headers: pbft.EntryHeader[] = new Array(raw.length);
  let expected = head.entryHash;
  for (let i = raw.length - 1; i >= 0; i--) {
    const bytes = raw[i]!;
    if (!bytesEqual(headerHash(clusterId, bytes), expected))
      return { kind: "refused", reason: "invalid-state-reply" };
    const h = decodeHeader(bytes, from + i);
    if (h === null) return { kind: "refused", reason: "invalid-state-reply" };
    headers[i] = h;
    expected = h.prevHash;
  }
  return { kind: "cover", cover: { height, from, headers } };
}

/** A header's bytes decoded, if they are one at `height` with a prev hash; else null. */
export function decodeHeader(bytes: Uint8Array, height: number): pbft.EntryHeader | null {
  let h: pbft.EntryHeader;
  try {
    h = pbft.EntryHeader.decode(bytes);
  } catch {
    return null;
  }
  const prev = h.prevHash;
  if (Number(h.height ?? 0) !== height || !(prev instanceof Uint8Array) || prev.length !== HASH_BYTES)
    return null;
  return h;
}

/**
 * What a vouched-for header says of its batch that the batch must match: its height, epoch and request
 * count; its batch digest (the requests' Merkle root) is the one the certificate's digest binds with the
 * certificate's time (checkBatch recomputed that from the requests); and its time is what the ledger will
 * record from the certificate's time after `prevTimeMs` (a certificate time altered there would change the
 * entry this replica appends, and the decisions made at that time). The chain of headers was checked by
 * checkHeadCover.
 */
export function matchesHeader(
  header: pbft.EntryHeader,
  batch: {
    readonly seq: number;
    readonly epoch: number;
    readonly requestCount: number;
    readonly certDigest: Uint8Array;
    readonly certTimeMs: number;
    readonly prevTimeMs: number;
  },
): boolean {
  return (
    Number(header.height ?? 0) === batch.seq &&
    Number(header.epoch ?? 0) === batch.epoch &&
    (header.requestCount ?? 0) === batch.requestCount &&
    header.batchDigest instanceof Uint8Array &&
    header.batchDigest.length === HASH_BYTES &&
    bytesEqual(timedDigest(header.batchDigest, batch.certTimeMs), batch.certDigest) &&
    Number(header.timeMs ?? 0) === recordedTime(batch.certTimeMs, batch.prevTimeMs)
  );
}
