// The node's ledger: LedgerCore's logic over an async KvStore (LevelKv on a node's disk). An append writes
// the entries, their indexes, the client table and the head in one synced batch, so a crash leaves either
// all of it or none of it. The rules' state is stored in the same batches (rules-store.ts) and read through a
// bounded cache: an open reads its small parts, never the entries (issue 20).

import { type DurableState, pbft } from "@pbft/consensus";
import type { ClusterConfig } from "./cluster-config.js";
import type { ChangeRecord } from "./config-state.js";
import type { StoredConsensusState } from "./consensus-state.js";
import {
  type BatchToExecute,
  type ClientTableRow,
  clientRowOf,
  type Executed,
  type Head,
  LedgerCore,
} from "./core.js";
import type { Governed } from "./endorsement.js";
import { decodeEntry, type StoredEntry } from "./entry.js";
import { storedHops } from "./epoch-hops.js";
import { EPOCH_PROOF_FORMAT, type EpochHop, type EpochProof } from "./epoch-proof.js";
import type { EpochRecord } from "./epochs.js";
import { LedgerError } from "./errors.js";
import { checkStoreFormat, encodeFormat, LEDGER_FORMAT } from "./format.js";
import {
  CONSENSUS_HEADER_KEY,
  CONSENSUS_LEGACY_KEY,
  clientRequestKey,
  entryKey,
  entryKeyAfter,
  epochKey,
  FORMAT_KEY,
  HEAD_KEY,
  heightFromEntryKey,
  heightFromEvidenceKey,
  PREPARED_PARTS,
  Prefix,
  prefixRange,
  proposalKey,
  readPosition,
  rulesIdKey,
  seqFromPreparedPartKey,
  signedHeadKey,
} from "./keys.js";
import type { KvOp, KvStore } from "./kv.js";
import { LevelKv } from "./level-kv.js";
import { type LedgerQuery, type QueryAnswer, queryLedger } from "./query.js";
import { INDEX_VERSION_KEY, indexOps } from "./query-index.js";
import { getManyOf, openRules } from "./rules-open.js";
import { decodeIdState } from "./rules-store.js";
import { encodeSignedHead, parseSignedHead, type SignedHead } from "./signed-head.js";
import {
  BatchRangeCollector,
  HEAD_REACH,
  headProofOf,
  type StateReplyBatches,
  type StateReplyLimits,
  stateReplyScan,
  storedBatchBytes,
  storedHeaderBytes,
} from "./state-reply.js";
import { buildStatusIndex, STATUS_INDEX_KEY } from "./status-index.js";

export interface LedgerOptions {
  /** Ids and clients the rules' state cache holds, each (default RULES_CACHE_ENTRIES: rules-store.ts). */
  readonly rulesCacheEntries?: number;
}

export class Ledger {
  private queue: Promise<unknown> = Promise.resolve();
  private saving: Promise<unknown> = Promise.resolve();
  private broken: LedgerError | null = null;
  /** The height of the latest signed head stored (0: none). */
  private latestHead = 0;

  private constructor(
    private readonly kv: KvStore,
    private readonly core: LedgerCore,
  ) {}

  get cluster(): ClusterConfig {
    return this.core.cluster;
  }

  /**
   * Opens the ledger in a data directory (a LevelKv, created when absent) or over any KvStore, with the
   * rules' state stored in it (read in O(1): no entry is read; a store written before the state was stored
   * is replayed once to write it). The ledger closes the store when it is closed. LedgerError "format"
   * for a ledger of another format (format 1: the message says how to migrate).
   */
  static async open(
    where: string | KvStore,
    cluster: ClusterConfig,
    options: LedgerOptions = {},
  ): Promise<Ledger> {
    const kv = typeof where === "string" ? await LevelKv.open(where) : where;
    const label = typeof where === "string" ? where : "(store)";
    const core = new LedgerCore(
      cluster,
      options.rulesCacheEntries !== undefined ? { rulesCacheEntries: options.rulesCacheEntries } : {},
    );
    try {
      if (await checkStoreFormat(kv, label))
        await kv.batch([{ type: "put", key: FORMAT_KEY, value: encodeFormat(LEDGER_FORMAT) }], {
          sync: true,
        });
      if ((await kv.get(epochKey(0))) === undefined) await kv.batch([core.genesisEpochOp()], { sync: true });
      await openRules(kv, core);
      const stored = await kv.get(HEAD_KEY);
      const height = stored === undefined ? 0 : Number(Buffer.from(stored).readBigUInt64BE(0));
      if (height !== core.head().height)
        throw new LedgerError(
          "corrupt",
          `ledger at ${label}: head ${height} but the entries and rules' state end at ${core.head().height}`,
        );
      const indexed = (await kv.get(INDEX_VERSION_KEY)) !== undefined;
      if (!indexed) await buildQueryIndexes(kv, core);
      // The status keys live under the query indexes' prefix: rebuilt with them, or alone when missing.
      if (!indexed || (await kv.get(STATUS_INDEX_KEY)) === undefined)
        await buildStatusIndex(
          kv,
          (async function* () {
            for await (const [k, v] of kv.iterate(prefixRange(Prefix.Entry)))
              yield core.decode(heightFromEntryKey(k), v);
          })(),
        );
      for await (const _ of kv.iterate(prefixRange(Prefix.Evidence))) core.countEvidence();
      const parts: number[] = [];
      for await (const [k] of kv.iterate(PREPARED_PARTS)) parts.push(seqFromPreparedPartKey(k));
      core.consensus.know(parts, (await kv.get(CONSENSUS_LEGACY_KEY)) !== undefined);
      const ledger = new Ledger(kv, core);
      // The newest head only: walking every stored head made open grow with the history.
      for await (const [k] of kv.iterate({ ...prefixRange(Prefix.SignedHead), reverse: true })) {
        ledger.latestHead = heightFromEntryKey(k);
        break;
      }
      return ledger;
    } catch (e) {
      await kv.close().catch(() => undefined);
      throw e instanceof LedgerError ? e : new LedgerError("corrupt", `ledger at ${label}: ${messageOf(e)}`);
    }
  }

  head(): Head {
    return this.core.head();
  }

  /** The epoch configuration in force after the head (epoch 0: the genesis). */
  epoch(): EpochRecord {
    return this.core.epoch();
  }
  /** Every epoch so far, oldest first: its configuration, first height and hash (also stored: Prefix.Epoch). */
  epochs(): readonly EpochRecord[] {
    return this.core.epochs();
  }
  /** The epoch in force at `height`. */
  epochAt(height: number): EpochRecord {
    return this.core.epochAt(height);
  }
  /** The changes of the epoch in force that are pending (or approved, awaiting the boundary), with approvals. */
  openChanges(): ChangeRecord[] {
    return this.core.openChanges();
  }
  /** Any change ever recorded, by id (status pending, approved, superseded or applied). */
  change(id: string): ChangeRecord | undefined {
    return this.core.change(id);
  }
  /** The height after which the approved change applies, or null when none is approved. */
  pendingBoundary(): number | null {
    return this.core.pendingBoundary();
  }
  /** A record or amendment under an endorsement policy (issue 18), or undefined (read from the store). */
  async governed(id: string): Promise<Governed | undefined> {
    const v = await this.kv.get(rulesIdKey(id));
    return v === undefined ? undefined : decodeIdState(id, v).governed;
  }

  /**
   * Keeps the signatures vouching for the boundary entry at `height` (the last of its epoch), for epoch
   * proofs: the stable checkpoint proof at the boundary (2f+1 Checkpoint envelopes) or >= f+1 attestations
   * by that epoch's members. Checked first (LedgerError "bad-proof"); synced.
   */
  async saveBoundaryProof(height: number, signatures: readonly pbft.IEnvelope[]): Promise<void> {
    const entry = await this.get(height);
    if (entry === undefined) throw new LedgerError("missing-proof", `no entry at ${height}`, height);
    await this.kv.batch([this.core.boundaryProofOp(entry, signatures)], { sync: true });
  }

  /**
   * The epoch proof from the genesis to epoch `to` (default: the epoch in force), which a receipt of that
   * epoch needs (verifyReceipt). Each boundary is vouched for by the signatures saved at it, else by the
   * signed head stored there (epoch-hops.ts). LedgerError "missing-proof" when a boundary has neither.
   */
  async epochProof(to: number = this.epoch().epoch): Promise<EpochProof> {
    const all = this.epochs();
    if (to >= all.length) throw new LedgerError("missing-proof", `epoch ${to} has not started`);
    const hops = await this.boundaryHops();
    const out: EpochHop[] = [];
    for (const next of all.slice(1, to + 1)) {
      const hop = hops.get(next.startHeight - 1);
      if (hop === undefined)
        throw new LedgerError(
          "missing-proof",
          `no saved signatures for the boundary of epoch ${next.epoch - 1} (height ${next.startHeight - 1})`,
          next.startHeight - 1,
        );
      out.push(hop);
    }
    return { format: EPOCH_PROOF_FORMAT, clusterId: this.cluster.clusterId, hops: out };
  }

  /** The epoch-proof hop of every boundary so far that can be vouched for, by boundary height (exports). */
  boundaryHops(): Promise<Map<number, EpochHop>> {
    return storedHops(this.kv, this.cluster.clusterId, this.epochs());
  }

  /** The history tree's root over the entry hashes 1..head (the Merkle root a signed head carries). */
  treeRoot(): Uint8Array {
    return this.core.treeRoot();
  }

  /**
   * Stores a signed head (the caller verified it: verifySignedHead). A head at a height already holding
   * one replaces it only when it has more signatures (a later proof of the same checkpoint).
   */
  async putSignedHead(head: SignedHead): Promise<void> {
    const old = await this.signedHead(head.height);
    if (old !== undefined && old.signatures.length >= head.signatures.length) return;
    await this.kv.batch(
      [{ type: "put", key: signedHeadKey(head.height), value: Buffer.from(encodeSignedHead(head)) }],
      { sync: true },
    );
    if (head.height > this.latestHead) this.latestHead = head.height;
  }

  async signedHead(height: number): Promise<SignedHead | undefined> {
    const v = await this.kv.get(signedHeadKey(height));
    return v === undefined ? undefined : parseSignedHead(JSON.parse(Buffer.from(v).toString("utf8")));
  }

  /** The latest signed head stored, if any. */
  latestSignedHead(): Promise<SignedHead | undefined> {
    return this.latestHead === 0 ? Promise.resolve(undefined) : this.signedHead(this.latestHead);
  }

  /** Every stored signed head, lowest height first. */
  async *signedHeads(): AsyncGenerator<SignedHead> {
    for await (const [, v] of this.kv.iterate(prefixRange(Prefix.SignedHead)))
      yield parseSignedHead(JSON.parse(Buffer.from(v).toString("utf8")));
  }

  /** Runs the rules over a committed batch and appends its entry atomically (synced). Calls are serialised. */
  execute(batch: BatchToExecute): Promise<Executed> {
    return this.executeMany([batch]).then((out) => out[0]!);
  }

  /**
   * Appends consecutive committed batches (heights head+1, head+2, ...) with ONE synced write: a state
   * transfer chunk, or the batches one consensus step committed. All of them or none are on disk after a
   * crash. A batch at or below the head is answered from the ledger when it is the same one (a repeat),
   * and refused as a fork otherwise (LedgerError "fork"); a gap is refused ("gap"); a refused group writes
   * nothing but the evidence and leaves the ledger as it was. Calls are serialised.
   */
  executeMany(batches: readonly BatchToExecute[]): Promise<Executed[]> {
    const run = this.queue.then(() => this.append(batches));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async append(batches: readonly BatchToExecute[]): Promise<Executed[]> {
    if (this.broken) throw this.broken;
    const stored = new Map<number, StoredEntry>();
    for (const height of this.core.heightsToRead(batches)) {
      const entry = await this.get(height);
      if (entry) stored.set(height, entry);
    }
    const head = this.core.head().height;
    const plan = await this.core.rules.withLoaded(
      this.core.needs(batches.filter((b) => b.seq > head)),
      getManyOf(this.kv),
      () => this.core.plan(batches, stored),
    );
    if ("error" in plan) {
      // The refusal is the news; evidence that cannot be written does not hide it.
      if (plan.evidence) await this.kv.batch([plan.evidence], { sync: true }).catch(() => undefined);
      throw plan.error;
    }
    try {
      await this.kv.batch(plan.ops, { sync: true });
    } catch (e) {
      // A failed synced write may or may not be on disk: only a reopen (replaying the disk) can tell.
      this.broken = new LedgerError(
        "closed",
        `append at ${this.head().height + 1} failed (${messageOf(e)}); reopen the ledger`,
      );
      throw this.broken;
    }
    this.core.adopt(plan);
    return [...plan.executed];
  }

  /** Refused batches (forks and gaps) kept as evidence, oldest height first. */
  async *evidence(): AsyncGenerator<{ height: number; batch: pbft.CommittedBatch }> {
    for await (const [k, v] of this.kv.iterate(prefixRange(Prefix.Evidence)))
      yield { height: heightFromEvidenceKey(k), batch: pbft.CommittedBatch.decode(v) };
  }

  /**
   * The rules' state cache: ids and clients held (each at most the rulesCacheEntries option), and plans
   * run again because a key the rules read was not loaded first (0 unless the prefetch misses a case).
   */
  rulesCache(): { ids: number; clients: number; misses: number } {
    return { ...this.core.rules.cacheSize(), misses: this.core.rules.misses };
  }

  /** Answers a query from the query indexes (issue 18: `pbft ledger query`). */
  query(q: LedgerQuery): Promise<QueryAnswer> {
    const core = this.core;
    return queryLedger(
      {
        kv: this.kv,
        get: (h) => this.get(h),
        governed: (id) => this.governed(id),
        nowMs: () => core.head().timeMs,
        orgAt: (h, k) => core.orgAt(h, k),
        keysNamed: (name) => [
          ...new Set(
            core
              .epochs()
              .flatMap((r) => r.config.proposers.filter((p) => p.name === name).map((p) => p.publicKey)),
          ),
        ],
      },
      q,
    );
  }

  async get(height: number): Promise<StoredEntry | undefined> {
    const v = await this.kv.get(entryKey(height));
    return v === undefined ? undefined : this.core.decode(height, v);
  }

  /** Entries from..to inclusive, one at a time (bounded memory). */
  async *range(from: number, to: number = Number.MAX_SAFE_INTEGER): AsyncGenerator<StoredEntry> {
    for await (const [height, v] of this.rawRange(from, to)) yield this.core.decode(height, v);
  }

  /** Raw stored values, for export and verify. */
  async *rawRange(from = 1, to: number = Number.MAX_SAFE_INTEGER): AsyncGenerator<[number, Uint8Array]> {
    for await (const [k, v] of this.kv.iterate({ gte: entryKey(from), lt: entryKeyAfter(to) }))
      yield [heightFromEntryKey(k), v];
  }

  async byProposalId(id: string): Promise<{ entry: StoredEntry; index: number } | undefined> {
    return this.at(await this.kv.get(proposalKey(id)));
  }

  async byClientRequest(
    clientKeyHex: string,
    n: number,
  ): Promise<{ entry: StoredEntry; index: number } | undefined> {
    return this.at(await this.kv.get(clientRequestKey(clientKeyHex, n)));
  }

  private async at(pos: Uint8Array | undefined): Promise<{ entry: StoredEntry; index: number } | undefined> {
    if (pos === undefined) return undefined;
    const { height, index } = readPosition(pos);
    const entry = await this.get(height);
    return entry ? { entry, index } : undefined;
  }

  /** Last executed request number per client (for the consensus core's restored client table). */
  async clientTable(): Promise<ClientTableRow[]> {
    const rows: ClientTableRow[] = [];
    for await (const [k, v] of this.kv.iterate(prefixRange(Prefix.ClientTable))) rows.push(clientRowOf(k, v));
    return rows;
  }

  /** The batch and certificate of one entry, for state transfer (no re-encoding: the stored bytes). */
  async committedBatch(height: number): Promise<pbft.CommittedBatch | undefined> {
    const v = await this.kv.get(entryKey(height));
    if (v === undefined) return undefined;
    return pbft.CommittedBatch.decode(storedBatchBytes(height, v));
  }

  /**
   * The batches and certificates of the consecutive entries from..to, in one range read. Ends early at a
   * missing height, or once the batches' stored sizes pass `bytesMax` (at least one is returned). With
   * `withHeaders` each also carries its stored entry header (what a state reply sends).
   */
  async committedBatchRange(
    from: number,
    to: number,
    bytesMax: number = Number.MAX_SAFE_INTEGER,
    withHeaders = false,
  ): Promise<pbft.CommittedBatch[]> {
    const collector = new BatchRangeCollector(from, bytesMax, withHeaders);
    for await (const [height, v] of this.rawRange(from, to)) if (!collector.add(height, v)) break;
    return collector.batches;
  }

  /** Answers a state-transfer request [fromSeq, toSeq] within the limits (see state-reply.ts). */
  async stateReply(fromSeq: number, toSeq: number, limits: StateReplyLimits): Promise<StateReplyBatches> {
    const lastSeq = this.head().height;
    const scan = stateReplyScan(lastSeq, fromSeq, toSeq, limits);
    const batches =
      scan === null ? [] : await this.committedBatchRange(scan.from, scan.to, scan.bytesMax, true);
    const last = batches.at(-1)?.seq ?? 0;
    const head = last === 0 ? undefined : await this.signedHeadWithin(last, last + HEAD_REACH);
    if (head === undefined) return { batches, lastSeq };
    const headHeaders: Uint8Array[] = [];
    for await (const [height, v] of this.rawRange(last + 1, head.height))
      headHeaders.push(storedHeaderBytes(height, v));
    return { batches, lastSeq, headProof: headProofOf(head), headHeaders };
  }

  /** The stored signed head of the lowest height in [from, to], if any (one range read). */
  private async signedHeadWithin(from: number, to: number): Promise<SignedHead | undefined> {
    for await (const [, v] of this.kv.iterate({ gte: signedHeadKey(from), lt: signedHeadKey(to + 1) }))
      return parseSignedHead(JSON.parse(Buffer.from(v).toString("utf8")));
    return undefined;
  }

  /** The consensus state saved last (null before the first save). Throws on bytes no version wrote. */
  async loadConsensusState(): Promise<DurableState | null> {
    await this.saving;
    const prepared = new Map<number, Uint8Array>();
    for await (const [k, v] of this.kv.iterate(PREPARED_PARTS)) prepared.set(seqFromPreparedPartKey(k), v);
    const stored: StoredConsensusState = {
      header: await this.kv.get(CONSENSUS_HEADER_KEY),
      prepared,
      legacy: await this.kv.get(CONSENSUS_LEGACY_KEY),
    };
    return this.core.consensus.load(stored);
  }

  /**
   * Saves the consensus state with one synced batch: the header, and only the prepared certificates that
   * changed since the last save or load (by object identity), collected ones deleted. Calls are serialised.
   */
  saveConsensusState(state: DurableState): Promise<void> {
    const run = this.saving.then(async () => {
      const plan = this.core.consensus.planSave(state);
      await this.kv.batch(plan.ops, { sync: true });
      this.core.consensus.adopt(plan);
    });
    this.saving = run.catch(() => undefined);
    return run;
  }

  /**
   * Appends a raw value that verify already accepted (import): the entry goes through the same rules and
   * indexes as execute, and must reproduce the stored value byte for byte.
   */
  async appendVerified(value: Uint8Array): Promise<void> {
    const e = decodeEntry(this.cluster.clusterId, value);
    if (typeof e === "string") throw new LedgerError("import-invalid", e);
    const out = await this.execute({
      seq: e.height,
      view: Number(e.batch.view),
      requests: e.batch.requests,
      certificate: e.batch.certificate ?? {},
    });
    if (!Buffer.from(out.entryHash).equals(e.entryHash))
      throw new LedgerError("import-invalid", `entry ${e.height} does not reproduce`, e.height);
  }

  async close(): Promise<void> {
    await this.queue;
    await this.saving;
    await this.kv.close();
  }
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** True when another process (a running node) holds the database's lock. Opens nothing else. */
export function ledgerInUse(dir: string): Promise<boolean> {
  return LevelKv.inUse(dir);
}

/**
 * Indexes every entry of a store written before the query indexes existed (once, at open), in batches of
 * 1,000 entries, then marks the store indexed; a new store is marked at once.
 */
async function buildQueryIndexes(kv: KvStore, core: LedgerCore): Promise<void> {
  let ops: KvOp[] = [];
  let entries = 0;
  for await (const [k, v] of kv.iterate(prefixRange(Prefix.Entry))) {
    const height = heightFromEntryKey(k);
    ops.push(...indexOps(core.decode(height, v), (key) => core.orgAt(height, key)));
    if (++entries % 1000 === 0) {
      await kv.batch(ops);
      ops = [];
    }
  }
  ops.push({ type: "put", key: INDEX_VERSION_KEY, value: Buffer.from("1") });
  await kv.batch(ops, { sync: true });
}
