// `pbft ledger query` (issue 18): decisions by type, status, proposer, organisation, time range and words
// of the title, answered from the query indexes (query-index.ts). The most selective condition given picks
// the index walked; the entries it finds are read to check the rest. Results come in height order, paged.

import type { Governed } from "./endorsement.js";
import { statusAt } from "./endorsement.js";
import type { StoredEntry } from "./entry.js";
import type { KvStore } from "./kv.js";
import { RECORD_TYPES } from "./policy.js";
import { describe, INDEX_FIELDS, scanIndex, wordsOf } from "./query-index.js";

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
  /** Which index answered ("type", "proposer", "org", "word", "time"). */
  readonly index: string;
}

export interface QuerySource {
  readonly kv: KvStore;
  get(height: number): Promise<StoredEntry | undefined>;
  governed(id: string): Governed | undefined;
  /** The consensus time now (the head's): expiry is judged against it. */
  nowMs(): number;
  orgAt(height: number, keyHex: string): string | undefined;
  /** A proposer name to its keys (hex). */
  keysNamed(name: string): string[];
}

export const QUERY_LIMIT_MAX = 10_000;

export async function queryLedger(src: QuerySource, q: LedgerQuery): Promise<QueryAnswer> {
  const words = wordsOf(q.text ?? "");
  const proposerKeys =
    q.proposer === undefined
      ? null
      : /^[0-9a-f]{64}$/.test(q.proposer)
        ? [q.proposer]
        : src.keysNamed(q.proposer);
  // The driving index: the most selective condition given (a word, a proposer, an org, a type, then time).
  type Drive = { name: string; scans: AsyncGenerator<readonly [number, number]>[] };
  const time = { fromMs: q.fromMs ?? 0, toMs: q.toMs ?? Number.MAX_SAFE_INTEGER };
  const drive: Drive =
    words.length > 0
      ? { name: "word", scans: [scanIndex(src.kv, INDEX_FIELDS.word, words[0]!)] }
      : proposerKeys !== null
        ? { name: "proposer", scans: proposerKeys.map((k) => scanIndex(src.kv, INDEX_FIELDS.proposer, k)) }
        : q.org !== undefined
          ? { name: "org", scans: [scanIndex(src.kv, INDEX_FIELDS.org, q.org)] }
          : q.type !== undefined
            ? { name: "type", scans: [scanIndex(src.kv, INDEX_FIELDS.type, q.type)] }
            : { name: "time", scans: [scanIndex(src.kv, INDEX_FIELDS.time, time)] };
  const positions: [number, number][] = [];
  let keysScanned = 0;
  for (const scan of drive.scans)
    for await (const p of scan) {
      keysScanned++;
      positions.push([p[0], p[1]]);
    }
  if (drive.name === "time") positions.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  else if (drive.scans.length > 1) positions.sort((a, b) => a[0] - b[0] || a[1] - b[1]);

  const offset = Math.max(0, q.offset ?? 0);
  const limit = Math.min(QUERY_LIMIT_MAX, Math.max(1, q.limit ?? 100));
  const rows: QueryRow[] = [];
  let total = 0;
  let entriesRead = 0;
  let cached: StoredEntry | undefined;
  const now = src.nowMs();
  for (const [height, index] of positions) {
    if (cached?.height !== height) {
      cached = await src.get(height);
      entriesRead++;
    }
    const e = cached;
    if (e === undefined) continue;
    const d = describe(e, index, (k) => src.orgAt(height, k));
    if (q.type !== undefined && d.type !== q.type) continue;
    if (proposerKeys !== null && !proposerKeys.includes(d.proposer)) continue;
    if (q.org !== undefined && d.org !== q.org) continue;
    if (d.timeMs < time.fromMs || d.timeMs > time.toMs) continue;
    if (words.length > 1) {
      const have = new Set(wordsOf(d.title ?? ""));
      if (!words.every((w) => have.has(w))) continue;
    }
    const r = e.results[index];
    if (r === undefined) continue;
    const g = r.accepted ? src.governed(r.proposalId) : undefined;
    // A record without a policy is in force once accepted; other accepted proposals are just accepted.
    const status: QueryStatus = !r.accepted
      ? "rejected"
      : g !== undefined
        ? statusAt(g, now)
        : (RECORD_TYPES as readonly string[]).includes(d.type)
          ? "in-force"
          : "accepted";
    if (q.status !== undefined && q.status !== status && !(q.status === "accepted" && r.accepted)) continue;
    total++;
    if (total <= offset || rows.length >= limit) continue;
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
  return { rows, total, keysScanned, entriesRead, index: drive.name };
}
