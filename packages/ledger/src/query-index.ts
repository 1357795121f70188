// Query indexes (issue 18): `pbft ledger query` answers from keys written with each entry, never by scanning
// every entry. One key per (field, value, height, index) under Prefix.QueryIndex, empty value:
//   "t" type | "p" proposer key (hex) | "o" organisation | "w" a word of the title (lower case) : value 0x00
//   "m" the entry's consensus time (u64 BE)
// then u64 BE height + u32 BE request index. A query walks the indexes it names and intersects them; a time
// range bounds the others by height (consensus time never decreases with height).
// Status (status-index.ts): "s" status : value 0x00 for what never changes once written (rejected, accepted,
// in-force without a policy, governed), and "d" u64 deadline + id for a record or amendment under a policy
// that is not in force (its value is its position), deleted in the batch of the endorsement that brings it
// into force: pending and expired are the two sides of the head's time.
import { pbft, toHex } from "@pbft/consensus";
import type { StoredEntry } from "./entry.js";
import { key, Prefix, u64 } from "./keys.js";
import type { KvOp, KvStore } from "./kv.js";

export const INDEX_FIELDS = {
  type: "t",
  proposer: "p",
  org: "o",
  word: "w",
  time: "m",
  status: "s",
} as const;
type Field = (typeof INDEX_FIELDS)[keyof typeof INDEX_FIELDS];

/** Marks a store whose every entry is indexed (older stores are indexed once at open). */
export const INDEX_VERSION_KEY = key(Prefix.Meta, Buffer.from("query-index"));

const WORDS_MAX = 32;

/** The words of a title as indexed and searched: lower case, letters and digits, 2 to 32 characters. */
export function wordsOf(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]{2,32}/gu) ?? [];
  return [...new Set(words)].slice(0, WORDS_MAX);
}

/** What the index knows of one request of an entry. */
export interface Indexed {
  readonly type: string;
  readonly proposer: string;
  readonly org?: string;
  readonly title?: string;
  readonly timeMs: number;
}

/** The type of a proposal as queries name it: the record type, "amendment", or the proposal's kind. */
export function describe(e: StoredEntry, index: number, orgOf: (key: string) => string | undefined): Indexed {
  let proposer = "";
  let json: Record<string, unknown> = {};
  try {
    const body = pbft.RequestBody.decode(e.batch.requests[index]?.body ?? new Uint8Array());
    proposer = toHex(body.clientKey);
    const v = JSON.parse(Buffer.from(body.proposal).toString("utf8")) as unknown;
    if (typeof v === "object" && v !== null && !Array.isArray(v)) json = v as Record<string, unknown>;
  } catch {
    // an unparsable request is still indexed by proposer and time
  }
  const type =
    typeof json.kind === "string"
      ? json.kind
      : "amends" in json
        ? "amendment"
        : typeof json.type === "string"
          ? json.type
          : "unknown";
  const org = orgOf(proposer);
  return {
    type: type.slice(0, 64),
    proposer,
    ...(org ? { org } : {}),
    ...(typeof json.title === "string" ? { title: json.title } : {}),
    timeMs: Number(e.header.timeMs ?? 0),
  };
}

export function fieldPrefix(field: Field | "d", value: string | number): Buffer {
  const v =
    typeof value === "number" ? u64(value) : Buffer.concat([Buffer.from(value, "utf8"), Buffer.from([0])]);
  return Buffer.concat([Buffer.from(field, "latin1"), v]);
}

/**
 * One index key, built in a single buffer (issue 20: an entry of 100 requests writes ~600 of these, and
 * the concatenations they were built from were ~2 % of a node's CPU): the same bytes as
 * key(Prefix.QueryIndex, fieldPrefix(field, value), position(height, index)).
 */
export function indexKey(field: Field, value: string | number, height: number, index: number): Buffer {
  const valueBytes = typeof value === "number" ? 8 : Buffer.byteLength(value, "utf8") + 1;
  const b = Buffer.allocUnsafe(2 + valueBytes + 12);
  b[0] = Prefix.QueryIndex;
  b[1] = field.charCodeAt(0);
  let at = 2;
  if (typeof value === "number") at = writeU64(b, at, value);
  else {
    at += b.write(value, at, "utf8");
    b[at++] = 0;
  }
  at = writeU64(b, at, height);
  b.writeUInt32BE(index, at);
  return b;
}

/** u64 BE of a safe integer (as u64() writes it) without a BigInt. */
function writeU64(b: Buffer, at: number, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a u64: ${n}`);
  b.writeUInt32BE(Math.floor(n / 0x1_0000_0000), at);
  b.writeUInt32BE(n % 0x1_0000_0000, at + 4);
  return at + 8;
}

const EMPTY = new Uint8Array(0);

/** The index keys of an entry (written in the same batch as the entry). */
export function indexOps(e: StoredEntry, orgOf: (key: string) => string | undefined): KvOp[] {
  const ops: KvOp[] = [];
  const put = (field: Field, value: string | number, i: number) =>
    ops.push({ type: "put", key: indexKey(field, value, e.height, i), value: EMPTY });
  for (let i = 0; i < e.batch.requests.length; i++) {
    const d = describe(e, i, orgOf);
    put("t", d.type, i);
    put("p", d.proposer, i);
    if (d.org) put("o", d.org, i);
    put("m", d.timeMs, i);
    for (const w of wordsOf(d.title ?? "")) put("w", w, i);
  }
  return ops;
}

/** Heights as a range: [from, to] inclusive. */
export interface HeightBounds {
  readonly from: number;
  readonly to: number;
}

/**
 * (height, index) pairs of one index, ascending: every key of `field` = value (or time in [from, to]),
 * within `heights` when given (the keys of a value are ordered by position, so that is a narrower range).
 */
export async function* scanIndex(
  kv: KvStore,
  field: Field,
  value: string | { readonly fromMs: number; readonly toMs: number },
  heights?: HeightBounds,
): AsyncGenerator<readonly [number, number]> {
  let start: Buffer;
  let end: Buffer;
  if (typeof value === "string") {
    const p = fieldPrefix(field, value);
    start = heights ? Buffer.concat([p, u64(heights.from)]) : p;
    end = heights
      ? Buffer.concat([p, u64(Math.min(Number.MAX_SAFE_INTEGER, heights.to + 1))])
      : Buffer.concat([Buffer.from(field, "latin1"), Buffer.from(value, "utf8"), Buffer.from([1])]);
  } else {
    start = fieldPrefix(field, Math.max(0, value.fromMs));
    end = fieldPrefix(field, Math.min(Number.MAX_SAFE_INTEGER, value.toMs + 1));
  }
  for await (const [k] of kv.iterate({
    gte: key(Prefix.QueryIndex, start),
    lt: key(Prefix.QueryIndex, end),
  })) {
    const b = Buffer.from(k.buffer, k.byteOffset, k.byteLength);
    const at = b.length - 12; // every key ends with the position
    yield [Number(b.readBigUInt64BE(at)), b.readUInt32BE(at + 8)];
  }
}

/**
 * The heights whose entries' consensus time is in [fromMs, toMs] (null: none), from the first and the last
 * time key in the range: time never decreases with height (the ledger records max(certified, previous)).
 */
export async function heightsOfTime(kv: KvStore, fromMs: number, toMs: number): Promise<HeightBounds | null> {
  const range = {
    gte: key(Prefix.QueryIndex, fieldPrefix("m", Math.max(0, fromMs))),
    lt: key(Prefix.QueryIndex, fieldPrefix("m", Math.min(Number.MAX_SAFE_INTEGER, toMs + 1))),
  };
  const heightOf = (k: Uint8Array) =>
    Number(Buffer.from(k.buffer, k.byteOffset, k.byteLength).readBigUInt64BE(k.byteLength - 12));
  let from: number | null = null;
  for await (const [k] of kv.iterate(range)) {
    from = heightOf(k);
    break;
  }
  if (from === null) return null;
  for await (const [k] of kv.iterate({ ...range, reverse: true })) return { from, to: heightOf(k) };
  return null;
}
