// Receipts and entry proofs checked against the genesis alone, with @noble (so the same code runs in a
// browser): the port of packages/ledger's receipt.ts and certificate.ts. Exact signed bytes are verified
// first, then decoded; nothing the serving node says is taken on trust.
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesEqual, concat, fromBase64, fromHex, toHex, utf8 } from "./bytes.js";
import { bytes, type Fields, num, readFields, repeatedBytes, str } from "./proto.js";

/** What verification needs from a genesis (cluster.json). */
export interface GenesisKeys {
  readonly clusterId: string;
  readonly f: number;
  readonly members: readonly { readonly votePublicKey: string }[];
  readonly proposers: readonly { readonly publicKey: string }[];
}

export interface VerifiedDecision {
  readonly height: number;
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

export class VerificationError extends Error {
  constructor(readonly problem: string) {
    super(`not verified: ${problem}`);
    this.name = "VerificationError";
  }
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

const leafHash = (data: Uint8Array): Uint8Array => sha256(concat(new Uint8Array([0]), data));
const nodeHash = (l: Uint8Array, r: Uint8Array): Uint8Array => sha256(concat(new Uint8Array([1]), l, r));

export function requestHash(body: Uint8Array, signature: Uint8Array): Uint8Array {
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, body.length);
  return leafHash(concat(len, body, signature));
}

export function entryHash(clusterId: string, header: Uint8Array): Uint8Array {
  return sha256(signedBytes("entry", clusterId, header));
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

/** The genesis hash: SHA-256 of its canonical JSON (as the API's /v1/genesis serves it). */
export function genesisHashOf(canonical: string): string {
  return toHex(sha256(utf8.encode(canonical)));
}

interface Envelope {
  readonly payload: Uint8Array;
  readonly signer: number;
  readonly signature: Uint8Array;
}
const envelope = (b: Uint8Array): Envelope => {
  const f = readFields(b);
  return { payload: bytes(f, 1), signer: num(f, 2), signature: bytes(f, 3) };
};

/** The signed ReplicaMessage's oneof field `which` (3 commit, 7 attestation) of a verified envelope. */
function open(g: GenesisKeys, env: Envelope, which: 3 | 7): Fields {
  const key = g.members[env.signer]?.votePublicKey;
  if (key === undefined) throw new VerificationError(`signer ${env.signer} is not a member`);
  if (!verifyEd25519(fromHex(key), signedBytes("replica", g.clusterId, env.payload), env.signature))
    throw new VerificationError(`bad signature from member ${env.signer}`);
  const inner = readFields(env.payload).get(which);
  const v = inner?.at(-1);
  if (!(v instanceof Uint8Array)) throw new VerificationError(`member ${env.signer} signed another message`);
  return readFields(v);
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
 * Checks every part against the genesis: the request's signature, its place in the certified batch, the
 * result's place in the entry, 2f+1 commits, and (`needAttestations`, a receipt) f+1 attestations of the
 * entry hash, which is what ties the result to the members. Throws VerificationError.
 */
export function verifyParts(p: ProofParts, g: GenesisKeys, needAttestations: boolean): VerifiedDecision {
  try {
    return check(p, g, needAttestations);
  } catch (e) {
    // A malformed part deep inside (an envelope, a signed payload) is a failed verification too.
    if (e instanceof VerificationError) throw e;
    throw new VerificationError(`undecodable: ${(e as Error).message}`);
  }
}

const TIMED_BATCH_TAG = utf8.encode("pbft/v1/timed-batch\0");

/** The batch digest commits sign: the Merkle root for time 0, else SHA-256(tag || root || time as u64 BE). */
function timedDigest(root: Uint8Array, timeMs: number): Uint8Array {
  if (timeMs === 0) return root;
  const t = new Uint8Array(8);
  new DataView(t.buffer).setBigUint64(0, BigInt(timeMs));
  return sha256(concat(TIMED_BATCH_TAG, root, t));
}

function check(p: ProofParts, g: GenesisKeys, needAttestations: boolean): VerifiedDecision {
  let header: Fields;
  let result: Fields;
  let body: Fields;
  let cert: Fields;
  try {
    header = readFields(p.header);
    result = readFields(p.result);
    body = readFields(p.requestBody);
    cert = readFields(p.certificate);
  } catch {
    throw new VerificationError("undecodable header, result, request or certificate");
  }
  const hash = entryHash(g.clusterId, p.header);
  const height = num(header, 1);
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
  // Certificate: 2f+1 distinct members' commits for exactly (view, seq = height, batch digest). The digest
  // they sign binds the batch's consensus time (issue 18): the header's Merkle root for time 0, else
  // timedDigest(root, time) as in @pbft/consensus time.ts.
  const view = num(cert, 1);
  const epoch = num(cert, 5);
  if (epoch !== 0)
    throw new VerificationError(
      `the certificate is of configuration epoch ${epoch}: this SDK checks epoch 0 (the genesis members) only; verify it with \`pbft receipt verify\` and the node's epoch proof`,
    );
  const certified = timedDigest(batchDigest, num(cert, 6));
  if (num(cert, 2) !== height || !bytesEqual(bytes(cert, 3), certified))
    throw new VerificationError("the certificate is for another batch");
  const commits = repeatedBytes(cert, 4).map(envelope);
  if (commits.length > g.members.length) throw new VerificationError("more commits than members");
  const committed = new Set<number>();
  for (const env of commits) {
    const c = open(g, env, 3);
    if (num(c, 1) !== view || num(c, 2) !== height || !bytesEqual(bytes(c, 3), certified) || num(c, 4) !== 0)
      throw new VerificationError(`the commit of member ${env.signer} does not match`);
    if (committed.has(env.signer)) throw new VerificationError(`two commits of member ${env.signer}`);
    committed.add(env.signer);
  }
  if (committed.size < 2 * g.f + 1)
    throw new VerificationError(`${committed.size} commits, ${2 * g.f + 1} needed`);
  const attested = new Set<number>();
  for (const raw of p.attestations) {
    const env = envelope(raw);
    const a = open(g, env, 7);
    if (num(a, 1) !== height || !bytesEqual(bytes(a, 2), hash))
      throw new VerificationError(`member ${env.signer} attested another entry`);
    attested.add(env.signer);
  }
  if (needAttestations && attested.size < g.f + 1)
    throw new VerificationError(`${attested.size} attestations, ${g.f + 1} needed`);
  const clientKey = bytes(body, 2);
  const clusterId = str(body, 1);
  if (clusterId !== g.clusterId) throw new VerificationError(`the request is for cluster ${clusterId}`);
  if (!verifyEd25519(clientKey, signedBytes("request", clusterId, p.requestBody), p.requestSignature))
    throw new VerificationError("bad proposer signature");
  return {
    height,
    entryHash: toHex(hash),
    proposalId: str(result, 3),
    accepted: num(result, 1) === 1,
    reason: str(result, 2),
    clientKey: toHex(clientKey),
    requestNumber: num(body, 3),
    proposal: bytes(body, 4),
    committedBy: [...committed].sort((a, b) => a - b),
    attestedBy: [...attested].sort((a, b) => a - b),
  };
}

/** A receipt (its encoded bytes, as the API's `receipt` field holds in base64) checked in full. */
export function verifyReceipt(receipt: Uint8Array | string, g: GenesisKeys): VerifiedDecision {
  const bytes = typeof receipt === "string" ? fromBase64(receipt) : receipt;
  let parts: ProofParts;
  try {
    parts = receiptParts(bytes);
  } catch {
    throw new VerificationError("undecodable receipt");
  }
  return verifyParts(parts, g, true);
}
