// The ledger's history tree (RFC 9162 section 2.1): a Merkle tree over leafHash(entry hash) of heights
// 1..n. merkle.ts builds trees bottom-up with an odd last node promoted, which is exactly RFC 9162's shape
// (the left subtree is always the largest perfect one), so its roots are the roots here. What this adds:
// the frontier (the O(log n) perfect subtree roots that give the root at every height as entries are
// appended), and the inclusion and consistency proofs of RFC 9162 sections 2.1.3 and 2.1.4, written from
// the RFC's algorithms. The empty tree's root is merkle.ts's EMPTY_ROOT (RFC 9162 uses SHA-256 of nothing;
// no proof ever involves a tree of size 0 here).
import { bytesEqual, HASH_BYTES, sha256 } from "./hashing.js";
import { EMPTY_ROOT, leafHash, merkleRoot } from "./merkle.js";

const NODE = new Uint8Array([1]);

function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(NODE, left, right);
}

/** The largest power of two strictly below n (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Proofs longer than this cannot be for a tree of fewer than 2^48 leaves (heights are below 2^48). */
export const PROOF_HASHES_MAX = 2 * 48;

/** The leaf of the entry at a height: leafHash(entry hash), so that no entry hash passes for an inner node. */
export function historyLeaf(entryHash: Uint8Array): Uint8Array {
  return leafHash(entryHash);
}

/**
 * The right edge of a growing tree: one perfect subtree root per set bit of its size, largest first.
 * Appending a leaf merges equal-sized subtrees like a binary counter carries; the root folds them from the
 * right. O(log n) memory and hashes per append, so the root at every height is cheap.
 */
export class MerkleFrontier {
  private nodes: Uint8Array[] = [];
  private sizes: number[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Appends an already-hashed leaf (historyLeaf). */
  append(leaf: Uint8Array): void {
    let node = leaf;
    let size = 1;
    while (this.sizes.length > 0 && this.sizes.at(-1) === size) {
      node = nodeHash(this.nodes.pop()!, node);
      this.sizes.pop();
      size *= 2;
    }
    this.nodes.push(node);
    this.sizes.push(size);
    this.count++;
  }

  root(): Uint8Array {
    if (this.nodes.length === 0) return EMPTY_ROOT;
    let acc = this.nodes.at(-1)!;
    for (let i = this.nodes.length - 2; i >= 0; i--) acc = nodeHash(this.nodes[i]!, acc);
    return acc;
  }

  /** Its perfect subtree roots, largest first (with `size`, all a frontier is: the ledger stores them). */
  peaks(): readonly Uint8Array[] {
    return this.nodes.slice();
  }

  /**
   * The frontier of a tree of `size` leaves from its peaks (as `peaks()` gave them); the sizes follow from
   * the set bits of `size`. Throws RangeError when the count of peaks does not match.
   */
  static restore(size: number, peaks: readonly Uint8Array[]): MerkleFrontier {
    const sizes: number[] = [];
    for (let bit = 2 ** 52; bit >= 1; bit /= 2) if (Math.floor(size / bit) % 2 === 1) sizes.push(bit);
    if (!Number.isSafeInteger(size) || size < 0 || sizes.length !== peaks.length)
      throw new RangeError(`${peaks.length} peaks do not make a tree of ${size} leaves`);
    const f = new MerkleFrontier();
    f.nodes = peaks.slice();
    f.sizes = sizes;
    f.count = size;
    return f;
  }

  clone(): MerkleFrontier {
    const c = new MerkleFrontier();
    c.nodes = this.nodes.slice();
    c.sizes = this.sizes.slice();
    c.count = this.count;
    return c;
  }
}

/** The root over leaves[lo, hi) (hi > lo). */
function subtreeRoot(leaves: readonly Uint8Array[], lo: number, hi: number): Uint8Array {
  return merkleRoot(leaves.slice(lo, hi));
}

/**
 * RFC 9162 2.1.3.1: the inclusion proof of leaf `index` in the tree over `leaves` (its size is the tree
 * size), leaf to root. Throws RangeError for an index outside the tree.
 */
export function inclusionProof(leaves: readonly Uint8Array[], index: number): Uint8Array[] {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length)
    throw new RangeError(`leaf index ${index} is outside a tree of ${leaves.length} leaves`);
  const out: Uint8Array[] = [];
  const path = (m: number, lo: number, hi: number): void => {
    const n = hi - lo;
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      path(m, lo, lo + k);
      out.push(subtreeRoot(leaves, lo + k, hi));
    } else {
      path(m - k, lo + k, hi);
      out.push(subtreeRoot(leaves, lo, lo + k));
    }
  };
  path(index, 0, leaves.length);
  return out;
}

/** Why a proof does not verify, or null when it does. */
export type ProofFailure =
  | "index-out-of-range"
  | "bad-size"
  | "wrong-proof-length"
  | "bad-hash-length"
  | "root-mismatch";

/** RFC 9162 2.1.3.2: checks that `leaf` is at `index` in the tree of `size` leaves with `root`. */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): ProofFailure | null {
  if (!Number.isSafeInteger(size) || size < 1) return "bad-size";
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) return "index-out-of-range";
  if (proof.length > PROOF_HASHES_MAX) return "wrong-proof-length";
  for (const p of proof) if (p.length !== HASH_BYTES) return "bad-hash-length";
  // Bit operations on sizes up to 2^48: use arithmetic, not 32-bit operators.
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return "wrong-proof-length";
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0)
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
    } else r = nodeHash(r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return "wrong-proof-length";
  return bytesEqual(r, root) ? null : "root-mismatch";
}

/**
 * RFC 9162 2.1.4.1: the consistency proof that the tree over leaves[0, second) extends the one over
 * leaves[0, first), for 0 < first <= second <= leaves.length (empty when first = second).
 */
export function consistencyProof(leaves: readonly Uint8Array[], first: number, second: number): Uint8Array[] {
  if (
    !Number.isInteger(first) ||
    !Number.isInteger(second) ||
    first < 1 ||
    first > second ||
    second > leaves.length
  )
    throw new RangeError(
      `no consistency proof from size ${first} to size ${second} (${leaves.length} leaves)`,
    );
  const out: Uint8Array[] = [];
  const sub = (m: number, lo: number, hi: number, whole: boolean): void => {
    const n = hi - lo;
    if (m === n) {
      if (!whole) out.push(subtreeRoot(leaves, lo, hi));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      sub(m, lo, lo + k, whole);
      out.push(subtreeRoot(leaves, lo + k, hi));
    } else {
      sub(m - k, lo + k, hi, false);
      out.push(subtreeRoot(leaves, lo, lo + k));
    }
  };
  sub(first, 0, second, true);
  return out;
}

/** RFC 9162 2.1.4.2: checks that the tree (second, secondRoot) extends (first, firstRoot). */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  proof: readonly Uint8Array[],
): ProofFailure | null {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 1 || first > second)
    return "bad-size";
  if (proof.length > PROOF_HASHES_MAX) return "wrong-proof-length";
  for (const p of proof) if (p.length !== HASH_BYTES) return "bad-hash-length";
  if (first === second) {
    if (proof.length !== 0) return "wrong-proof-length";
    return bytesEqual(firstRoot, secondRoot) ? null : "root-mismatch";
  }
  if (proof.length === 0) return "wrong-proof-length";
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return "wrong-proof-length";
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0)
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
    } else sr = nodeHash(sr, c);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return "wrong-proof-length";
  return bytesEqual(fr, firstRoot) && bytesEqual(sr, secondRoot) ? null : "root-mismatch";
}

function isPowerOfTwo(n: number): boolean {
  let m = n;
  while (m > 1 && m % 2 === 0) m /= 2;
  return m === 1;
}
