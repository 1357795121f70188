import * as nodeCrypto from "node:crypto";

export const HASH_BYTES = 32;

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
  const d =
    oneShot !== undefined
      ? oneShot("sha256", data, "buffer")
      : nodeCrypto.createHash("sha256").update(data).digest();
  return new Uint8Array(d.buffer, d.byteOffset, HASH_BYTES);
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
  return digestOne(scratch.subarray(0, length));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
}

export function fromHex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "hex"));
}
