import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { leafHash, merkleProof, merkleRoot, verifyMerkleProof } from "./merkle.js";

const leaves = (n: number) =>
  Array.from({ length: n }, (_, i) => leafHash(new Uint8Array([i & 255, i >> 8])));

describe("merkle", () => {
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
