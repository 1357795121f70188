// Domain separation: every signature covers tag(kind, clusterId) || bytes, so a signature made for one
// purpose (a replica message, a client request, a ledger entry) can never be replayed as another, nor
// in another cluster.
import { HASH_BYTES, sha256RangeInto } from "./hashing.js";
import { leafHash } from "./merkle.js";

export type SignedKind = "replica" | "request" | "entry" | "config-approval" | "member-rotation";

const encoder = new TextEncoder();
// Per kind, the tag of the last few cluster ids (a process normally serves one cluster).
const tagCache: Record<SignedKind, Map<string, Uint8Array>> = {
  replica: new Map(),
  request: new Map(),
  entry: new Map(),
  "config-approval": new Map(),
  "member-rotation": new Map(),
};

export function domainTag(kind: SignedKind, clusterId: string): Uint8Array {
  const cache = tagCache[kind];
  let tag = cache.get(clusterId);
  if (tag === undefined) {
    tag = encoder.encode(`pbft/v1/${kind}\u0000${clusterId}\u0000`);
    if (cache.size > 64) cache.clear();
    cache.set(clusterId, tag);
  }
  return tag;
}

export function signedBytes(kind: SignedKind, clusterId: string, bytes: Uint8Array): Uint8Array {
  const tag = domainTag(kind, clusterId);
  // Every byte is overwritten below, so the buffer needs no zero-filling.
  const out: Uint8Array = Buffer.allocUnsafe(tag.length + bytes.length);
  out.set(tag, 0);
  out.set(bytes, tag.length);
  return out;
}

/**
 * Leaf hash of a client request in a batch's Merkle tree: leafHash(u32be(body length) || body || signature),
 * over its exact body and signature bytes (one hash: it is computed for every request on every replica).
 */
export function requestHash(body: Uint8Array, signature: Uint8Array): Uint8Array {
  const out = new Uint8Array(HASH_BYTES);
  requestHashInto(body, signature, out, 0);
  return out;
}

/** requestHash written to out[at..at+32). */
export function requestHashInto(body: Uint8Array, signature: Uint8Array, out: Uint8Array, at: number): void {
  const length = 5 + body.length + signature.length;
  if (length > leafInput.length) {
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, body.length);
    out.set(leafHash(len, body, signature), at);
    return;
  }
  // The same bytes as leafHash(u32be(len), body, signature), assembled in one reusable buffer.
  leafInput[0] = 0; // the Merkle leaf prefix
  leafInputView.setUint32(1, body.length);
  leafInput.set(body, 5);
  leafInput.set(signature, 5 + body.length);
  sha256RangeInto(leafInput, 0, length, out, at);
}

const leafInput = new Uint8Array(64 * 1024);
const leafInputView = new DataView(leafInput.buffer);
