// Query indexes (issue 18): `pbft ledger query` answers from keys written with each entry, never by scanning
// every entry. One key per (field, value, height, index) under Prefix.QueryIndex, empty value:
//   "t" type | "p" proposer key (hex) | "o" organisation | "w" a word of the title (lower case) : value 0x00
//   "m" the entry's consensus time (u64 BE)
// then u64 BE height + u32 BE request index. A query walks the most selective index it names and checks the
// other conditions on the few entries it finds. Status (pending, in-force, expired, rejected) changes after
// the entry is written, so it is checked at query time from the rules' state, never indexed.
import { pbft, toHex } from "@pbft/consensus";
import type { StoredEntry } from "./entry.js";
import { key, Prefix, u64 } from "./keys.js";
import type { KvOp, KvStore } from "./kv.js";

export const INDEX_FIELDS = { type: "t", proposer: "p", org: "o", word: "w", time: "m" } as const;
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

function fieldPrefix(field: Field, value: string | number): Buffer {
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

/** (height, index) pairs of one index, ascending: every key of `field` = value (or time in [from, to]). */
export async function* scanIndex(
  kv: KvStore,
  field: Field,
  value: string | { readonly fromMs: number; readonly toMs: number },
): AsyncGenerator<readonly [number, number]> {
  const start =
    typeof value === "string" ? fieldPrefix(field, value) : fieldPrefix(field, Math.max(0, value.fromMs));
  const end =
    typeof value === "string"
      ? Buffer.concat([Buffer.from(field, "latin1"), Buffer.from(value, "utf8"), Buffer.from([1])])
      : fieldPrefix(field, Math.min(Number.MAX_SAFE_INTEGER, value.toMs + 1));
  for await (const [k] of kv.iterate({
    gte: key(Prefix.QueryIndex, start),
    lt: key(Prefix.QueryIndex, end),
  })) {
    const b = Buffer.from(k.buffer, k.byteOffset, k.byteLength);
    const at = b.length - 12; // every key ends with the position
    yield [Number(b.readBigUInt64BE(at)), b.readUInt32BE(at + 8)];
  }
}
