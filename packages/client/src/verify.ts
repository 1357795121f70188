// Receipts and entry proofs checked against the genesis alone (plus, for entries of a later configuration
// epoch, the epoch proof that leads there), with @noble (so the same code runs in a browser): the port of
// packages/ledger's receipt.ts. Exact signed bytes are verified first, then decoded; nothing the serving
// node says is taken on trust.
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesEqual, concat, fromBase64, toHex } from "./bytes.js";
import {
  checkCertificate,
  checkVouchers,
  entryHash,
  signedBytes,
  VerificationError,
  verifyEd25519,
} from "./certificate.js";
import { type EpochHistory, epochAt, type GenesisKeys, historyOf } from "./epochs.js";
import { bytes, type Fields, num, readFields, repeatedBytes, str } from "./proto.js";

export { entryHash, signedBytes, VerificationError, verifyEd25519 } from "./certificate.js";
export { type GenesisKeys, genesisHashOf } from "./epochs.js";

export interface VerifiedDecision {
  readonly height: number;
  /** The configuration epoch whose members certified the entry. */
  readonly epoch: number;
  /** The entry's consensus time, ms since the Unix epoch (0: none recorded). */
  readonly timeMs: number;
  readonly entryHash: string;
  readonly proposalId: string;
  readonly accepted: boolean;
  readonly reason: string;
  readonly clientKey: string;
  readonly requestNumber: number;
  /** The proposal's exact bytes, as its proposer signed them. */
  readonly proposal: Uint8Array;
  /** Members whose commits are in the certificate (2f+1 or more). */
  readonly committedBy: readonly number[];
  /** Members whose signed attestations of the entry hash came with it (f+1 or more in a receipt; none in a proof). */
  readonly attestedBy: readonly number[];
}

const leafHash = (data: Uint8Array): Uint8Array => sha256(concat(new Uint8Array([0]), data));
const nodeHash = (l: Uint8Array, r: Uint8Array): Uint8Array => sha256(concat(new Uint8Array([1]), l, r));

export function requestHash(body: Uint8Array, signature: Uint8Array): Uint8Array {
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, body.length);
  return leafHash(concat(len, body, signature));
}

/** packages/consensus merkle.ts' verifyMerkleProof: an odd last node is promoted unchanged. */
export function verifyMerkleProof(
  leaf: Uint8Array,
  index: number,
  size: number,
  path: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  let hash = leaf;
  let i = index;
  let n = size;
  let used = 0;
  while (n > 1) {
    if ((i ^ 1) < n) {
      const s = path[used++];
      if (s === undefined) return false;
      hash = (i & 1) === 0 ? nodeHash(hash, s) : nodeHash(s, hash);
    }
    i >>= 1;
    n = (n + 1) >> 1;
  }
  return used === path.length && bytesEqual(hash, root);
}

/** The raw parts of a receipt or an entry proof. */
export interface ProofParts {
  readonly requestBody: Uint8Array;
  readonly requestSignature: Uint8Array;
  readonly header: Uint8Array;
  readonly index: number;
  readonly requestProof: readonly Uint8Array[];
  readonly result: Uint8Array;
  readonly resultProof: readonly Uint8Array[];
  readonly certificate: Uint8Array;
  /** Encoded Envelopes of Attestations (a receipt's; an entry proof has none). */
  readonly attestations: readonly Uint8Array[];
}

export function receiptParts(receipt: Uint8Array): ProofParts {
  const f = readFields(receipt);
  const request = readFields(bytes(f, 1));
  return {
    requestBody: bytes(request, 1),
    requestSignature: bytes(request, 2),
    header: bytes(f, 2),
    index: num(f, 3),
    requestProof: repeatedBytes(f, 4),
    result: bytes(f, 5),
    resultProof: repeatedBytes(f, 6),
    certificate: bytes(f, 7),
    attestations: repeatedBytes(f, 8),
  };
}

/** The configuration epoch an entry header names (0 when undecodable: the check then fails anyway). */
export function headerEpoch(header: Uint8Array): number {
  try {
    return num(readFields(header), 7);
  } catch {
    return 0;
  }
}

/** An EntryProof of the API (base64 fields) as parts. */
export function entryProofParts(p: {
  requestBody: string;
  requestSignature: string;
  header: string;
  index: number;
  requestProof: readonly string[];
  result: string;
  resultProof: readonly string[];
  certificate: string;
}): ProofParts {
  return {
    requestBody: fromBase64(p.requestBody),
    requestSignature: fromBase64(p.requestSignature),
    header: fromBase64(p.header),
    index: p.index,
    requestProof: p.requestProof.map(fromBase64),
    result: fromBase64(p.result),
    resultProof: p.resultProof.map(fromBase64),
    certificate: fromBase64(p.certificate),
    attestations: [],
  };
}

/**
 * Checks every part against the epoch the entry's header names (`history`: the genesis alone, or what an
 * epoch proof reaches; historyOf): the request's signature, its place in the certified batch, the result's
 * place in the entry, a quorum of that epoch's commits, and (`needAttestations`, a receipt) f+1 of its
 * members' attestations of the entry hash, which is what ties the result to the members. The height must lie
 * in that epoch's range. Throws VerificationError.
 */
export function verifyParts(
  p: ProofParts,
  g: GenesisKeys,
  needAttestations: boolean,
  history: EpochHistory = historyOf(g),
): VerifiedDecision {
  try {
    return check(p, g, needAttestations, history);
  } catch (e) {
    // A malformed part deep inside (an envelope, a signed payload) is a failed verification too.
    if (e instanceof VerificationError) throw e;
    throw new VerificationError(`undecodable: ${(e as Error).message}`);
  }
}

function check(
  p: ProofParts,
  g: GenesisKeys,
  needAttestations: boolean,
  history: EpochHistory,
): VerifiedDecision {
  let header: Fields;
  let result: Fields;
  let body: Fields;
  try {
    header = readFields(p.header);
    result = readFields(p.result);
    body = readFields(p.requestBody);
  } catch {
    throw new VerificationError("undecodable header, result or request");
  }
  const hash = entryHash(g.clusterId, p.header);
  const height = num(header, 1);
  const epoch = num(header, 7);
  const keys = epochAt(history, epoch, height);
  const size = num(header, 6);
  const batchDigest = bytes(header, 4);
  if (
    !verifyMerkleProof(
      requestHash(p.requestBody, p.requestSignature),
      p.index,
      size,
      p.requestProof,
      batchDigest,
    )
  )
    throw new VerificationError("the request is not in the batch");
  if (!verifyMerkleProof(leafHash(p.result), p.index, size, p.resultProof, bytes(header, 5)))
    throw new VerificationError("the result is not in the entry");
  // Certificate: a quorum of the entry's epoch's members committing to exactly (view, seq = height, batch
  // digest, epoch); the digest binds the batch's consensus time (issue 18).
  const committedBy = checkCertificate(keys, p.certificate, height, batchDigest);
  const attestedBy = checkVouchers(keys, p.attestations, height, hash, false);
  if (needAttestations && attestedBy.length < keys.f + 1)
    throw new VerificationError(`${attestedBy.length} attestations, ${keys.f + 1} needed`);
  const clientKey = bytes(body, 2);
  const clusterId = str(body, 1);
  if (clusterId !== g.clusterId) throw new VerificationError(`the request is for cluster ${clusterId}`);
  if (!verifyEd25519(clientKey, signedBytes("request", clusterId, p.requestBody), p.requestSignature))
    throw new VerificationError("bad proposer signature");
  return {
    height,
    epoch,
    timeMs: num(header, 9),
    entryHash: toHex(hash),
    proposalId: str(result, 3),
    accepted: num(result, 1) === 1,
    reason: str(result, 2),
    clientKey: toHex(clientKey),
    requestNumber: num(body, 3),
    proposal: bytes(body, 4),
    committedBy,
    attestedBy,
  };
}

/**
 * A receipt (its encoded bytes, as the API's `receipt` field holds in base64) checked in full. A receipt
 * of epoch e > 0 needs `epochProof` (GET /v1/config/proof) reaching epoch e; with a proof, an entry must also
 * lie within its epoch's heights.
 */
export function verifyReceipt(
  receipt: Uint8Array | string,
  g: GenesisKeys,
  epochProof?: unknown,
): VerifiedDecision {
  let parts: ProofParts;
  try {
    parts = receiptParts(typeof receipt === "string" ? fromBase64(receipt) : receipt);
  } catch {
    throw new VerificationError("undecodable receipt");
  }
  return verifyParts(parts, g, true, historyOf(g, epochProof));
}
