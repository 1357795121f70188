// SHA-256 (FIPS 180-4) in plain TypeScript, for the small inputs of the hot path: Merkle inner nodes
// (65 bytes) and request leaves (a few hundred bytes). node:crypto pays about 1.3 µs per call here
// (binding, EVP context, a fresh ArrayBuffer per digest) whatever the size; this code pays ~0.35 µs per
// 64-byte block and allocates nothing, so it wins below a few hundred bytes. Larger inputs go to
// node:crypto (hashing.ts decides). Same function, same digests: sha256.test.ts checks it against
// node:crypto on the NIST vectors and on random inputs of every length class.
// All calls are synchronous and share module-level scratch state (single-threaded JavaScript).

const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const IV = Int32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const W = new Int32Array(64); // message schedule; W[0..15] are loaded by the caller of compress()
const H = new Int32Array(8); // chaining state
const tail = new Uint8Array(128); // the last one or two padded blocks

function compress(): void {
  for (let i = 16; i < 64; i++) {
    const w15 = W[i - 15]!;
    const w2 = W[i - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = H[0]!;
  let b = H[1]!;
  let c = H[2]!;
  let d = H[3]!;
  let e = H[4]!;
  let f = H[5]!;
  let g = H[6]!;
  let h = H[7]!;
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + s1 + ch + K[i]! + W[i]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + s0 + maj) | 0;
  }
  H[0] = (H[0]! + a) | 0;
  H[1] = (H[1]! + b) | 0;
  H[2] = (H[2]! + c) | 0;
  H[3] = (H[3]! + d) | 0;
  H[4] = (H[4]! + e) | 0;
  H[5] = (H[5]! + f) | 0;
  H[6] = (H[6]! + g) | 0;
  H[7] = (H[7]! + h) | 0;
}

/** Loads the 64-byte block at data[at..at+64) big-endian into W[0..15]. */
function load(data: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++, at += 4)
    W[i] = (data[at]! << 24) | (data[at + 1]! << 16) | (data[at + 2]! << 8) | data[at + 3]!;
}

function store(out: Uint8Array, at: number): void {
  for (let i = 0; i < 8; i++, at += 4) {
    const v = H[i]!;
    out[at] = v >>> 24;
    out[at + 1] = v >>> 16;
    out[at + 2] = v >>> 8;
    out[at + 3] = v;
  }
}

/** SHA-256 of data[start..start+length) written to out[outAt..outAt+32). */
export function sha256Into(
  data: Uint8Array,
  start: number,
  length: number,
  out: Uint8Array,
  outAt: number,
): void {
  H.set(IV);
  const end = start + length;
  let at = start;
  for (; end - at >= 64; at += 64) {
    load(data, at);
    compress();
  }
  // Padding: the rest, 0x80, zeros, the bit length as a 64-bit big-endian number.
  const rest = end - at;
  const blocks = rest < 56 ? 1 : 2;
  tail.fill(0, 0, blocks * 64);
  for (let i = 0; i < rest; i++) tail[i] = data[at + i]!;
  tail[rest] = 0x80;
  const bits = blocks * 64 - 8;
  const hi = Math.floor(length / 0x20000000); // length * 8 / 2^32
  const lo = (length << 3) >>> 0;
  tail[bits] = hi >>> 24;
  tail[bits + 1] = hi >>> 16;
  tail[bits + 2] = hi >>> 8;
  tail[bits + 3] = hi;
  tail[bits + 4] = lo >>> 24;
  tail[bits + 5] = lo >>> 16;
  tail[bits + 6] = lo >>> 8;
  tail[bits + 7] = lo;
  for (let b = 0; b < blocks; b++) {
    load(tail, b * 64);
    compress();
  }
  store(out, outAt);
}

/**
 * SHA-256(prefix || data[at..at+64)) written to out[outAt..outAt+32): a Merkle inner node over two
 * adjacent 32-byte child hashes, with a one-byte domain prefix. out may overlap data (read before written).
 */
export function sha256PrefixedPair(
  prefix: number,
  data: Uint8Array,
  at: number,
  out: Uint8Array,
  outAt: number,
): void {
  H.set(IV);
  // Block 1: the prefix and the first 63 bytes, each word shifted by one byte.
  W[0] = (prefix << 24) | (data[at]! << 16) | (data[at + 1]! << 8) | data[at + 2]!;
  for (let i = 1, p = at + 3; i < 16; i++, p += 4)
    W[i] = (data[p]! << 24) | (data[p + 1]! << 16) | (data[p + 2]! << 8) | data[p + 3]!;
  compress();
  // Block 2: the last byte, 0x80, zeros, the length (65 bytes = 520 bits).
  W[0] = (data[at + 63]! << 24) | 0x800000;
  for (let i = 1; i < 15; i++) W[i] = 0;
  W[15] = 520;
  compress();
  store(out, outAt);
}
