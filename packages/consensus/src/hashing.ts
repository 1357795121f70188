import { createHash, hash } from "node:crypto";

export const HASH_BYTES = 32;

// crypto.hash (one-shot, Node >= 20.12; engines require 20.19) is the fastest node:crypto path for the
// small inputs that dominate here (Merkle nodes of 65 bytes, request leaves of 100-300 bytes): measured
// ~1.5 µs per call against ~2.0 µs for createHash().update().digest(), most of it per-call overhead.
// Parts are joined in a scratch buffer first: every call is synchronous and the hash copies its input,
// so reusing the buffer is safe.
const SCRATCH_BYTES = 16 * 1024;
const scratch = new Uint8Array(SCRATCH_BYTES);

/** SHA-256 of one byte string, as a plain Uint8Array view of the digest. */
function digest(data: Uint8Array): Uint8Array {
  const d = hash("sha256", data, "buffer");
  return new Uint8Array(d.buffer, d.byteOffset, HASH_BYTES);
}

/** SHA-256 of data[start..start+length) written to out[at..at+32) (out may be data: the input is read first). */
export function sha256RangeInto(
  data: Uint8Array,
  start: number,
  length: number,
  out: Uint8Array,
  at: number,
): void {
  out.set(hash("sha256", data.subarray(start, start + length), "buffer"), at);
}

/** SHA-256 of the concatenation of the parts. */
export function sha256(...parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return digest(parts[0]!);
  let length = 0;
  for (const p of parts) length += p.length;
  if (length > SCRATCH_BYTES) {
    const h = createHash("sha256");
    for (const p of parts) h.update(p);
    const d = h.digest();
    return new Uint8Array(d.buffer, d.byteOffset, HASH_BYTES);
  }
  let at = 0;
  for (const p of parts) {
    scratch.set(p, at);
    at += p.length;
  }
  return digest(scratch.subarray(0, length));
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
