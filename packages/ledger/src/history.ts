// A source's history as proofs need it: the tree leaves (leafHash of each entry hash, heights 1..n), its
// signed heads and the epoch proof its boundaries give (for heads of later epochs), read from a data
// directory (LevelDB, raw values: only headers are hashed, nothing is re-executed) or an export file. Proofs
// are given over what is read, after checking that the heads' roots are this history's (proofs.ts), so a
// bad source can produce no proof that verifies.
import { stat } from "node:fs/promises";
import { historyLeaf } from "@pbft/consensus";
import { readConfigRecords } from "./config-store.js";
import { decodeChunks, entryHash } from "./entry.js";
import { storedHops } from "./epoch-hops.js";
import { contiguousEpochProof, type EpochHop, type EpochProof } from "./epoch-proof.js";
import { LedgerError } from "./errors.js";
import { readExport } from "./export.js";
import { checkStoreFormat } from "./format.js";
import { Prefix, prefixRange } from "./keys.js";
import { LevelKv } from "./level-kv.js";
import { parseSignedHead, type SignedHead } from "./signed-head.js";

export interface History {
  /** leaves[i] is the leaf of the entry at height i + 1. */
  readonly leaves: readonly Uint8Array[];
  readonly entryHashes: readonly Uint8Array[];
  /** Its signed heads, lowest first (a data dir's stored ones; an export's one), not verified yet. */
  readonly heads: readonly SignedHead[];
  /**
   * The epoch proof its boundaries give, from the genesis up to the first boundary it cannot vouch for (a
   * data dir's saved boundary signatures or heads; an export's epoch hop lines), not verified yet: what
   * heads of later epochs are checked with (verifyEpochProof) without replaying the history.
   */
  readonly epochProof: EpochProof;
}

class Collector {
  readonly leaves: Uint8Array[] = [];
  readonly entryHashes: Uint8Array[] = [];
  constructor(
    private readonly clusterId: string,
    private readonly first = 1,
  ) {}

  add(height: number, value: Uint8Array): void {
    const expected = this.first + this.leaves.length;
    if (height !== expected)
      throw new LedgerError("corrupt", `entry ${expected} is missing (found ${height})`, height);
    const chunks = decodeChunks(value);
    if (typeof chunks === "string") throw new LedgerError("corrupt", `entry ${height}: ${chunks}`, height);
    const hash = entryHash(this.clusterId, chunks[0]!);
    this.entryHashes.push(hash);
    this.leaves.push(historyLeaf(hash));
  }
}

/**
 * The leaves of `count` heights from `first` on, from raw entries in height order (a Ledger's rawRange: a
 * node's proofs).
 */
export async function leavesOf(
  clusterId: string,
  entries: AsyncIterable<readonly [number, Uint8Array]>,
  count: number,
  first = 1,
): Promise<Uint8Array[]> {
  const c = new Collector(clusterId, first);
  for await (const [height, value] of entries) {
    if (height >= first + count) break;
    c.add(height, value);
  }
  if (c.leaves.length < count)
    throw new LedgerError("corrupt", `only ${c.leaves.length} of entries ${first}..${first + count - 1}`);
  return c.leaves;
}

export async function readHistory(dirOrExport: string, clusterId: string): Promise<History> {
  const c = new Collector(clusterId);
  const heads: SignedHead[] = [];
  const hops: EpochHop[] = [];
  if ((await stat(dirOrExport)).isDirectory()) {
    const db = await LevelKv.open(dirOrExport, { createIfMissing: false });
    try {
      await checkStoreFormat(db, dirOrExport);
      for await (const [k, v] of db.iterate(prefixRange(Prefix.Entry)))
        c.add(Number(Buffer.from(k).readBigUInt64BE(1)), v);
      for await (const [, v] of db.iterate(prefixRange(Prefix.SignedHead)))
        heads.push(parseSignedHead(JSON.parse(Buffer.from(v).toString("utf8"))));
      hops.push(...(await storedHops(db, clusterId, (await readConfigRecords(db)).epochs)).values());
    } finally {
      await db.close();
    }
  } else
    for await (const item of readExport(dirOrExport, clusterId)) {
      if ("error" in item) throw new LedgerError("corrupt", `export: ${item.error}`, item.height);
      if ("signedHead" in item) heads.push(parseSignedHead(item.signedHead));
      else if ("epochHop" in item) hops.push(item.epochHop);
      else c.add(item.height, item.value);
    }
  const epochProof = contiguousEpochProof(clusterId, hops);
  return { leaves: c.leaves, entryHashes: c.entryHashes, heads, epochProof };
}
