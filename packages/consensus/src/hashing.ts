import * as nodeCrypto from "node:crypto";
import { sha256Into } from "./sha256.js";

export const HASH_BYTES = 32;

/**
 * Inputs up to this many bytes are hashed by the allocation-free TypeScript SHA-256 (sha256.ts); longer
 * ones by node:crypto, whose per-call overhead (~1.3 µs) is amortised by its faster compression.
 */
export const SMALL_HASH_MAX = 320;

// One-shot hashing (Node >= 20.12) is about twice as fast as a Hash object for the small inputs that
// dominate here (Merkle nodes, request leaves). Parts are joined in a scratch buffer first: every call is
// synchronous and the hash copies its input, so reusing the buffer is safe.
const oneShot: ((algorithm: string, data: Uint8Array, encoding: "buffer") => Buffer) | undefined = (
  nodeCrypto as { hash?: (algorithm: string, data: Uint8Array, encoding: "buffer") => Buffer }
).hash;
const SCRATCH_BYTES = 16 * 1024;
const scratch = new Uint8Array(SCRATCH_BYTES);

/** SHA-256 of one byte string (the hot path: no argument array, no copy). */
export function sha256One(data: Uint8Array): Uint8Array {
  return digestOne(data);
}

function digestOne(data: Uint8Array): Uint8Array {
  if (data.length <= SMALL_HASH_MAX) {
    const out = new Uint8Array(HASH_BYTES);
    sha256Into(data, 0, data.length, out, 0);
    return out;
  }
  const d =
    oneShot !== undefined
      ? oneShot("sha256", data, "buffer")
      : nodeCrypto.createHash("sha256").update(data).digest();
  return new Uint8Array(d.buffer, d.byteOffset, HASH_BYTES);
}

/** SHA-256 of data[start..start+length), without a subarray for the small case. */
export function sha256Range(data: Uint8Array, start: number, length: number): Uint8Array {
  const out = new Uint8Array(HASH_BYTES);
  sha256RangeInto(data, start, length, out, 0);
  return out;
}

/** SHA-256 of data[start..start+length) written to out[at..at+32) (out may be data: read first). */
export function sha256RangeInto(
  data: Uint8Array,
  start: number,
  length: number,
  out: Uint8Array,
  at: number,
): void {
  if (length <= SMALL_HASH_MAX) sha256Into(data, start, length, out, at);
  else out.set(digestOne(data.subarray(start, start + length)), at);
}

export function sha256(...parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return digestOne(parts[0]!);
  let length = 0;
  for (const p of parts) length += p.length;
  if (length > SCRATCH_BYTES) {
    const h = nodeCrypto.createHash("sha256");
    for (const p of parts) h.update(p);
    const d = h.digest();
    return new Uint8Array(d.buffer, d.byteOffset, HASH_BYTES);
  }
  let at = 0;
  for (const p of parts) {
    scratch.set(p, at);
    at += p.length;
  }
  if (length <= SMALL_HASH_MAX) {
    const out = new Uint8Array(HASH_BYTES);
    sha256Into(scratch, 0, length, out, 0);
    return out;
  }
  return digestOne(scratch.subarray(0, length));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function toHex(b: Uint8Array): string {
  if (Buffer.isBuffer(b)) return b.toString("hex");
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
}

export function fromHex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "hex"));
}
