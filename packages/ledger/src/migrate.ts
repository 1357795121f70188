// Migration of a format-1 ledger (entry headers that hash the view) to format 2, in place. The batches and
// certificates stay as they are (a certificate signs (view, seq, batch digest), so it stays valid); each
// entry gets a header without the view, prev_hash re-chained, and the indexes, client table and head are
// rewritten from the same rules run again; the consensus state is kept. Entries are rewritten in chunks,
// each chunk in one synced batch with a progress record, so an interrupted migration resumes where it
// stopped; the format key is written last. The format-1 chain is checked as it is read (each prev_hash,
// and the head recorded before the migration started), so a damaged ledger is refused, never laundered.
import { bytesEqual, toHex } from "@pbft/consensus";
import type { ClusterConfig } from "./cluster-config.js";
import { type BatchToExecute, type Head, LedgerCore } from "./core.js";
import { decodeEntry, ZERO_HASH } from "./entry.js";
import { LedgerError } from "./errors.js";
import { encodeFormat, LEDGER_FORMAT } from "./format.js";
import {
  entryKey,
  FORMAT_KEY,
  HEAD_KEY,
  heightFromEntryKey,
  MIGRATING_KEY,
  Prefix,
  prefixRange,
} from "./keys.js";
import type { KvOp, KvStore } from "./kv.js";
import { LevelKv } from "./level-kv.js";
import { getManyOf, openRules } from "./rules-open.js";

export interface MigrationResult {
  /** The format the ledger was in (2: nothing to do). */
  readonly from: 1 | 2;
  /** Entries rewritten by this run (a resumed run counts only its own). */
  readonly rewritten: number;
  /** The format-2 head after the migration (undefined when the ledger was already in format 2). */
  readonly head?: Head;
}

export interface MigrationOptions {
  /** Entries per synced write (default 256). */
  readonly chunkEntries?: number;
}

/** Where a migration stands: entries up to `height` are in format 2; `oldHash` is format 1's hash there. */
interface Progress {
  readonly height: number;
  readonly oldHash: string;
  /** The format-1 head when the migration started: the chain read must end exactly there. */
  readonly oldHead: { readonly height: number; readonly hash: string };
}

/** Migrates the ledger in the data directory `dir` (its node stopped) to format 2. */
export async function migrateLedger(
  dir: string,
  cluster: ClusterConfig,
  options: MigrationOptions = {},
): Promise<MigrationResult> {
  const kv = await LevelKv.open(dir, { createIfMissing: false });
  try {
    return await migrateStore(kv, cluster, options, dir);
  } finally {
    await kv.close();
  }
}

/** migrateLedger over any KvStore (left open). */
export async function migrateStore(
  kv: KvStore,
  cluster: ClusterConfig,
  options: MigrationOptions = {},
  where = "(store)",
): Promise<MigrationResult> {
  const format = await kv.get(FORMAT_KEY);
  if (format !== undefined) {
    if (Buffer.from(format).toString("ascii") === String(LEDGER_FORMAT)) return { from: 2, rewritten: 0 };
    throw new LedgerError(
      "format",
      `ledger at ${where} is in an unknown format (${Buffer.from(format).toString("ascii")})`,
    );
  }
  const chunkEntries = Math.max(1, options.chunkEntries ?? 256);
  const progress = await startingPoint(kv);
  const core = new LedgerCore(cluster);
  const corrupt = (height: number, why: string) =>
    new LedgerError("corrupt", `ledger at ${where}, entry ${height}: ${why}; not migrated`, height);

  // Entries a previous run already rewrote: format 2, checked and replayed with the rules' state rebuilt
  // (its stored config changes may be format 1's, of later heights, so no stored state is trusted here).
  await openRules(kv, core, progress.height, true);
  if (core.head().height !== progress.height) throw corrupt(core.head().height + 1, "missing");
  const getMany = getManyOf(kv);

  let oldPrev: Uint8Array = Buffer.from(progress.oldHash, "hex");
  let rewritten = 0;
  let pending: { batch: BatchToExecute; results: readonly Uint8Array[] }[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const batches = pending.map((p) => p.batch);
    const plan = await core.rules.withLoaded(core.needs(batches), getMany, () =>
      core.plan(batches, new Map()),
    );
    if ("error" in plan) throw corrupt(plan.error.height ?? 0, plan.error.message);
    plan.executed.forEach((x, i) => {
      const stored = pending[i]!.results;
      x.entry.resultBytes.forEach((r, j) => {
        if (!bytesEqual(r, stored[j]!)) throw corrupt(x.entry.height, `re-executed result ${j} differs`);
      });
    });
    const last = plan.head.height;
    const record: Progress = { height: last, oldHash: toHex(oldPrev), oldHead: progress.oldHead };
    const ops: KvOp[] = [
      ...plan.ops,
      { type: "put", key: MIGRATING_KEY, value: Buffer.from(JSON.stringify(record)) },
    ];
    await kv.batch(ops, { sync: true });
    core.adopt(plan);
    rewritten += pending.length;
    pending = [];
  };

  // The rest is format 1: read with its own chain, rewritten a chunk at a time.
  for await (const [k, v] of kv.iterate({
    gte: entryKey(progress.height + 1),
    lt: prefixRange(Prefix.Entry).lt,
  })) {
    const height = heightFromEntryKey(k);
    const old = decodeEntry(cluster.clusterId, v, 1);
    if (typeof old === "string") throw corrupt(height, old);
    if (old.height !== height) throw corrupt(height, `header says height ${old.height}`);
    if (!bytesEqual(old.header.prevHash, oldPrev))
      throw corrupt(height, "prev_hash does not chain (format 1)");
    oldPrev = old.entryHash;
    const cert = old.batch.certificate ?? {};
    pending.push({
      batch: { seq: height, view: Number(old.batch.view), requests: old.batch.requests, certificate: cert },
      results: old.resultBytes,
    });
    if (pending.length >= chunkEntries) await flush();
  }
  await flush();
  const head = core.head();
  if (head.height !== progress.oldHead.height || toHex(oldPrev) !== progress.oldHead.hash)
    throw corrupt(
      head.height,
      `the entries end at ${head.height}, the recorded head is ${progress.oldHead.height} (${progress.oldHead.hash.slice(0, 16)}…)`,
    );
  // Last: the format key (from now on the ledger opens), and the progress record goes.
  await kv.batch(
    [
      { type: "put", key: FORMAT_KEY, value: encodeFormat(LEDGER_FORMAT) },
      { type: "del", key: MIGRATING_KEY },
    ],
    { sync: true },
  );
  return { from: 1, rewritten, head };
}

/** A resumed migration's progress, or the start of a new one (with format 1's head, read before any write). */
async function startingPoint(kv: KvStore): Promise<Progress> {
  const saved = await kv.get(MIGRATING_KEY);
  if (saved !== undefined) return JSON.parse(Buffer.from(saved).toString("utf8")) as Progress;
  const head = await kv.get(HEAD_KEY);
  const b = head === undefined ? undefined : Buffer.from(head);
  return {
    height: 0,
    oldHash: toHex(ZERO_HASH),
    oldHead:
      b === undefined
        ? { height: 0, hash: toHex(ZERO_HASH) }
        : { height: Number(b.readBigUInt64BE(0)), hash: toHex(b.subarray(8, 40)) },
  };
}
