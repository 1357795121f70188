// `pbft ledger query` (issue 18): decisions by type, status, proposer, organisation, time range and words
// of the title, answered from the query indexes (query-index.ts, status-index.ts): each condition is a walk
// of index keys (a time range bounds the others by height), the answer their intersection, and only the
// page's entries are read. Results come in height order, paged.

import type { Governed } from "./endorsement.js";
import { statusAt } from "./endorsement.js";
import type { StoredEntry } from "./entry.js";
import type { KvStore } from "./kv.js";
import { RECORD_TYPES } from "./policy.js";
import { describe, heightsOfTime, INDEX_FIELDS, indexKey, scanIndex, wordsOf } from "./query-index.js";
import { statusScans } from "./status-index.js";

export type QueryStatus = "accepted" | "rejected" | "pending" | "in-force" | "expired";

export interface LedgerQuery {
  readonly type?: string;
  /** accepted: any accepted proposal; pending / in-force / expired: under an endorsement policy (accepted
   * records without a policy count as in-force); rejected: refused with a reason. */
  readonly status?: QueryStatus;
  /** A proposer's key (hex) or name. */
  readonly proposer?: string;
  readonly org?: string;
  readonly fromMs?: number;
  readonly toMs?: number;
  /** Every word must be in the title (whole words, any case). */
  readonly text?: string;
  readonly offset?: number;
  readonly limit?: number;
}

export interface QueryRow {
  readonly height: number;
  readonly index: number;
  readonly timeMs: number;
  readonly proposalId: string;
  readonly type: string;
  readonly title?: string;
  readonly proposer: string;
  readonly org?: string;
  readonly status: QueryStatus;
  readonly reason?: string;
}

export interface QueryAnswer {
  readonly rows: QueryRow[];
  /** Matches in all (before paging), index keys walked and entries read: what the answer cost. */
  readonly total: number;
  readonly keysScanned: number;
  readonly entriesRead: number;
  /** Which indexes answered, intersected ("type+proposer", "policy+time", ...). */
  readonly index: string;
}

export interface QuerySource {
  readonly kv: KvStore;
  get(height: number): Promise<StoredEntry | undefined>;
  governed(id: string): Governed | undefined | Promise<Governed | undefined>;
  /** The consensus time now (the head's): expiry is judged against it. */
  nowMs(): number;
  orgAt(height: number, keyHex: string): string | undefined;
  /** A proposer name to its keys (hex). */
  keysNamed(name: string): string[];
}

export const QUERY_LIMIT_MAX = 10_000;

/** Candidates at most this many are checked against a further condition by point reads (see `probe`). */
const PROBE_MAX = 2_000;

/** A (height, index) pair as one number: batches hold at most 65,536 requests, heights stay below 2^37. */
const pack = (h: number, i: number) => h * 65_536 + i;

export async function queryLedger(src: QuerySource, q: LedgerQuery): Promise<QueryAnswer> {
  const words = wordsOf(q.text ?? "");
  const proposerKeys =
    q.proposer === undefined
      ? null
      : /^[0-9a-f]{64}$/.test(q.proposer)
        ? [q.proposer]
        : src.keysNamed(q.proposer);
  const time = { fromMs: q.fromMs ?? 0, toMs: q.toMs ?? Number.MAX_SAFE_INTEGER };
  const timed = q.fromMs !== undefined || q.toMs !== undefined;
  // A time range is a height range (time never decreases with height): the other indexes are walked
  // within it only, instead of whole and intersected with every key of the range.
  const heights = timed ? await heightsOfTime(src.kv, time.fromMs, time.toMs) : undefined;
  if (heights === null) return { rows: [], total: 0, keysScanned: 0, entriesRead: 0, index: "time" };
  // Every indexed condition is a scan of index keys only (status too: status-index.ts); the answer is
  // their intersection.
  // `probe`: the index keys whose presence at a position is the condition (one of them), so that a few
  // candidates left by the scans before are checked by point reads instead of walking the whole index.
  const scans: {
    name: string;
    keys: AsyncGenerator<readonly [number, number]>[];
    probe?: { field: (typeof INDEX_FIELDS)[keyof typeof INDEX_FIELDS]; values: readonly string[] };
  }[] = [];
  if (q.status !== undefined)
    scans.push({ name: "status", keys: await statusScans(src.kv, q.status, src.nowMs(), heights) });
  for (const w of words)
    scans.push({
      name: "word",
      keys: [scanIndex(src.kv, INDEX_FIELDS.word, w, heights)],
      probe: { field: INDEX_FIELDS.word, values: [w] },
    });
  if (proposerKeys !== null)
    scans.push({
      name: "proposer",
      keys: proposerKeys.map((k) => scanIndex(src.kv, INDEX_FIELDS.proposer, k, heights)),
      probe: { field: INDEX_FIELDS.proposer, values: proposerKeys },
    });
  if (q.org !== undefined)
    scans.push({
      name: "org",
      keys: [scanIndex(src.kv, INDEX_FIELDS.org, q.org, heights)],
      probe: { field: INDEX_FIELDS.org, values: [q.org] },
    });
  if (q.type !== undefined)
    scans.push({
      name: "type",
      keys: [scanIndex(src.kv, INDEX_FIELDS.type, q.type, heights)],
      probe: { field: INDEX_FIELDS.type, values: [q.type] },
    });
  if (scans.length === 0) scans.push({ name: "time", keys: [scanIndex(src.kv, INDEX_FIELDS.time, time)] });
  else if (timed) scans[0]!.name += "@time";
  let keysScanned = 0;
  let found: Set<number> | null = null;
  const names: string[] = [];
  for (const scan of scans) {
    if (found !== null && scan.probe !== undefined && found.size <= PROBE_MAX) {
      names.push(`${scan.name}?`);
      const here = new Set<number>();
      for (const p of found) {
        const [h, i] = [Math.floor(p / 65_536), p % 65_536];
        for (const v of scan.probe.values) {
          keysScanned++;
          if ((await src.kv.get(indexKey(scan.probe.field, v, h, i))) !== undefined) {
            here.add(p);
            break;
          }
        }
      }
      found = here;
      continue;
    }
    names.push(scan.name);
    const here = new Set<number>();
    for (const keys of scan.keys)
      for await (const [h, i] of keys) {
        keysScanned++;
        const p = pack(h, i);
        if (found === null || found.has(p)) here.add(p);
      }
    found = here;
  }
  const positions = [...(found ?? [])].sort((a, b) => a - b);

  const offset = Math.max(0, q.offset ?? 0);
  const limit = Math.min(QUERY_LIMIT_MAX, Math.max(1, q.limit ?? 100));
  // Every condition was answered by the indexes: read only the page's entries.
  const rows: QueryRow[] = [];
  const total = positions.length;
  let entriesRead = 0;
  let cached: StoredEntry | undefined;
  const now = src.nowMs();
  for (const p of positions.slice(offset, offset + limit)) {
    const height = Math.floor(p / 65_536);
    const index = p % 65_536;
    if (cached?.height !== height) {
      cached = await src.get(height);
      entriesRead++;
    }
    const e = cached;
    const r = e?.results[index];
    if (e === undefined || r === undefined) continue;
    const d = describe(e, index, (k) => src.orgAt(height, k));
    const g = r.accepted ? await src.governed(r.proposalId) : undefined;
    // A record without a policy is in force once accepted; other accepted proposals are just accepted.
    const status: QueryStatus = !r.accepted
      ? "rejected"
      : g !== undefined
        ? statusAt(g, now)
        : (RECORD_TYPES as readonly string[]).includes(d.type)
          ? "in-force"
          : "accepted";
    rows.push({
      height,
      index,
      timeMs: d.timeMs,
      proposalId: r.proposalId,
      type: d.type,
      ...(d.title !== undefined ? { title: d.title } : {}),
      proposer: d.proposer,
      ...(d.org !== undefined ? { org: d.org } : {}),
      status,
      ...(r.reason ? { reason: r.reason } : {}),
    });
  }
  return { rows, total, keysScanned, entriesRead, index: names.join("+") };
}
