// The status index (issue 18 item 4): `ledger query --status` answered from keys, not by reading every
// candidate entry. A request's status is one of:
// - fixed when its entry is written: rejected; accepted (an amendment without a policy, an endorsement, a
//   config proposal); in-force (a record without a policy): "s" status 0x00 position;
// - under a policy: "s" "governed" position, written once; and while it is not in force, an open key
//   "d" u64(deadline, or MAX for none) id -> position, deleted in the same atomic batch as the endorsement
//   entry that brings it into force (so a crash cannot leave the two out of step). Pending is an open key
//   whose deadline is at or after the head's time, expired one before it (statusAt), so expiry needs no
//   write at all. In force under a policy: governed and not open.
// Stores written before this index are indexed once at open (as the other query indexes are).
import { pbft } from "@pbft/consensus";
import type { Governed } from "./endorsement.js";
import type { StoredEntry } from "./entry.js";
import { key, Prefix, position, readPosition, rulesIdKey, u64 } from "./keys.js";
import type { KvOp, KvStore } from "./kv.js";
import { RECORD_TYPES } from "./policy.js";
import { type HeightBounds, indexKey, scanIndex } from "./query-index.js";
import { decodeIdState } from "./rules-store.js";

/** Marks a store whose every entry has its status keys. */
export const STATUS_INDEX_KEY = key(Prefix.Meta, Buffer.from("status-index"));

const EMPTY = new Uint8Array(0);
const NO_DEADLINE = Number.MAX_SAFE_INTEGER;

function openKey(g: Governed): Uint8Array {
  return key(
    Prefix.QueryIndex,
    Buffer.from("d", "latin1"),
    u64(g.deadlineMs ?? NO_DEADLINE),
    Buffer.from(g.id, "utf8"),
  );
}

/** What the status index needs of one executed request. */
export interface StatusOf {
  readonly accepted: boolean;
  readonly proposalId: string;
  /** The accepted proposal (record, amendment, endorsement, config). */
  readonly proposal?: unknown;
}

/**
 * The status keys of an entry's requests, from the rules' state after the entry (`governed`): written in
 * the same batch as the entry. An endorsement that brought its target into force deletes the target's open
 * key (a record accepted in force in the same entry never gets one).
 */
export function statusOps(
  height: number,
  requests: readonly StatusOf[],
  governed: (id: string) => Governed | undefined,
): KvOp[] {
  const ops: KvOp[] = [];
  const put = (status: string, i: number) =>
    ops.push({ type: "put", key: indexKey("s", status, height, i), value: EMPTY });
  requests.forEach((r, i) => {
    if (!r.accepted) {
      put("rejected", i);
      return;
    }
    const p = (r.proposal ?? {}) as Record<string, unknown>;
    if (typeof p.kind === "string") {
      put("accepted", i);
      const target =
        p.kind === "endorsement" && typeof p.endorses === "string" ? governed(p.endorses) : undefined;
      if (target?.inForce) ops.push({ type: "del", key: openKey(target) });
      return;
    }
    const g = governed(r.proposalId);
    if (g !== undefined) {
      put("governed", i);
      if (!g.inForce) ops.push({ type: "put", key: openKey(g), value: position(height, i) });
    } else put("amends" in p ? "accepted" : "in-force", i);
  });
  return ops;
}

/** The positions of the open (not in force) governed requests with a deadline in [fromMs, toMs]. */
async function* openPositions(
  kv: KvStore,
  fromMs: number,
  toMs: number,
  heights?: HeightBounds,
): AsyncGenerator<readonly [number, number]> {
  const prefix = (ms: number) => key(Prefix.QueryIndex, Buffer.from("d", "latin1"), u64(ms));
  for await (const [, v] of kv.iterate({
    gte: prefix(Math.max(0, fromMs)),
    lt: prefix(Math.min(NO_DEADLINE, toMs) + 1),
  })) {
    const p = readPosition(v);
    if (heights === undefined || (p.height >= heights.from && p.height <= heights.to))
      yield [p.height, p.index];
  }
}

export type IndexedStatus = "accepted" | "rejected" | "pending" | "in-force" | "expired";

/**
 * The scans whose union is every request with `status` at consensus time `nowMs` (positions ascending
 * within each scan, not across them), within `heights` when given.
 */
export async function statusScans(
  kv: KvStore,
  status: IndexedStatus,
  nowMs: number,
  heights?: HeightBounds,
): Promise<AsyncGenerator<readonly [number, number]>[]> {
  const fixed = (s: string) => scanIndex(kv, "s", s, heights);
  switch (status) {
    case "rejected":
      return [fixed("rejected")];
    case "accepted":
      return [fixed("accepted"), fixed("in-force"), fixed("governed")];
    case "pending":
      return [openPositions(kv, nowMs, NO_DEADLINE, heights)];
    case "expired":
      return [openPositions(kv, 0, nowMs - 1, heights)];
    case "in-force": {
      const open = new Set<number>();
      for await (const [h, i] of openPositions(kv, 0, NO_DEADLINE, heights)) open.add(h * 65_536 + i);
      return [fixed("in-force"), without(fixed("governed"), open)];
    }
  }
}

async function* without(
  keys: AsyncGenerator<readonly [number, number]>,
  open: ReadonlySet<number>,
): AsyncGenerator<readonly [number, number]> {
  for await (const p of keys) if (!open.has(p[0] * 65_536 + p[1])) yield p;
}

/** An accepted request's proposal, parsed (undefined when it is not JSON). */
function proposalOf(e: StoredEntry, i: number): unknown {
  try {
    const body = pbft.RequestBody.decode(e.batch.requests[i]?.body ?? new Uint8Array());
    return JSON.parse(Buffer.from(body.proposal).toString("utf8"));
  } catch {
    return undefined;
  }
}

/**
 * The status keys of a stored entry, from the rules' state stored with the ledger (at its head: the current
 * statuses) read through `idState` (the value of rulesIdKey(id)). Puts only: an open key is current.
 */
export function storedStatusOps(
  e: StoredEntry,
  idState: (key: Uint8Array) => Uint8Array | undefined,
): KvOp[] {
  const requests: StatusOf[] = e.results.map((r, i) => ({
    accepted: r.accepted,
    proposalId: r.proposalId,
    ...(r.accepted ? { proposal: proposalOf(e, i) } : {}),
  }));
  const governed = (id: string): Governed | undefined => {
    const v = idState(rulesIdKey(id));
    return v === undefined ? undefined : decodeIdState(id, v).governed;
  };
  return statusOps(e.height, requests, governed).filter((op) => op.type === "put");
}

/** The rules' state keys storedStatusOps reads for an entry (its accepted records and amendments). */
export function statusReads(e: StoredEntry): Uint8Array[] {
  const out: Uint8Array[] = [];
  e.results.forEach((r, i) => {
    if (!r.accepted) return;
    const p = (proposalOf(e, i) ?? {}) as Record<string, unknown>;
    if (typeof p.kind !== "string" && ("amends" in p || RECORD_TYPES.includes(p.type as never)))
      out.push(rulesIdKey(r.proposalId));
  });
  return out;
}

/**
 * Writes the status keys of a store written before them (once, at open), 1,000 entries a batch, then
 * marks the store.
 */
export async function buildStatusIndex(kv: KvStore, entries: AsyncIterable<StoredEntry>): Promise<void> {
  let ops: KvOp[] = [];
  let count = 0;
  for await (const e of entries) {
    const values = new Map<string, Uint8Array | undefined>();
    for (const k of statusReads(e)) values.set(Buffer.from(k).toString("hex"), await kv.get(k));
    ops.push(...storedStatusOps(e, (k) => values.get(Buffer.from(k).toString("hex"))));
    if (++count % 1000 === 0) {
      await kv.batch(ops);
      ops = [];
    }
  }
  ops.push({ type: "put", key: STATUS_INDEX_KEY, value: Buffer.from("1") });
  await kv.batch(ops, { sync: true });
}
