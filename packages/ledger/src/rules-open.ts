// Opening the stored rules' state (rules-store.ts): the meta key, the epochs and the config changes, and
// no entry. A store whose state is missing (written before it was kept: the one-time migration), of
// another version, or behind its entries (an interrupted rebuild) has its entries replayed above the
// state's height, a chunk per write, each with its own meta; a later open then starts from there.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { pbft } from "@pbft/consensus";
import type { ClusterConfig } from "./cluster-config.js";
import type { ChangeRecord, ConfigState } from "./config-state.js";
import type { LedgerCore } from "./core.js";
import type { StoredEntry } from "./entry.js";
import type { EpochRecord } from "./epochs.js";
import { type ExecutedRequest, executeBatch } from "./execute.js";
import { entryKey, entryKeyAfter, heightFromEntryKey, Prefix, prefixRange, RULES_META_KEY } from "./keys.js";
import { type KvOp, type KvStore, MemoryKv } from "./kv.js";
import { LevelKv } from "./level-kv.js";
import { decodeMeta, type GetMany, StoredRules, stateNeeds } from "./rules-store.js";

/** Entries replayed per write when the state is rebuilt. */
export const REPLAY_CHUNK_ENTRIES = 1_000;

/** The prefixes that hold the rules' state per id and per client (cleared before a rebuild). */
const STATE_PREFIXES = [Prefix.RulesId, Prefix.RulesClient, Prefix.GovernedOpen] as const;

export interface OpenedRules {
  /** Entries replayed (0 unless the state was missing or behind). */
  readonly replayed: number;
  /** The state had to be rebuilt from the genesis (none stored, or of another version). */
  readonly rebuilt: boolean;
}

/** One getMany over any store (LevelKv reads the keys in one call). */
export function getManyOf(kv: KvStore): GetMany {
  const many = (kv as { getMany?: GetMany }).getMany;
  return many !== undefined
    ? (keys) => many.call(kv, keys)
    : (keys) => Promise.all(keys.map((k) => kv.get(k)));
}

function json<T>(v: Uint8Array): T {
  return JSON.parse(Buffer.from(v).toString("utf8")) as T;
}

/**
 * Brings `core` (new) to the stored state, then replays the entries above it up to `to` (default: all).
 * `rebuild`: ignore the stored state and replay from the genesis.
 */
export async function openRules(
  kv: KvStore,
  core: LedgerCore,
  to = Number.MAX_SAFE_INTEGER,
  rebuild = false,
): Promise<OpenedRules> {
  const meta = rebuild ? null : decodeMeta(await kv.get(RULES_META_KEY));
  if (meta === null) await clearState(kv);
  else {
    const epochs: EpochRecord[] = [];
    for await (const [, v] of kv.iterate(prefixRange(Prefix.Epoch))) epochs.push(json(v));
    const changes: ChangeRecord[] = [];
    for await (const [, v] of kv.iterate(prefixRange(Prefix.ConfigChange))) changes.push(json(v));
    core.restore(meta, epochs, changes);
  }
  const getMany = getManyOf(kv);
  let chunk: StoredEntry[] = [];
  let replayed = 0;
  const flush = async (sync: boolean) => {
    const entries = chunk;
    chunk = [];
    const plan = await core.rules.withLoaded(core.needs(entries.map((e) => e.batch)), getMany, () =>
      core.planReplay(entries),
    );
    await kv.batch(plan.ops, { sync });
    core.adopt(plan);
    replayed += entries.length;
  };
  const from = core.head().height + 1;
  if (from <= to)
    for await (const [k, v] of kv.iterate({ gte: entryKey(from), lt: entryKeyAfter(to) })) {
      chunk.push(core.decode(heightFromEntryKey(k), v));
      if (chunk.length >= REPLAY_CHUNK_ENTRIES) await flush(false);
    }
  if (chunk.length > 0) await flush(true);
  return { replayed, rebuilt: meta === null };
}

/** openRules over a MemoryKv, synchronously (the simulator's MemoryLedger; its core reads the store). */
export function openRulesSync(kv: MemoryKv, core: LedgerCore): OpenedRules {
  const meta = decodeMeta(kv.getSync(RULES_META_KEY));
  if (meta === null) {
    const ops: KvOp[] = [];
    for (const prefix of STATE_PREFIXES)
      for (const [k] of kv.iterateSync(prefixRange(prefix))) ops.push({ type: "del", key: k });
    kv.batchSync(ops);
  } else {
    const epochs = [...kv.iterateSync(prefixRange(Prefix.Epoch))].map(([, v]) => json<EpochRecord>(v));
    const changes = [...kv.iterateSync(prefixRange(Prefix.ConfigChange))].map(([, v]) =>
      json<ChangeRecord>(v),
    );
    core.restore(meta, epochs, changes);
  }
  const entries = [
    ...kv.iterateSync({ gte: entryKey(core.head().height + 1), lt: prefixRange(Prefix.Entry).lt }),
  ].map(([k, v]) => core.decode(heightFromEntryKey(k), v));
  if (entries.length > 0) {
    const plan = core.planReplay(entries);
    kv.batchSync(plan.ops);
    core.adopt(plan);
  }
  return { replayed: entries.length, rebuilt: meta === null };
}

/** Deletes every per-id and per-client state key, a chunk per write. */
async function clearState(kv: KvStore): Promise<void> {
  for (const prefix of STATE_PREFIXES) {
    let ops: KvOp[] = [];
    for await (const [k] of kv.iterate(prefixRange(prefix))) {
      ops.push({ type: "del", key: k });
      if (ops.length >= 10_000) {
        await kv.batch(ops);
        ops = [];
      }
    }
    if (ops.length > 0) await kv.batch(ops);
  }
}

/** State keys a verify keeps in memory before it moves them to a temporary LevelDB (~20 MB). */
export const SCRATCH_MEMORY_KEYS = 100_000;

/**
 * The rules' state of an offline verify: in a MemoryKv while it is small (most verifies: no disk at all),
 * then, past SCRATCH_MEMORY_KEYS keys, in a temporary LevelDB under the system's temp directory (removed by
 * `close`), read through the bounded cache: memory stays bounded whatever the ledger's length, the disk
 * holds about what a node's state keys take. Each entry's changes are written (not synced: nothing has to
 * survive a crash) before the next entry executes.
 */
export class ScratchRules {
  private mem: MemoryKv | null = new MemoryKv();
  private disk: { readonly kv: LevelKv; readonly dir: string } | null = null;
  private readonly root: StoredRules;

  constructor(
    cluster: ClusterConfig,
    private readonly memoryKeys = SCRATCH_MEMORY_KEYS,
  ) {
    this.root = new StoredRules(cluster, undefined, (key) =>
      this.mem === null ? null : this.mem.getSync(key),
    );
  }

  get config(): ConfigState {
    return this.root.config;
  }

  /** Where the state is kept now (for tests). */
  get onDisk(): boolean {
    return this.disk !== null;
  }

  /** Executes one entry's requests (executeBatch), then its end (the hand-over at a boundary). */
  async entry(
    clusterId: string,
    height: number,
    requests: readonly pbft.IClientRequest[],
    timeMs: number,
  ): Promise<{ executed: ExecutedRequest[]; next: EpochRecord | null }> {
    const plan = () => {
      const fork = this.root.fork();
      const executed = executeBatch(fork, clusterId, height, requests, timeMs);
      const next = fork.endEntry(height);
      return { fork, executed, next, changes: this.root.changesOf(fork) };
    };
    const disk = this.disk;
    const run =
      disk === null ? plan() : await this.root.withLoaded(stateNeeds([requests]), getManyOf(disk.kv), plan);
    if (this.mem !== null) this.mem.batchSync(run.changes.ops);
    else await disk!.kv.batch(run.changes.ops);
    run.fork.config.merge();
    this.root.adopt(run.changes);
    if (this.mem !== null && this.mem.size > this.memoryKeys) await this.spill(this.mem);
    return { executed: run.executed, next: run.next };
  }

  /** Moves the state to a temporary LevelDB; from now on the root reads what a plan loads (`read` is off). */
  private async spill(mem: MemoryKv): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), "pbft-verify-state-"));
    let kv: LevelKv;
    try {
      kv = await LevelKv.open(dir);
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    this.disk = { kv, dir };
    let ops: KvOp[] = [];
    for (const [key, value] of mem.iterateSync()) {
      ops.push({ type: "put", key, value });
      if (ops.length >= 10_000) {
        await kv.batch(ops);
        ops = [];
      }
    }
    await kv.batch(ops);
    this.mem = null;
  }

  async close(): Promise<void> {
    const disk = this.disk;
    this.disk = null;
    this.mem = null;
    if (disk === null) return;
    await disk.kv.close().catch(() => undefined);
    rmSync(disk.dir, { recursive: true, force: true });
  }
}
