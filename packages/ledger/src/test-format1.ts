// Test helper: ledger format 1 as it was written (entry headers with the view), built from a format-2
// store, to test the refusal at open and the migration; and a store as written before the rules' state
// was stored (issue 20).
import { pbft } from "@pbft/consensus";
import { decodeChunks, encodeValue, entryHash, ZERO_HASH } from "./entry.js";
import {
  FORMAT_KEY,
  HEAD_KEY,
  heightFromEntryKey,
  Prefix,
  prefixRange,
  RULES_META_KEY,
  u64,
} from "./keys.js";
import type { KvOp, KvStore } from "./kv.js";

/** Protobuf by hand, as format 1 wrote EntryHeader (field 3 = view, omitted when 0 as proto3 does). */
export function v1Header(h: pbft.EntryHeader, view: number): Uint8Array {
  const out: number[] = [];
  const varint = (value: number) => {
    let x = BigInt(value);
    do {
      const low = Number(x & 0x7fn);
      x >>= 7n;
      out.push(x > 0n ? low | 0x80 : low);
    } while (x > 0n);
  };
  const num = (field: number, value: number) => {
    if (value === 0) return;
    varint(field << 3);
    varint(value);
  };
  const bytes = (field: number, value: Uint8Array) => {
    if (value.length === 0) return;
    varint((field << 3) | 2);
    varint(value.length);
    out.push(...value);
  };
  num(1, Number(h.height));
  bytes(2, h.prevHash);
  num(3, view);
  bytes(4, h.batchDigest);
  bytes(5, h.resultsDigest);
  num(6, h.requestCount);
  return new Uint8Array(out);
}

/** The ops that delete the stored rules' state: the store as written before it was kept (issue 20). */
export async function rulesStateDeletes(kv: KvStore): Promise<KvOp[]> {
  const ops: KvOp[] = [{ type: "del", key: RULES_META_KEY }];
  for (const prefix of [Prefix.RulesId, Prefix.RulesClient, Prefix.GovernedOpen])
    for await (const [k] of kv.iterate(prefixRange(prefix))) ops.push({ type: "del", key: k });
  return ops;
}

/** Rewrites a format-2 store as format 1 wrote it: headers with the view, its chain, client table and head. */
export async function downgrade(kv: KvStore, clusterId: string): Promise<void> {
  const ops: KvOp[] = [{ type: "del", key: FORMAT_KEY }, ...(await rulesStateDeletes(kv))];
  const hashes = new Map<number, Uint8Array>();
  let prev: Uint8Array = ZERO_HASH;
  for await (const [k, v] of kv.iterate(prefixRange(Prefix.Entry))) {
    const [header, batch, ...results] = decodeChunks(v) as Uint8Array[];
    const h = pbft.EntryHeader.decode(header!);
    const view = Number(pbft.CommittedBatch.decode(batch!).view);
    const old = v1Header(pbft.EntryHeader.create({ ...h, prevHash: prev }), view);
    prev = entryHash(clusterId, old);
    hashes.set(heightFromEntryKey(k), prev);
    ops.push({ type: "put", key: k, value: encodeValue([old, batch!, ...results]) });
  }
  for await (const [k, v] of kv.iterate(prefixRange(Prefix.ClientTable))) {
    const row = Buffer.from(v);
    const height = Number(row.readBigUInt64BE(8));
    ops.push({ type: "put", key: k, value: Buffer.concat([row.subarray(0, 16), hashes.get(height)!]) });
  }
  ops.push({ type: "put", key: HEAD_KEY, value: Buffer.concat([u64(hashes.size), prev]) });
  await kv.batch(ops, { sync: true });
}
