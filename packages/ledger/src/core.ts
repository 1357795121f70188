// The ledger's logic, synchronous and without I/O: restoring the stored rules' state at open (replaying
// entries only when it is behind: rules-open.ts), planning an append
// of consecutive committed batches (run the rules, build each header, hash, chain, and list the exact ops
// the store will write: entry, indexes, client table, head) and adopting the plan once it is written, and
// decoding what the store returns. The async Ledger (a node's LevelDB) and the synchronous MemoryLedger (the
// simulator) only move bytes between this and their store, so both write the same bytes.
import { bytesEqual, historyLeaf, MerkleFrontier, pbft, recordedTime, timedDigest } from "@pbft/consensus";
import { clusterKeys } from "./certificate.js";
import type { ClusterConfig } from "./cluster-config.js";
import type { ChangeRecord } from "./config-state.js";
import { ConsensusStateParts } from "./consensus-state.js";
import type { Governed } from "./endorsement.js";
import {
  batchDigestOf,
  decodeEntry,
  encodeHeader,
  encodeValue,
  entryHash as hashEntry,
  resultsDigestOf,
  type StoredEntry,
  ZERO_HASH,
} from "./entry.js";
import {
  checkVouchers,
  EPOCH_PROOF_FORMAT,
  type EpochHop,
  type EpochProof,
  epochHop,
} from "./epoch-proof.js";
import type { EpochRecord } from "./epochs.js";
import { LedgerError } from "./errors.js";
import { executeBatch } from "./execute.js";
import {
  boundaryProofKey,
  clientRequestKey,
  clientTableKey,
  configChangeKey,
  entryKey,
  epochKey,
  evidenceKey,
  HEAD_KEY,
  position,
  proposalKey,
  u64,
} from "./keys.js";
import type { KvOp } from "./kv.js";
import { indexOps } from "./query-index.js";
import type { MemoryRulesState } from "./rules.js";
import {
  metaOp,
  type RulesMeta,
  type StateChanges,
  type StateNeeds,
  StoredRules,
  stateNeeds,
  treeOf,
} from "./rules-store.js";
import { statusOps } from "./status-index.js";

export interface BatchToExecute {
  readonly seq: number;
  /** The view of the certificate (evidence stored beside the entry). */
  readonly view: number;
  readonly requests: readonly pbft.IClientRequest[];
  readonly certificate: pbft.ICommitCertificate;
}

export interface Executed {
  readonly entry: StoredEntry;
  readonly header: pbft.EntryHeader;
  readonly entryHash: Uint8Array;
  readonly results: readonly pbft.ExecutionResult[];
  /** The epoch in force at this height. */
  readonly epoch: number;
  /** Only on the boundary entry (the last of its epoch): the epoch in force from the next height. */
  readonly nextEpoch?: EpochRecord;
  /** A change is approved and applies after this height (>= this entry's height). */
  readonly pendingBoundary?: number;
  /** The history tree's root over the entry hashes 1..height (signed into checkpoints: signed heads). */
  readonly treeRoot: Uint8Array;
}

export interface Head {
  readonly height: number;
  readonly entryHash: Uint8Array;
  /** The time recorded at height (0 before times were recorded): the next entry's is never below it. */
  readonly timeMs: number;
}

export interface ClientTableRow {
  readonly clientKey: string; // hex
  readonly requestNumber: number;
  readonly seq: number;
  readonly entryHash: Uint8Array;
}

/** Refused batches kept as evidence, at most (a lagging or attacked node must not fill its disk). */
export const EVIDENCE_MAX = 1_000;

/** An append that can be written: its ops (none when every batch repeats a stored one) and its outcome. */
export interface AppendPlan {
  readonly ops: readonly KvOp[];
  readonly executed: readonly Executed[];
  readonly head: Head;
  /** The rules' state after the new entries (a fork, merged by adopt). */
  readonly rules: MemoryRulesState;
  /** What the new entries changed in the stored rules' state (its ops are in `ops`). */
  readonly state: StateChanges;
  /** The history tree's frontier after the new entries. */
  readonly tree: MerkleFrontier;
}

/** A refused append (fork or gap): nothing of it is written but the evidence, when there is room. */
export interface AppendRefusal {
  readonly error: LedgerError;
  readonly evidence: KvOp | null;
}

export interface LedgerCoreOptions {
  /** Ids and clients the rules' state cache holds, each (default RULES_CACHE_ENTRIES, rules-store.ts). */
  readonly rulesCacheEntries?: number;
  /** A synchronous read of the store (a MemoryKv): the rules read it directly, nothing is loaded first. */
  readonly read?: (key: Uint8Array) => Uint8Array | undefined;
}

export class LedgerCore {
  readonly clusterId: string;
  readonly consensus = new ConsensusStateParts();
  /** The rules' state: stored, read through a bounded cache (rules-store.ts). */
  readonly rules: StoredRules;
  private headState: Head = { height: 0, entryHash: ZERO_HASH, timeMs: 0 };
  /** The history tree's right edge (O(log n) hashes): the root at each height as entries are appended. */
  private tree = new MerkleFrontier();
  private evidenceCount = 0;

  constructor(
    readonly cluster: ClusterConfig,
    options: LedgerCoreOptions = {},
  ) {
    this.clusterId = cluster.clusterId;
    this.rules = new StoredRules(cluster, options.rulesCacheEntries, options.read);
  }

  head(): Head {
    return this.headState;
  }

  // ---------------------------------------------------------------- configuration

  /** The epoch in force after the head. */
  epoch(): EpochRecord {
    return this.rules.config.epoch();
  }

  /** Every epoch so far, oldest first (epoch 0: the genesis, from height 1). */
  epochs(): readonly EpochRecord[] {
    return this.rules.config.epochs();
  }

  /** The epoch in force at `height` (heights above the head: the epoch in force now). */
  epochAt(height: number): EpochRecord {
    const all = this.epochs();
    for (let i = all.length - 1; i > 0; i--) if (all[i]!.startHeight <= height) return all[i]!;
    return all[0]!;
  }

  /** The changes of the epoch in force that are pending, or approved and waiting for their boundary. */
  openChanges(): ChangeRecord[] {
    return this.rules.config.open();
  }

  change(id: string): ChangeRecord | undefined {
    return this.rules.config.change(id);
  }

  /** The height after which the approved change applies, or null. */
  pendingBoundary(): number | null {
    return this.rules.config.boundary();
  }

  /**
   * A record or amendment under an endorsement policy (issue 18); its status: statusAt(g, head().timeMs).
   * Over a synchronous store only (MemoryLedger); the Ledger reads its store (StateMiss otherwise).
   */
  governed(id: string): Governed | undefined {
    return this.rules.governed(id);
  }

  /** The organisation of a proposer key in the configuration in force at `height` (issue 18). */
  orgAt(height: number, keyHex: string): string | undefined {
    return this.epochAt(height).config.proposers.find((p) => p.publicKey === keyHex)?.org;
  }

  /**
   * The op that stores the signatures vouching for boundary entry `entry` (the end of its epoch), once
   * checked: >= f+1 distinct members of that epoch signing an Attestation or Checkpoint of its entry hash.
   */
  boundaryProofOp(entry: StoredEntry, signatures: readonly pbft.IEnvelope[]): KvOp {
    const epoch = Number(entry.header.epoch);
    if (entry.header.nextConfigHash.length === 0)
      throw new LedgerError(
        "bad-proof",
        `entry ${entry.height} is not the last entry of an epoch`,
        entry.height,
      );
    const keys = clusterKeys(this.epochs()[epoch]!.config);
    const vouched = checkVouchers(keys, signatures, entry.height, entry.entryHash);
    if (typeof vouched === "string" || vouched < keys.f + 1)
      throw new LedgerError(
        "bad-proof",
        `boundary ${entry.height}: ${typeof vouched === "string" ? vouched : `${vouched} members vouch, need ${keys.f + 1}`}`,
        entry.height,
      );
    const hexes = signatures.map((s) => Buffer.from(pbft.Envelope.encode(s).finish()).toString("hex"));
    return { type: "put", key: boundaryProofKey(epoch), value: Buffer.from(JSON.stringify(hexes)) };
  }

  /**
   * The epoch proof from the genesis to epoch `to` (see epoch-proof.ts) from the boundary entries and their
   * stored signatures; LedgerError "missing-proof" when a boundary's signatures were never saved.
   */
  epochProof(
    to: number,
    entryAt: (height: number) => StoredEntry | undefined,
    signaturesOf: (epoch: number) => Uint8Array | undefined,
  ): EpochProof {
    const hops: EpochHop[] = [];
    const all = this.epochs();
    for (let e = 0; e < to; e++) {
      const next = all[e + 1];
      if (next === undefined) throw new LedgerError("missing-proof", `epoch ${e + 1} has not started`);
      const entry = entryAt(next.startHeight - 1);
      const sigs = signaturesOf(e);
      if (entry === undefined || sigs === undefined)
        throw new LedgerError(
          "missing-proof",
          `no saved signatures for the boundary of epoch ${e} (height ${next.startHeight - 1})`,
          next.startHeight - 1,
        );
      const envelopes = (JSON.parse(Buffer.from(sigs).toString("utf8")) as string[]).map((h) =>
        pbft.Envelope.decode(Buffer.from(h, "hex")),
      );
      hops.push(epochHop(entry.headerBytes, entry.batch.certificate ?? {}, envelopes, next.config));
    }
    return { format: EPOCH_PROOF_FORMAT, clusterId: this.clusterId, hops };
  }

  /** The genesis's epoch record, for a store that does not hold it yet (a new or older ledger). */
  genesisEpochOp(): KvOp {
    return { type: "put", key: epochKey(0), value: recordBytes(this.epochs()[0]!) };
  }

  /** The history tree's root over the entry hashes 1..head. */
  treeRoot(): Uint8Array {
    return this.tree.root();
  }

  // ---------------------------------------------------------------- open

  /**
   * At open: the rules' state, head and history tree as stored at `meta.height` (rules-store.ts), with the
   * stored epochs (oldest first) and config changes. Reads no entry.
   */
  restore(meta: RulesMeta, epochs: readonly EpochRecord[], changes: Iterable<ChangeRecord>): void {
    // The state was derived from the stored genesis: it must be this cluster.json's (replay used to show it).
    if (epochs[0]?.hash !== this.epochs()[0]!.hash)
      throw new LedgerError("corrupt", "the ledger's stored genesis is not this cluster configuration's");
    this.rules.config.restore(epochs, changes, meta.openIds, meta.boundary);
    this.headState = {
      height: meta.height,
      entryHash: new Uint8Array(Buffer.from(meta.entryHash, "hex")),
      timeMs: meta.timeMs,
    };
    this.tree = treeOf(meta);
  }

  /** The state keys the requests of `batches` can read (loaded before a plan: StoredRules.withLoaded). */
  needs(batches: Iterable<{ readonly requests: readonly pbft.IClientRequest[] }>): StateNeeds {
    return stateNeeds(
      (function* () {
        for (const b of batches) yield b.requests;
      })(),
    );
  }

  /**
   * Plans the replay of stored entries, the next heights after the head in order: when the stored rules'
   * state is behind the entries (a store written before it was kept, or an interrupted rebuild). Each entry
   * is checked and re-executed as verify does; the plan's ops store the state they lead to.
   */
  planReplay(entries: readonly StoredEntry[]): AppendPlan {
    const rules = this.rules.fork();
    const tree = this.tree.clone();
    let head = this.headState;
    for (const e of entries) {
      const height = e.height;
      if (height !== head.height + 1)
        throw new LedgerError("corrupt", `entry ${head.height + 1} is missing (found ${height})`, height);
      if (!bytesEqual(e.header.prevHash, head.entryHash))
        throw new LedgerError("corrupt", `entry ${height}: prev_hash does not chain`, height);
      const epoch = rules.config.epoch().epoch;
      const timeMs = recordedTime(certifiedTime(e.batch.certificate), head.timeMs);
      const executed = executeBatch(rules, this.clusterId, height, e.batch.requests, timeMs);
      for (let i = 0; i < executed.length; i++)
        if (!bytesEqual(executed[i]!.resultBytes, e.resultBytes[i]!))
          throw new LedgerError("corrupt", `entry ${height}: re-executed result ${i} differs`, height);
      const next = rules.endEntry(height);
      if (!bytesEqual(headerOf(e.header, head.entryHash, epoch, next, timeMs), e.headerBytes))
        throw new LedgerError(
          "corrupt",
          `entry ${height}: epoch, next_config_hash or time differs from the rules'`,
          height,
        );
      head = { height, entryHash: e.entryHash, timeMs };
      tree.append(historyLeaf(e.entryHash));
    }
    const state = this.rules.changesOf(rules);
    return {
      ops: [...state.ops, ...this.configOps(rules), metaOp(head, tree, rules.config)],
      executed: [],
      head,
      rules,
      state,
      tree,
    };
  }

  /** At open, once per evidence record found. */
  countEvidence(): void {
    this.evidenceCount++;
  }

  // ---------------------------------------------------------------- append

  /** The heights whose stored entries `plan` needs (batches at or below the head: repeats or forks). */
  heightsToRead(batches: readonly BatchToExecute[]): number[] {
    const out: number[] = [];
    for (const b of batches) {
      if (b.seq > this.headState.height) break;
      out.push(b.seq);
    }
    return out;
  }

  /**
   * Plans the append of consecutive batches (heights head+1, head+2, ...). A batch at or below the head is
   * answered from `stored` when it is the same one (a repeat: same batch digest, whatever its certificate's
   * view), refused as a fork otherwise; a gap is refused. Changes nothing here: `adopt` does, after the
   * write. Throws LedgerError "bad-batch" when a certificate does not name its batch.
   */
  plan(
    batches: readonly BatchToExecute[],
    stored: ReadonlyMap<number, StoredEntry>,
  ): AppendPlan | AppendRefusal {
    const rules = this.rules.fork();
    const tree = this.tree.clone();
    const executed: Executed[] = [];
    const ops: KvOp[] = [];
    let head = this.headState;
    let appended = 0;
    for (const batch of batches) {
      const height = batch.seq;
      const digest = batchDigestOf(batch.requests);
      const cert = batch.certificate;
      const certTime = certifiedTime(cert);
      if (
        Number(cert.seq) !== height ||
        Number(cert.view) !== batch.view ||
        !bytesEqual(cert.batchDigest ?? new Uint8Array(), timedDigest(digest, certTime))
      )
        throw new LedgerError("bad-batch", `certificate does not match batch ${height}`, height);
      if (height <= head.height) {
        const existing = appended === 0 ? stored.get(height) : undefined;
        if (
          existing &&
          bytesEqual(existing.header.batchDigest, digest) &&
          certifiedTime(existing.batch.certificate) === certTime
        ) {
          const epoch = Number(existing.header.epoch);
          const boundary = rules.config.boundary();
          executed.push({
            entry: existing,
            header: existing.header,
            entryHash: existing.entryHash,
            results: existing.results,
            epoch,
            ...(existing.header.nextConfigHash.length > 0
              ? { nextEpoch: this.epochs().find((r) => r.epoch === epoch + 1) }
              : {}),
            ...(boundary !== null && boundary >= height ? { pendingBoundary: boundary } : {}),
            // a repeat of an older height: its root is only known for the head (null batches never repeat)
            treeRoot: height === this.headState.height ? this.tree.root() : new Uint8Array(0),
          });
          continue;
        }
        return this.refuse("fork", `height ${height} already holds a different entry`, batch);
      }
      if (height !== head.height + 1)
        return this.refuse("gap", `append at ${height} would leave a gap after ${head.height}`, batch);
      const out = this.buildEntry(rules, head, batch, digest);
      ops.push(...out.ops);
      tree.append(historyLeaf(out.executed.entryHash));
      executed.push({ ...out.executed, treeRoot: tree.root() });
      head = { height, entryHash: out.executed.entryHash, timeMs: Number(out.executed.header.timeMs) };
      appended++;
    }
    const state = this.rules.changesOf(rules);
    if (appended > 0) {
      ops.push({ type: "put", key: HEAD_KEY, value: Buffer.concat([u64(head.height), head.entryHash]) });
      // The rules' state goes into the same atomic batch as the entries that changed it (issue 20).
      ops.push(...state.ops, metaOp(head, tree, rules.config));
    }
    ops.push(...this.configOps(rules));
    return { ops, executed, head, rules, state, tree };
  }

  private configOps(rules: MemoryRulesState): KvOp[] {
    const ops: KvOp[] = [];
    for (const id of rules.config.touched)
      ops.push({ type: "put", key: configChangeKey(id), value: recordBytes(rules.config.change(id)!) });
    for (const r of rules.config.entered)
      ops.push({ type: "put", key: epochKey(r.epoch), value: recordBytes(r) });
    return ops;
  }

  /** After the plan's ops are durable: the head and the rules' state move on. */
  adopt(plan: AppendPlan): void {
    plan.rules.config.merge();
    this.rules.adopt(plan.state);
    this.headState = plan.head;
    this.tree = plan.tree;
  }

  private buildEntry(
    rules: MemoryRulesState,
    prev: Head,
    batch: BatchToExecute,
    batchDigest: Uint8Array,
  ): { ops: KvOp[]; executed: Omit<Executed, "treeRoot"> } {
    const height = batch.seq;
    const epoch = rules.config.epoch().epoch;
    const timeMs = recordedTime(certifiedTime(batch.certificate), prev.timeMs);
    const run = executeBatch(rules, this.clusterId, height, batch.requests, timeMs);
    const resultBytes = run.map((x) => x.resultBytes);
    // Read before the hand-over: on the boundary entry itself, pendingBoundary is its own height.
    const boundary = rules.config.boundary();
    const next = rules.endEntry(height);
    const headerBytes = encodeHeader({
      height,
      prevHash: prev.entryHash,
      batchDigest,
      resultsDigest: resultsDigestOf(resultBytes),
      requestCount: batch.requests.length,
      epoch,
      ...(next ? { nextConfigHash: Buffer.from(next.hash, "hex") } : {}),
      timeMs,
    });
    const { bytes: batchBytes, batch: canonical } = canonicalBatch(height, batch);
    const hash = hashEntry(this.clusterId, headerBytes);
    const ops: KvOp[] = [
      { type: "put", key: entryKey(height), value: encodeValue([headerBytes, batchBytes, ...resultBytes]) },
    ];
    run.forEach((x, i) => {
      if (x.client) {
        ops.push({
          type: "put",
          key: clientRequestKey(x.client.keyHex, x.client.number),
          value: position(height, i),
        });
        ops.push({
          type: "put",
          key: clientTableKey(x.client.keyHex),
          value: Buffer.concat([u64(x.client.number), u64(height), hash]),
        });
      }
      if (x.result.accepted)
        ops.push({ type: "put", key: proposalKey(x.result.proposalId), value: position(height, i) });
    });
    const header = pbft.EntryHeader.decode(headerBytes);
    const results = run.map((x) => x.result);
    const entry: StoredEntry = {
      height,
      headerBytes,
      header,
      batchBytes,
      batch: canonical,
      resultBytes,
      results,
      entryHash: hash,
    };
    // The query indexes (issue 18), in the same atomic batch as the entry; the status keys from the rules'
    // state after it (an endorsement bringing a record into force moves that record's status key here).
    ops.push(...indexOps(entry, (k) => rules.config.orgOf(k)));
    ops.push(
      ...statusOps(
        height,
        run.map((x) => ({
          accepted: x.result.accepted,
          proposalId: x.result.proposalId,
          proposal: x.proposal,
        })),
        (id) => rules.governed(id),
      ),
    );
    return {
      ops,
      executed: {
        entry,
        header,
        entryHash: hash,
        results,
        epoch,
        ...(next ? { nextEpoch: next } : {}),
        ...(boundary !== null ? { pendingBoundary: boundary } : {}),
      },
    };
  }

  private refuse(code: "fork" | "gap", message: string, batch: BatchToExecute): AppendRefusal {
    const error = new LedgerError(code, message, batch.seq);
    if (this.evidenceCount >= EVIDENCE_MAX) return { error, evidence: null };
    const value = pbft.CommittedBatch.encode({
      seq: batch.seq,
      view: batch.view,
      requests: [...batch.requests],
      certificate: batch.certificate,
    }).finish();
    return { error, evidence: { type: "put", key: evidenceKey(batch.seq, this.evidenceCount++), value } };
  }

  // ---------------------------------------------------------------- reads

  /** A stored entry value, checked (LedgerError "corrupt" when it is not a valid entry). */
  decode(height: number, value: Uint8Array): StoredEntry {
    const e = decodeEntry(this.clusterId, value);
    if (typeof e === "string") throw new LedgerError("corrupt", `entry ${height}: ${e}`, height);
    return e;
  }
}

/** The batch as stored: canonical protobuf (re-encoding gives the same bytes), and its decoded form. */
function canonicalBatch(
  height: number,
  b: BatchToExecute,
): { bytes: Uint8Array; batch: pbft.CommittedBatch } {
  const bytes = pbft.CommittedBatch.encode({
    seq: height,
    view: b.view,
    requests: [...b.requests],
    certificate: b.certificate,
  }).finish();
  const batch = pbft.CommittedBatch.decode(bytes);
  return { bytes: pbft.CommittedBatch.encode(batch).finish(), batch };
}

/** The header bytes the rules expect for a stored entry's content (its epoch and hand-over re-derived). */
export function headerOf(
  h: pbft.EntryHeader,
  prevHash: Uint8Array,
  epoch: number,
  next: EpochRecord | null,
  timeMs: number,
): Uint8Array {
  return encodeHeader({
    height: Number(h.height),
    prevHash,
    batchDigest: h.batchDigest,
    resultsDigest: h.resultsDigest,
    requestCount: h.requestCount,
    epoch,
    ...(next ? { nextConfigHash: Buffer.from(next.hash, "hex") } : {}),
    timeMs,
  });
}

/** The time a commit certificate binds (0: none, or not a time, which the digest check then refuses). */
export function certifiedTime(cert: pbft.ICommitCertificate | null | undefined): number {
  const t = Number(cert?.timeMs ?? 0);
  return Number.isSafeInteger(t) && t >= 0 ? t : 0;
}

function recordBytes(r: EpochRecord | ChangeRecord): Uint8Array {
  return Buffer.from(JSON.stringify(r), "utf8");
}

/** One row of the client table from its stored key and value. */
export function clientRowOf(k: Uint8Array, v: Uint8Array): ClientTableRow {
  const b = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return {
    clientKey: Buffer.from(k.subarray(1)).toString("hex"),
    requestNumber: Number(b.readBigUInt64BE(0)),
    seq: Number(b.readBigUInt64BE(8)),
    entryHash: new Uint8Array(b.subarray(16, 48)),
  };
}
