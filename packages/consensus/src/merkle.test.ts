import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EMPTY_ROOT, leafHash, merkleProof, merkleRoot, verifyMerkleProof } from "./merkle.js";

const leaves = (n: number) =>
  Array.from({ length: n }, (_, i) => leafHash(new Uint8Array([i & 255, i >> 8])));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const ref = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const bytes = (n: number, seed: number) =>
  Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7) & 255);

/** The tree as specified (README, merkle.ts header), computed with createHash only. */
function refRoot(ls: Uint8Array[]): Uint8Array {
  let level = ls;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(i + 1 < level.length ? ref(new Uint8Array([1]), level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

describe("merkle", () => {
  it("gives known roots (computed independently with Python hashlib)", () => {
    expect(hex(EMPTY_ROOT)).toBe("326467db4bce5c4e22403e9c0f2ce37b1e55ef031e11a4c03e2eac4ad25606bc");
    expect(hex(leafHash(new TextEncoder().encode("abc")))).toBe(
      "609f6e36d2405585188d5cfd761f407c7cc46a7d3f314c88270469dde315fcd1",
    );
    const known: [number, string][] = [
      [1, "709e80c88487a2411e1ee4dfb9f22a861492d20c4765150c0c794abd70f8147c"],
      [2, "33b019d83ad6aa45cfbb815e6106347f7dc75a0f64cd461f0c3150192ec416c0"],
      [3, "bf8740bcc6a49ec46544b94fcf891631e8dd339af77907fc0cbc4e9e65cf40cd"],
      [5, "85d2d0b0b9514f186070d36c4b3a19aa1315df857f85ecaaaa3470bde6916586"],
      [100, "75487d8581fcf29d023281e476bd700b6b336e170b01739e8d6a48348a282946"],
    ];
    for (const [n, root] of known) expect(hex(merkleRoot(leaves(n))), `${n} leaves`).toBe(root);
  });

  it("equals the specified tree for sizes 1..300, 1500, and for leaves of other lengths", () => {
    for (let n = 1; n <= 300; n++) {
      const ls = Array.from({ length: n }, (_, i) => ref(bytes(8, i + n)));
      expect(hex(merkleRoot(ls))).toBe(hex(refRoot(ls)));
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

  it("every leaf's proof verifies against the root, for sizes 1..40", () => {
    for (let n = 1; n <= 40; n++) {
      const ls = leaves(n);
      const root = merkleRoot(ls);
      for (let i = 0; i < n; i++)
        expect(verifyMerkleProof(ls[i]!, i, n, merkleProof(ls, i), root)).toBe(true);
    }
  });

  it("a proof fails for another index, another leaf or a flipped path byte", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 64 }), fc.nat(), fc.nat(), (n, a, bit) => {
        const ls = leaves(n);
        const root = merkleRoot(ls);
        const i = a % n;
        const proof = merkleProof(ls, i);
        expect(verifyMerkleProof(ls[i]!, (i + 1) % n, n, proof, root)).toBe(false);
        expect(verifyMerkleProof(ls[(i + 1) % n]!, i, n, proof, root)).toBe(false);
        const bad = proof.map((p) => p.slice());
        const k = bit % bad.length;
        bad[k]![bit % 32]! ^= 1;
        expect(verifyMerkleProof(ls[i]!, i, n, bad, root)).toBe(false);
      }),
    );
  });
});
