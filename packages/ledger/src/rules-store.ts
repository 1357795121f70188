// The rules' state kept in the store (issue 20): memory no longer grows with history, and an open reads a
// few small keys instead of re-executing every entry. Per accepted proposal id one key (its kind, whether
// a record is withdrawn, its Governed record under a policy), per client one key (its last request
// number), a listing key per governed record not in force, and one meta key with the small parts (the
// height they were written at, the head's time, the open config changes, the boundary, the history tree's
// frontier). They are written in the same atomic batch as the entries that change them, so the state and
// the chain never disagree after a crash. The config changes and epochs stay in memory (ConfigState): they
// are governance, a few per epoch, and were stored already (Prefix.ConfigChange, Prefix.Epoch).
//
// The rules are synchronous, the store is not: before a batch is decided, every key its requests can read
// (client key, the proposal's id, `amends` and `endorses`) is loaded with one getMany (StoredRules.load),
// and the decision reads the bounded cache and those values. A key the prefetch did not foresee makes the
// plan throw StateMiss: it is loaded and the plan (which changes nothing) runs again.
import { Lru, MerkleFrontier, pbft } from "@pbft/consensus";
import type { ClusterConfig } from "./cluster-config.js";
import { ConfigState } from "./config-state.js";
import type { Governed } from "./endorsement.js";
import { LedgerError } from "./errors.js";
import { governedOpenKey, RULES_META_KEY, rulesClientKey, rulesIdKey, u64 } from "./keys.js";
import type { KvOp } from "./kv.js";
import { MemoryRulesState, type ProposalKind, type RulesParent } from "./rules.js";

/**
 * Ids and clients the cache holds, each (default): about 200 bytes an id, so ~13 MB at most. Misses cost a
 * LevelDB read in the batch's one getMany, so the bound trades memory for reads, never for correctness.
 */
export const RULES_CACHE_ENTRIES = 65_536;

/** The version of the stored rules' state (in its meta key). Another (or none): rebuilt once at open. */
export const RULES_STATE_VERSION = 1;

const KINDS: readonly ProposalKind[] = [
  "record",
  "amendment",
  "config-change",
  "config-approval",
  "endorsement",
];

/** The rules' state of one accepted proposal id. */
export interface IdState {
  readonly kind: ProposalKind;
  /** A record withdrawn by a withdrawal in force. */
  readonly withdrawn: boolean;
  /** Under an endorsement policy (issue 18). */
  readonly governed?: Governed;
}

export function encodeIdState(s: IdState): Uint8Array {
  const head = Buffer.from([KINDS.indexOf(s.kind), s.withdrawn ? 1 : 0]);
  return s.governed === undefined ? head : Buffer.concat([head, Buffer.from(JSON.stringify(s.governed))]);
}

export function decodeIdState(id: string, v: Uint8Array): IdState {
  const kind = KINDS[v[0] ?? -1];
  if (kind === undefined || v.length < 2 || (v[1] ?? 2) > 1)
    throw new LedgerError("corrupt", `rules' state of ${JSON.stringify(id)} is unreadable`);
  const withdrawn = v[1] === 1;
  if (v.length === 2) return { kind, withdrawn };
  const governed = JSON.parse(Buffer.from(v.buffer, v.byteOffset + 2, v.byteLength - 2).toString("utf8"));
  return { kind, withdrawn, governed: governed as Governed };
}

/** The small parts of the stored state, and the height (and head) they were written at. */
export interface RulesMeta {
  readonly v: number;
  readonly height: number;
  readonly entryHash: string;
  readonly timeMs: number;
  readonly openIds: readonly string[];
  readonly boundary: number | null;
  /** The history tree's frontier over heights 1..height (MerkleFrontier.peaks), hex. */
  readonly peaks: readonly string[];
}

export function metaOp(
  head: { readonly height: number; readonly entryHash: Uint8Array; readonly timeMs: number },
  tree: MerkleFrontier,
  config: ConfigState,
): KvOp {
  const meta: RulesMeta = {
    v: RULES_STATE_VERSION,
    height: head.height,
    entryHash: Buffer.from(head.entryHash).toString("hex"),
    timeMs: head.timeMs,
    openIds: config.openIds(),
    boundary: config.boundary(),
    peaks: tree.peaks().map((p) => Buffer.from(p).toString("hex")),
  };
  return { type: "put", key: RULES_META_KEY, value: Buffer.from(JSON.stringify(meta)) };
}

/** The stored meta, or null when there is none or it is of another version (the state is rebuilt). */
export function decodeMeta(v: Uint8Array | undefined): RulesMeta | null {
  if (v === undefined) return null;
  const m = JSON.parse(Buffer.from(v).toString("utf8")) as RulesMeta;
  return m.v === RULES_STATE_VERSION ? m : null;
}

export function treeOf(meta: RulesMeta): MerkleFrontier {
  return MerkleFrontier.restore(
    meta.height,
    meta.peaks.map((p) => Buffer.from(p, "hex")),
  );
}

/** The keys a batch's requests can make the rules read: client keys (hex) and proposal ids. */
export interface StateNeeds {
  readonly ids: Set<string>;
  readonly clients: Set<string>;
}

const decoder = new TextDecoder("utf-8", { fatal: true });
/** Longer strings are no ULID, so the rules never look them up. */
const ID_CHARS_MAX = 64;

/** What the requests of these batches can read (a superset is fine; a miss is caught by StateMiss). */
export function stateNeeds(batches: Iterable<readonly pbft.IClientRequest[]>): StateNeeds {
  const need: StateNeeds = { ids: new Set(), clients: new Set() };
  for (const requests of batches)
    for (const r of requests) {
      let body: pbft.RequestBody;
      try {
        body = pbft.RequestBody.decode(r.body ?? new Uint8Array());
      } catch {
        continue;
      }
      if (body.clientKey.length !== 32) continue;
      need.clients.add(Buffer.from(body.clientKey).toString("hex"));
      let json: unknown;
      try {
        json = JSON.parse(decoder.decode(body.proposal));
      } catch {
        continue;
      }
      if (typeof json !== "object" || json === null) continue;
      for (const field of ["id", "amends", "endorses"] as const) {
        const v = (json as Record<string, unknown>)[field];
        if (typeof v === "string" && v.length <= ID_CHARS_MAX) need.ids.add(v);
      }
    }
  return need;
}

/** A plan read a key that was neither cached nor loaded: load it and plan again. */
export class StateMiss extends Error {
  constructor(readonly need: StateNeeds) {
    super("the rules read a state key that was not loaded");
  }
}

/** What a plan changed in the stored state: the ops that write it, and what the cache takes after. */
export interface StateChanges {
  readonly ops: readonly KvOp[];
  readonly ids: ReadonlyMap<string, IdState>;
  readonly clients: ReadonlyMap<string, number>;
}

export type GetMany = (keys: readonly Uint8Array[]) => Promise<readonly (Uint8Array | undefined)[]>;

/**
 * The root of the ledger's rules' state: reads the cache, then the values loaded for the plan, then (a
 * MemoryKv) the store itself. Never written but by `adopt`, after the write of what it adopts succeeded,
 * so the cache never holds what the store does not.
 */
export class StoredRules implements RulesParent {
  readonly config: ConfigState;
  private readonly ids: Lru<string, IdState | null>;
  private readonly clients: Lru<string, number>;
  private readonly loadedIds = new Map<string, IdState | null>();
  private readonly loadedClients = new Map<string, number>();
  /** Plans run again because the prefetch missed a key (tests check it stays 0). */
  misses = 0;

  constructor(
    genesis: ClusterConfig,
    cacheEntries: number = RULES_CACHE_ENTRIES,
    /**
     * A synchronous read of the store (MemoryKv): then nothing needs loading first. null: the store cannot
     * be read synchronously (any more: the verify's ScratchRules moved to a LevelDB), as without `read`.
     */
    private readonly read?: (key: Uint8Array) => Uint8Array | undefined | null,
  ) {
    this.config = new ConfigState(genesis);
    this.ids = new Lru(cacheEntries);
    this.clients = new Lru(cacheEntries);
  }

  isAuthorised(clientKeyHex: string): boolean {
    return this.config.isProposer(clientKeyHex);
  }
  isMemberKey(clientKeyHex: string): boolean {
    return this.config.isMemberKey(clientKeyHex);
  }
  lastRequestNumber(clientKeyHex: string): number {
    const cached = this.clients.get(clientKeyHex);
    if (cached !== undefined) return cached;
    let n = this.loadedClients.get(clientKeyHex);
    if (n === undefined) {
      const v = this.read?.(rulesClientKey(clientKeyHex));
      if ((v === undefined && this.read === undefined) || v === null) throw missing([], [clientKeyHex]);
      n = numberOf(v);
    }
    this.clients.set(clientKeyHex, n);
    return n;
  }
  kindOf(id: string): ProposalKind | null {
    return this.idState(id)?.kind ?? null;
  }
  isWithdrawn(recordId: string): boolean {
    return this.idState(recordId)?.withdrawn ?? false;
  }
  governed(id: string): Governed | undefined {
    return this.idState(id)?.governed;
  }

  private idState(id: string): IdState | null {
    const cached = this.ids.get(id);
    if (cached !== undefined) return cached;
    let s = this.loadedIds.get(id);
    if (s === undefined) {
      const v = this.read?.(rulesIdKey(id));
      if ((v === undefined && this.read === undefined) || v === null) throw missing([id], []);
      s = v === undefined ? null : decodeIdState(id, v);
    }
    this.ids.set(id, s);
    return s;
  }

  /**
   * Runs `plan` (which must change nothing but through its result) with every state key it reads at hand:
   * `need` loaded first with one getMany, then any key it missed, running it again.
   */
  async withLoaded<T>(need: StateNeeds, getMany: GetMany, plan: () => T): Promise<T> {
    try {
      await this.load(need, getMany);
      for (;;) {
        try {
          return plan();
        } catch (e) {
          if (!(e instanceof StateMiss)) throw e;
          this.misses++;
          await this.load(e.need, getMany);
        }
      }
    } finally {
      this.loadedIds.clear();
      this.loadedClients.clear();
    }
  }

  /** Pins the cached values of `need` (a plan's reads must not evict them) and reads the rest. */
  private async load(need: StateNeeds, getMany: GetMany): Promise<void> {
    const ids: string[] = [];
    const clients: string[] = [];
    for (const id of need.ids) {
      const s = this.ids.peek(id);
      if (s !== undefined) this.loadedIds.set(id, s);
      else if (!this.loadedIds.has(id)) ids.push(id);
    }
    for (const c of need.clients) {
      const n = this.clients.peek(c);
      if (n !== undefined) this.loadedClients.set(c, n);
      else if (!this.loadedClients.has(c)) clients.push(c);
    }
    if (ids.length + clients.length === 0) return;
    const values = await getMany([...ids.map(rulesIdKey), ...clients.map(rulesClientKey)]);
    ids.forEach((id, i) => {
      const v = values[i];
      this.loadedIds.set(id, v === undefined ? null : decodeIdState(id, v));
    });
    clients.forEach((c, i) => {
      this.loadedClients.set(c, numberOf(values[ids.length + i]));
    });
  }

  /** The ops that store what `fork` (a fork of this state, not merged) changed. Reads only loaded keys. */
  changesOf(fork: MemoryRulesState): StateChanges {
    const c = fork.changes();
    const ops: KvOp[] = [];
    const ids = new Map<string, IdState>();
    const clients = new Map<string, number>();
    for (const [k, n] of c.lastNumber) {
      clients.set(k, n);
      ops.push({ type: "put", key: rulesClientKey(k), value: u64(n) });
    }
    const touched = new Set(c.kinds.keys());
    for (const id of c.withdrawn) touched.add(id);
    for (const id of c.governed.keys()) touched.add(id);
    for (const id of touched) {
      const kind = fork.kindOf(id);
      if (kind === null) throw new Error(`rules' state of ${id} changed without its kind`);
      const g = fork.governed(id);
      const s: IdState = {
        kind,
        withdrawn: fork.isWithdrawn(id),
        ...(g !== undefined ? { governed: g } : {}),
      };
      ids.set(id, s);
      ops.push({ type: "put", key: rulesIdKey(id), value: encodeIdState(s) });
      if (g !== undefined && c.governed.has(id))
        ops.push(
          g.inForce
            ? { type: "del", key: governedOpenKey(id) }
            : { type: "put", key: governedOpenKey(id), value: new Uint8Array(0) },
        );
    }
    return { ops, ids, clients };
  }

  /** A state that executes on top of this one (an append's plan); `changesOf` lists what it changed. */
  fork(): MemoryRulesState {
    return new MemoryRulesState(null, this);
  }

  /** After the write of `changes` succeeded: the cache holds them. */
  adopt(changes: StateChanges): void {
    for (const [id, s] of changes.ids) this.ids.set(id, s);
    for (const [k, n] of changes.clients) this.clients.set(k, n);
  }

  /** Entries the cache holds (ids, clients), for tests of its bound. */
  cacheSize(): { ids: number; clients: number } {
    return { ids: this.ids.size, clients: this.clients.size };
  }
}

function missing(ids: string[], clients: string[]): StateMiss {
  return new StateMiss({ ids: new Set(ids), clients: new Set(clients) });
}

function numberOf(v: Uint8Array | undefined): number {
  if (v === undefined) return 0;
  if (v.length !== 8) throw new LedgerError("corrupt", "a client's last request number is unreadable");
  return Number(Buffer.from(v.buffer, v.byteOffset, v.byteLength).readBigUInt64BE(0));
}
