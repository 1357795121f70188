import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SMALL_HASH_MAX, sha256, sha256Range } from "./hashing.js";
import { merkleProof, merkleRoot, verifyMerkleProof } from "./merkle.js";
import { sha256InPlace, sha256Into, sha256PrefixedPair } from "./sha256.js";
import { requestHash } from "./signing.js";

const ref = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const bytes = (n: number, seed: number) =>
  Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7) & 255);

/** The tree as specified (README, merkle.ts header), computed with node:crypto only. */
function refRoot(leaves: Uint8Array[]): Uint8Array {
  let level = leaves;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(i + 1 < level.length ? ref(new Uint8Array([1]), level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

describe("sha256 (TypeScript)", () => {
  it("matches the FIPS 180-4 examples", () => {
    const out = new Uint8Array(32);
    const enc = new TextEncoder();
    const vectors: [string, string][] = [
      ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
      ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
      [
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
      ],
    ];
    for (const [msg, digest] of vectors) {
      const data = enc.encode(msg);
      sha256Into(data, 0, data.length, out, 0);
      expect(hex(out)).toBe(digest);
    }
  });

  it("matches node:crypto for every length 0..1100 and at offsets", () => {
    const out = new Uint8Array(40);
    for (let n = 0; n <= 1100; n++) {
      const data = bytes(n + 7, n);
      sha256Into(data, 5, n, out, 3);
      expect(hex(out.subarray(3, 35))).toBe(hex(ref(data.subarray(5, 5 + n))));
    }
  });

  it("hashes in place with the padding written into the buffer, for every length 0..700", () => {
    const buf = new Uint8Array(800);
    const view = new DataView(buf.buffer);
    const out = new Uint8Array(32);
    for (let n = 0; n <= 700; n++) {
      const data = bytes(n, n + 3);
      buf.fill(0xee);
      buf.set(data);
      sha256InPlace(buf, view, n, out, 0);
      expect(hex(out)).toBe(hex(ref(data)));
    }
  });

  it("hashes an inner node (prefix || 64 bytes) as node:crypto does, in place too", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        fc.integer({ min: 0, max: 255 }),
        (d, p) => {
          const out = new Uint8Array(32);
          sha256PrefixedPair(p, d, 0, out, 0);
          expect(hex(out)).toBe(hex(ref(new Uint8Array([p]), d)));
          const inPlace = d.slice();
          sha256PrefixedPair(p, inPlace, 0, inPlace, 0);
          expect(hex(inPlace.subarray(0, 32))).toBe(hex(out));
        },
      ),
    );
  });

  it("sha256, sha256Range and requestHash give node:crypto's digests on both sides of SMALL_HASH_MAX", () => {
    for (const n of [
      0,
      1,
      55,
      56,
      63,
      64,
      65,
      200,
      SMALL_HASH_MAX - 1,
      SMALL_HASH_MAX,
      SMALL_HASH_MAX + 1,
      5000,
    ]) {
      const a = bytes(n, 1);
      const b = bytes(n >> 1, 2);
      expect(hex(sha256(a))).toBe(hex(ref(a)));
      expect(hex(sha256(a, b))).toBe(hex(ref(a, b)));
      expect(hex(sha256Range(a, n >> 2, n - (n >> 2)))).toBe(hex(ref(a.subarray(n >> 2))));
      const len = new Uint8Array(4);
      new DataView(len.buffer).setUint32(0, a.length);
      expect(hex(requestHash(a, b))).toBe(hex(ref(new Uint8Array([0]), len, a, b)));
    }
  });
});

describe("merkle root over the flat buffer", () => {
  it("equals the specified tree for sizes 1..300 and for leaves of other lengths", () => {
    for (let n = 1; n <= 300; n++) {
      const leaves = Array.from({ length: n }, (_, i) => ref(bytes(8, i + n)));
      expect(hex(merkleRoot(leaves))).toBe(hex(refRoot(leaves)));
      if (n <= 40) {
        const root = merkleRoot(leaves);
        for (let i = 0; i < n; i++)
          expect(verifyMerkleProof(leaves[i]!, i, n, merkleProof(leaves, i), root)).toBe(true);
      }
    }
    const odd = [bytes(3, 1), ref(bytes(4, 2)), bytes(40, 3)];
    expect(hex(merkleRoot(odd))).toBe(hex(refRoot(odd)));
    const big = Array.from({ length: 1500 }, (_, i) => ref(bytes(4, i)));
    expect(hex(merkleRoot(big))).toBe(hex(refRoot(big)));
  });

  it("returns a fresh root: later trees do not change an earlier result", () => {
    const a = merkleRoot([ref(bytes(1, 1))]);
    const saved = hex(a);
    merkleRoot([ref(bytes(1, 2)), ref(bytes(1, 3))]);
    expect(hex(a)).toBe(saved);
  });
});
