// Merkle tree over a list of leaf hashes, with domain-separated leaves and nodes (as RFC 6962) so that a
// leaf can never be passed off as an inner node. An odd node at the end of a level is promoted unchanged.
import { bytesEqual, HASH_BYTES, sha256, sha256RangeInto } from "./hashing.js";

const LEAF = new Uint8Array([0]);
const NODE = new Uint8Array([1]);

/** The root of an empty tree: the digest of a null batch. */
export const EMPTY_ROOT: Uint8Array = sha256(new TextEncoder().encode("pbft/empty-merkle-root/v1"));

/** The leaf hash of data given in parts: leafHash(a, b) === leafHash(a || b). */
export function leafHash(...data: readonly Uint8Array[]): Uint8Array {
  return sha256(LEAF, ...data);
}

// Inner nodes of 32-byte children are hashed from one reusable buffer, 0x01 || left || right (calls are
// synchronous, and the hash reads its input before the result is written anywhere).
const nodeInput = new Uint8Array(1 + 2 * HASH_BYTES);
nodeInput[0] = NODE[0]!;

function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(NODE, left, right);
}

/** The inner node over the 64 bytes at src[from..from+64), written to out[at..at+32). */
function nodeHashInto(src: Uint8Array, from: number, out: Uint8Array, at: number): void {
  nodeInput.set(src.subarray(from, from + 2 * HASH_BYTES), 1);
  sha256RangeInto(nodeInput, 0, nodeInput.length, out, at);
}

// The levels of a tree of 32-byte leaves are computed in place in one flat buffer: node i of a level is
// written over slot i, after its children 2i and 2i+1 were read. Grown on demand, never shrunk.
let flat = new Uint8Array(256 * HASH_BYTES);

/**
 * The flat buffer with room for `count` 32-byte leaves, for a caller that hashes leaves straight into it
 * (leaf i at i * 32) and then calls rootOfLeafSlots(count) before anything else hashes a tree.
 */
export function leafSlots(count: number): Uint8Array {
  if (flat.length < count * HASH_BYTES) flat = new Uint8Array(count * 2 * HASH_BYTES);
  return flat;
}

/** The root over the first `count` leaves in leafSlots(); the buffer is scratch afterwards. */
export function rootOfLeafSlots(count: number): Uint8Array {
  if (count === 0) return EMPTY_ROOT;
  let size = count;
  while (size > 1) {
    const pairs = size >> 1;
    for (let i = 0; i < pairs; i++) nodeHashInto(flat, i * 2 * HASH_BYTES, flat, i * HASH_BYTES);
    if ((size & 1) === 1) flat.copyWithin(pairs * HASH_BYTES, (size - 1) * HASH_BYTES, size * HASH_BYTES); // promoted unchanged
    size = (size + 1) >> 1;
  }
  return flat.slice(0, HASH_BYTES);
}

/** Root over already-hashed leaves (use leafHash). */
export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return EMPTY_ROOT;
  let all32 = true;
  for (const l of leaves) if (l.length !== HASH_BYTES) all32 = false;
  if (!all32) return merkleRootGeneric(leaves);
  const slots = leafSlots(leaves.length);
  for (let i = 0; i < leaves.length; i++) slots.set(leaves[i]!, i * HASH_BYTES);
  return rootOfLeafSlots(leaves.length);
}

/** The same tree for leaves of any length. */
function merkleRootGeneric(leaves: readonly Uint8Array[]): Uint8Array {
  let level: Uint8Array[] = leaves.slice();
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const l = level[i]!;
      const r = level[i + 1];
      next.push(r === undefined ? l : nodeHash(l, r));
    }
    level = next;
  }
  return level[0]!;
}

/** The sibling path from leaves[index] to the root, bottom up. */
export function merkleProof(leaves: readonly Uint8Array[], index: number): Uint8Array[] {
  return proofFromLevels(merkleLevels(leaves), index);
}

/**
 * Every level of the tree, leaves first, root last (an odd last node is promoted unchanged): built once,
 * it answers a proof for every leaf in O(log n) (a reply per request of a batch).
 */
export function merkleLevels(leaves: readonly Uint8Array[]): Uint8Array[][] {
  const levels: Uint8Array[][] = [leaves.slice()];
  let level = levels[0]!;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let j = 0; j < level.length; j += 2) {
      const l = level[j]!;
      const r = level[j + 1];
      next.push(r === undefined ? l : nodeHash(l, r));
    }
    levels.push(next);
    level = next;
  }
  return levels;
}

/** The sibling path of leaf `index` from levels made by merkleLevels. */
export function proofFromLevels(levels: readonly (readonly Uint8Array[])[], index: number): Uint8Array[] {
  const leaves = levels[0]?.length ?? 0;
  if (index < 0 || index >= leaves) throw new RangeError(`leaf index ${index} out of 0..${leaves - 1}`);
  const path: Uint8Array[] = [];
  let i = index;
  for (let d = 0; d < levels.length - 1; d++) {
    const sibling = i ^ 1;
    const level = levels[d]!;
    if (sibling < level.length) path.push(level[sibling]!);
    i >>= 1;
  }
  return path;
}

/** Recomputes the root from one leaf and its path; the tree size fixes which levels had a sibling. */
export function verifyMerkleProof(
  leaf: Uint8Array,
  index: number,
  size: number,
  path: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  let hash = leaf;
  let i = index;
  let n = size;
  let used = 0;
  while (n > 1) {
    const sibling = i ^ 1;
    if (sibling < n) {
      const s = path[used++];
      if (s === undefined) return false;
      hash = (i & 1) === 0 ? nodeHash(hash, s) : nodeHash(s, hash);
    }
    i >>= 1;
    n = (n + 1) >> 1;
  }
  return used === path.length && bytesEqual(hash, root);
}
