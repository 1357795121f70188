// The history tree's proofs against a naive reference: RFC 9162's recursive definitions of MTH, PATH and
// PROOF written literally (slices and recursion), compared on random trees; and every proof, once
// tampered with (a hash flipped, one added or removed, another size), fails.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256 } from "./hashing.js";
import {
  consistencyProof,
  historyLeaf,
  inclusionProof,
  MerkleFrontier,
  verifyConsistency,
  verifyInclusion,
} from "./log-tree.js";
import { EMPTY_ROOT, merkleRoot } from "./merkle.js";

const node = (l: Uint8Array, r: Uint8Array): Uint8Array => sha256(new Uint8Array([1]), l, r);

function k(n: number): number {
  let p = 1;
  while (p * 2 < n) p *= 2;
  return p;
}

// RFC 9162 2.1.1: MTH(D[n]) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n])), leaves already hashed.
function mth(d: Uint8Array[]): Uint8Array {
  if (d.length === 1) return d[0]!;
  return node(mth(d.slice(0, k(d.length))), mth(d.slice(k(d.length))));
}

function path(m: number, d: Uint8Array[]): Uint8Array[] {
  if (d.length === 1) return [];
  const s = k(d.length);
  return m < s
    ? [...path(m, d.slice(0, s)), mth(d.slice(s))]
    : [...path(m - s, d.slice(s)), mth(d.slice(0, s))];
}

function subproof(m: number, d: Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const s = k(d.length);
  return m <= s
    ? [...subproof(m, d.slice(0, s), b), mth(d.slice(s))]
    : [...subproof(m - s, d.slice(s), false), mth(d.slice(0, s))];
}

const leaves = (n: number, salt = 0): Uint8Array[] =>
  Array.from({ length: n }, (_, i) => historyLeaf(sha256(new TextEncoder().encode(`entry ${salt}/${i}`))));

const hex = (a: readonly Uint8Array[]): string[] => a.map((x) => Buffer.from(x).toString("hex"));

describe("history tree (RFC 9162)", () => {
  it("merkle.ts's bottom-up tree and the frontier give RFC 9162's root at every size", () => {
    const all = leaves(300);
    const f = new MerkleFrontier();
    expect(f.root()).toEqual(EMPTY_ROOT);
    for (let n = 1; n <= all.length; n++) {
      f.append(all[n - 1]!);
      const want = mth(all.slice(0, n));
      expect(f.root()).toEqual(want);
      expect(merkleRoot(all.slice(0, n))).toEqual(want);
    }
    expect(f.size).toBe(300);
  });

  it("inclusion proofs equal the reference PATH and verify; any change makes them fail", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }).chain((n) => fc.tuple(fc.constant(n), fc.nat({ max: n - 1 }))),
        fc.nat(),
        ([n, m], flip) => {
          const d = leaves(n);
          const root = mth(d);
          const proof = inclusionProof(d, m);
          expect(hex(proof)).toEqual(hex(path(m, d)));
          expect(verifyInclusion(d[m]!, m, n, proof, root)).toBeNull();
          // another leaf, index or size
          if (n > 1) expect(verifyInclusion(d[(m + 1) % n]!, m, n, proof, root)).not.toBeNull();
          if (n > 1) expect(verifyInclusion(d[m]!, (m + 1) % n, n, proof, root)).not.toBeNull();
          // (another size with the same path shape does verify: the signed head binds size and root)
          // a proof one hash short or one too long
          expect(verifyInclusion(d[m]!, m, n, [...proof, root], root)).toBe("wrong-proof-length");
          if (proof.length > 0) {
            expect(verifyInclusion(d[m]!, m, n, proof.slice(1), root)).not.toBeNull();
            const bad = proof.map((p) => p.slice());
            const at = flip % bad.length;
            bad[at]![flip % 32]! ^= 1;
            expect(verifyInclusion(d[m]!, m, n, bad, root)).toBe("root-mismatch");
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("consistency proofs equal the reference PROOF and verify; any change makes them fail", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 200 })
          .chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n))),
        fc.nat(),
        ([m, n], flip) => {
          const d = leaves(n);
          const oldRoot = mth(d.slice(0, m));
          const newRoot = mth(d);
          const proof = consistencyProof(d, m, n);
          expect(hex(proof)).toEqual(hex(subproof(m, d, true)));
          expect(verifyConsistency(m, n, oldRoot, newRoot, proof)).toBeNull();
          // a forked history: same sizes, another old tree
          const forked = leaves(n, 1);
          expect(verifyConsistency(m, n, mth(forked.slice(0, m)), newRoot, proof)).not.toBeNull();
          expect(verifyConsistency(m, n, oldRoot, mth(forked), proof)).not.toBeNull();
          // a rollback: the new head is smaller than the old one
          if (m < n) expect(verifyConsistency(n, m, newRoot, oldRoot, proof)).toBe("bad-size");
          expect(verifyConsistency(m, n, oldRoot, newRoot, [...proof, newRoot])).not.toBeNull();
          if (proof.length > 0) {
            expect(verifyConsistency(m, n, oldRoot, newRoot, proof.slice(0, -1))).not.toBeNull();
            const bad = proof.map((p) => p.slice());
            bad[flip % bad.length]![flip % 32]! ^= 1;
            expect(verifyConsistency(m, n, oldRoot, newRoot, bad)).not.toBeNull();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("rejects hashes of the wrong size and out-of-range arguments", () => {
    const d = leaves(5);
    const proof = inclusionProof(d, 2);
    expect(verifyInclusion(d[2]!, 2, 5, [proof[0]!.subarray(0, 31), ...proof.slice(1)], mth(d))).toBe(
      "bad-hash-length",
    );
    expect(verifyInclusion(d[2]!, 5, 5, proof, mth(d))).toBe("index-out-of-range");
    expect(verifyInclusion(d[2]!, 0, 0, [], mth(d))).toBe("bad-size");
    expect(verifyConsistency(0, 5, EMPTY_ROOT, mth(d), [])).toBe("bad-size");
    expect(() => inclusionProof(d, 5)).toThrow(RangeError);
    expect(() => consistencyProof(d, 3, 6)).toThrow(RangeError);
  });
});
