// The ledger in memory and synchronous, for the simulator: the same LedgerCore as the node's Ledger over a
// MemoryKv, so the entry bytes, hashes, chain, indexes and rules a simulated replica keeps are the
// product's own. Every method mirrors the Ledger method of the same name.

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
import type { StoredEntry } from "./entry.js";
import type { EpochProof } from "./epoch-proof.js";
import type { EpochRecord } from "./epochs.js";
import { LedgerError } from "./errors.js";
import { checkFormat, encodeFormat, LEDGER_FORMAT } from "./format.js";
import {
  boundaryProofKey,
  CONSENSUS_HEADER_KEY,
  CONSENSUS_LEGACY_KEY,
  clientRequestKey,
  entryKey,
  entryKeyAfter,
  epochKey,
  FORMAT_KEY,
  heightFromEntryKey,
  heightFromEvidenceKey,
  PREPARED_PARTS,
  Prefix,
  prefixRange,
  proposalKey,
  readPosition,
  seqFromPreparedPartKey,
} from "./keys.js";
import { type KvOp, MemoryKv } from "./kv.js";
import { INDEX_VERSION_KEY, indexOps } from "./query-index.js";
import { openRulesSync } from "./rules-open.js";
import {
  BatchRangeCollector,
  type StateReplyBatches,
  type StateReplyLimits,
  stateReplyScan,
  storedBatchBytes,
} from "./state-reply.js";
import { STATUS_INDEX_KEY, storedStatusOps } from "./status-index.js";

export class MemoryLedger {
  private constructor(
    /** The store: keep it to reopen the ledger after a simulated crash (MemoryLedger.open(kv, cluster)). */
    readonly kv: MemoryKv,
    private readonly core: LedgerCore,
  ) {}

  get cluster(): ClusterConfig {
    return this.core.cluster;
  }

  /** Opens the ledger held by `kv` (a new, empty one by default), replaying its entries as Ledger.open does. */
  static open(kv: MemoryKv, cluster: ClusterConfig): MemoryLedger {
    const core = new LedgerCore(cluster, { read: (key) => kv.getSync(key) });
    const format = kv.getSync(FORMAT_KEY);
    const hasEntries = format === undefined && !kv.iterateSync(prefixRange(Prefix.Entry)).next().done;
    if (checkFormat(format, hasEntries, "(memory)"))
      kv.batchSync([{ type: "put", key: FORMAT_KEY, value: encodeFormat(LEDGER_FORMAT) }]);
    if (kv.getSync(epochKey(0)) === undefined) kv.batchSync([core.genesisEpochOp()]);
    openRulesSync(kv, core);
    // The query indexes (issue 18), as Ledger.open: a store without them is indexed once, then marked.
    if (kv.getSync(INDEX_VERSION_KEY) === undefined) {
      const ops: KvOp[] = [];
      for (const [k, v] of kv.iterateSync(prefixRange(Prefix.Entry))) {
        const height = heightFromEntryKey(k);
        ops.push(...indexOps(core.decode(height, v), (key) => core.orgAt(height, key)));
      }
      kv.batchSync([...ops, { type: "put", key: INDEX_VERSION_KEY, value: Buffer.from("1") }]);
    }
    // The status keys (status-index.ts) live under the same prefix: rebuilt with the other indexes.
    if (kv.getSync(STATUS_INDEX_KEY) === undefined || kv.getSync(INDEX_VERSION_KEY) === undefined) {
      const ops: KvOp[] = [];
      for (const [k, v] of kv.iterateSync(prefixRange(Prefix.Entry)))
        ops.push(...storedStatusOps(core.decode(heightFromEntryKey(k), v), (key) => kv.getSync(key)));
      kv.batchSync([...ops, { type: "put", key: STATUS_INDEX_KEY, value: Buffer.from("1") }]);
    }
    for (const _ of kv.iterateSync(prefixRange(Prefix.Evidence))) core.countEvidence();
    const parts = [...kv.iterateSync(PREPARED_PARTS)].map(([k]) => seqFromPreparedPartKey(k));
    core.consensus.know(parts, kv.getSync(CONSENSUS_LEGACY_KEY) !== undefined);
    return new MemoryLedger(kv, core);
  }

  /** A new, empty ledger over a new MemoryKv. */
  static create(cluster: ClusterConfig): MemoryLedger {
    return MemoryLedger.open(new MemoryKv(), cluster);
  }

  /** The history tree's root over the entry hashes 1..head. */
  treeRoot(): Uint8Array {
    return this.core.treeRoot();
  }

  head(): Head {
    return this.core.head();
  }

  /** Configuration: the epoch in force, its history, the epoch at a height, open changes (see Ledger). */
  epoch(): EpochRecord {
    return this.core.epoch();
  }
  epochs(): readonly EpochRecord[] {
    return this.core.epochs();
  }
  epochAt(height: number): EpochRecord {
    return this.core.epochAt(height);
  }
  openChanges(): ChangeRecord[] {
    return this.core.openChanges();
  }
  change(id: string): ChangeRecord | undefined {
    return this.core.change(id);
  }
  pendingBoundary(): number | null {
    return this.core.pendingBoundary();
  }
  /** A record or amendment under an endorsement policy (issue 18), or undefined. */
  governed(id: string): Governed | undefined {
    return this.core.governed(id);
  }
  /** As Ledger.saveBoundaryProof. */
  saveBoundaryProof(height: number, signatures: readonly pbft.IEnvelope[]): void {
    const entry = this.get(height);
    if (entry === undefined) throw new LedgerError("missing-proof", `no entry at ${height}`, height);
    this.kv.batchSync([this.core.boundaryProofOp(entry, signatures)]);
  }
  /** As Ledger.epochProof. */
  epochProof(to: number = this.epoch().epoch): EpochProof {
    return this.core.epochProof(
      to,
      (h) => this.get(h),
      (e) => this.kv.getSync(boundaryProofKey(e)),
    );
  }

  execute(batch: BatchToExecute): Executed {
    return this.executeMany([batch])[0]!;
  }

  /** As Ledger.executeMany: all or nothing, repeats answered, forks and gaps refused (LedgerError). */
  executeMany(batches: readonly BatchToExecute[]): Executed[] {
    const stored = new Map<number, StoredEntry>();
    for (const height of this.core.heightsToRead(batches)) {
      const entry = this.get(height);
      if (entry) stored.set(height, entry);
    }
    const plan = this.core.plan(batches, stored);
    if ("error" in plan) {
      if (plan.evidence) this.kv.batchSync([plan.evidence]);
      throw plan.error;
    }
    this.kv.batchSync(plan.ops);
    this.core.adopt(plan);
    return [...plan.executed];
  }

  /** Refused batches (forks and gaps) kept as evidence, oldest height first. */
  evidence(): { height: number; batch: pbft.CommittedBatch }[] {
    return [...this.kv.iterateSync(prefixRange(Prefix.Evidence))].map(([k, v]) => ({
      height: heightFromEvidenceKey(k),
      batch: pbft.CommittedBatch.decode(v),
    }));
  }

  get(height: number): StoredEntry | undefined {
    const v = this.kv.getSync(entryKey(height));
    return v === undefined ? undefined : this.core.decode(height, v);
  }

  /** Entries from..to inclusive. */
  *range(from: number, to: number = Number.MAX_SAFE_INTEGER): Generator<StoredEntry> {
    for (const [height, v] of this.rawRange(from, to)) yield this.core.decode(height, v);
  }

  /** Raw stored values (what an export writes). */
  *rawRange(from = 1, to: number = Number.MAX_SAFE_INTEGER): Generator<[number, Uint8Array]> {
    for (const [k, v] of this.kv.iterateSync({ gte: entryKey(from), lt: entryKeyAfter(to) }))
      yield [heightFromEntryKey(k), v];
  }

  byProposalId(id: string): { entry: StoredEntry; index: number } | undefined {
    return this.at(this.kv.getSync(proposalKey(id)));
  }

  byClientRequest(clientKeyHex: string, n: number): { entry: StoredEntry; index: number } | undefined {
    return this.at(this.kv.getSync(clientRequestKey(clientKeyHex, n)));
  }

  private at(pos: Uint8Array | undefined): { entry: StoredEntry; index: number } | undefined {
    if (pos === undefined) return undefined;
    const { height, index } = readPosition(pos);
    const entry = this.get(height);
    return entry ? { entry, index } : undefined;
  }

  clientTable(): ClientTableRow[] {
    return [...this.kv.iterateSync(prefixRange(Prefix.ClientTable))].map(([k, v]) => clientRowOf(k, v));
  }

  committedBatch(height: number): pbft.CommittedBatch | undefined {
    const v = this.kv.getSync(entryKey(height));
    return v === undefined ? undefined : pbft.CommittedBatch.decode(storedBatchBytes(height, v));
  }

  committedBatchRange(
    from: number,
    to: number,
    bytesMax: number = Number.MAX_SAFE_INTEGER,
    withHeaders = false,
  ): pbft.CommittedBatch[] {
    const collector = new BatchRangeCollector(from, bytesMax, withHeaders);
    for (const [height, v] of this.rawRange(from, to)) if (!collector.add(height, v)) break;
    return collector.batches;
  }

  stateReply(fromSeq: number, toSeq: number, limits: StateReplyLimits): StateReplyBatches {
    const lastSeq = this.head().height;
    const scan = stateReplyScan(lastSeq, fromSeq, toSeq, limits);
    const batches = scan === null ? [] : this.committedBatchRange(scan.from, scan.to, scan.bytesMax, true);
    return { batches, lastSeq };
  }

  loadConsensusState(): DurableState | null {
    const prepared = new Map<number, Uint8Array>();
    for (const [k, v] of this.kv.iterateSync(PREPARED_PARTS)) prepared.set(seqFromPreparedPartKey(k), v);
    const stored: StoredConsensusState = {
      header: this.kv.getSync(CONSENSUS_HEADER_KEY),
      prepared,
      legacy: this.kv.getSync(CONSENSUS_LEGACY_KEY),
    };
    return this.core.consensus.load(stored);
  }

  saveConsensusState(state: DurableState): void {
    const plan = this.core.consensus.planSave(state);
    this.kv.batchSync(plan.ops);
    this.core.consensus.adopt(plan);
  }
}
