// The ledger over a KvStore (LevelKv on a node's disk). An append writes the entry, its indexes, the
// client table and (optionally) the consensus state in one synced batch, so a crash leaves either all of
// it or none of it. The rules' state is derived from the entries and rebuilt in memory at open.
import { bytesEqual, pbft } from "@pbft/consensus";
import { type ClusterKeys, clusterKeys } from "./certificate.js";
import type { ClusterConfig } from "./cluster-config.js";
import {
  batchDigestOf,
  decodeChunks,
  decodeEntry,
  encodeValue,
  entryHash as hashEntry,
  resultsDigestOf,
  type StoredEntry,
  ZERO_HASH,
} from "./entry.js";
import { LedgerError } from "./errors.js";
import { executeBatch } from "./execute.js";
import {
  entryKey,
  entryKeyAfter,
  heightFromEntryKey,
  key,
  Prefix,
  position,
  readPosition,
  u64,
} from "./keys.js";
import type { KvOp, KvStore } from "./kv.js";
import { LevelKv } from "./level-kv.js";
import { MemoryRulesState } from "./rules.js";

export interface BatchToExecute {
  readonly seq: number;
  readonly view: number;
  readonly requests: readonly pbft.IClientRequest[];
  readonly certificate: pbft.ICommitCertificate;
  /** Written in the same synced batch as the entry. */
  readonly consensusState?: Uint8Array;
}

export interface Executed {
  readonly entry: StoredEntry;
  readonly header: pbft.EntryHeader;
  readonly entryHash: Uint8Array;
  readonly results: readonly pbft.ExecutionResult[];
}

export interface Head {
  readonly height: number;
  readonly entryHash: Uint8Array;
}

export interface ClientTableRow {
  readonly clientKey: string; // hex
  readonly requestNumber: number;
  readonly seq: number;
  readonly entryHash: Uint8Array;
}

/** Refused batches kept as evidence, at most (a lagging or attacked node must not fill its disk). */
export const EVIDENCE_MAX = 1_000;

const HEAD_KEY = key(Prefix.Meta, Buffer.from("head"));
const CONSENSUS_KEY = key(Prefix.ConsensusState);
const CONSENSUS_HEADER_KEY = key(Prefix.ConsensusState, Buffer.from("h"));
const PART_PREPARED = Buffer.from("p");

export class Ledger {
  private headState: Head = { height: 0, entryHash: ZERO_HASH };
  private readonly state: MemoryRulesState;
  private readonly keys: ClusterKeys;
  private queue: Promise<unknown> = Promise.resolve();
  private broken: LedgerError | null = null;
  private evidenceCounter = 0;

  private constructor(
    private readonly db: KvStore,
    readonly cluster: ClusterConfig,
  ) {
    this.keys = clusterKeys(cluster);
    this.state = new MemoryRulesState(this.keys.proposers);
  }

  /**
   * Opens the ledger in a data directory (a LevelKv, created when absent) or over any KvStore, and rebuilds
   * the rules' state from its entries. The ledger closes the store when it is closed.
   */
  static async open(where: string | KvStore, cluster: ClusterConfig): Promise<Ledger> {
    const db = typeof where === "string" ? await LevelKv.open(where) : where;
    const dir = typeof where === "string" ? where : "(store)";
    const ledger = new Ledger(db, cluster);
    try {
      await ledger.replay();
    } catch (e) {
      await db.close().catch(() => undefined);
      throw e instanceof LedgerError ? e : new LedgerError("corrupt", `ledger at ${dir}: ${messageOf(e)}`);
    }
    return ledger;
  }

  private async replay(): Promise<void> {
    let prev: Uint8Array = ZERO_HASH;
    let expected = 1;
    for await (const [k, v] of this.db.iterate({ gte: entryKey(0), lt: key(Prefix.Entry + 1) })) {
      const height = heightFromEntryKey(k);
      const e = decodeEntry(this.cluster.clusterId, v);
      if (typeof e === "string") throw new LedgerError("corrupt", `entry ${height}: ${e}`, height);
      if (height !== expected || e.height !== height)
        throw new LedgerError("corrupt", `entry ${height}: expected height ${expected}`, height);
      if (!bytesEqual(e.header.prevHash, prev))
        throw new LedgerError("corrupt", `entry ${height}: prev_hash does not chain`, height);
      const executed = executeBatch(this.state, this.cluster.clusterId, e.batch.requests);
      for (let i = 0; i < executed.length; i++)
        if (!bytesEqual(executed[i]!.resultBytes, e.resultBytes[i]!))
          throw new LedgerError("corrupt", `entry ${height}: re-executed result ${i} differs`, height);
      prev = e.entryHash;
      expected++;
    }
    this.headState = { height: expected - 1, entryHash: prev };
    for await (const _ of this.db.iterate({ gte: key(Prefix.Evidence), lt: key(Prefix.Evidence + 1) }))
      this.evidenceCounter++;
  }

  head(): Head {
    return this.headState;
  }

  /** Runs the rules over a committed batch and appends its entry atomically (synced). Calls are serialised. */
  execute(batch: BatchToExecute): Promise<Executed> {
    return this.executeMany([batch]).then((out) => out[0]!);
  }

  /**
   * Appends consecutive committed batches (heights head+1, head+2, ...) with ONE synced write: a state
   * transfer chunk, or the batches one consensus step committed. All of them or none are on disk after a
   * crash. A batch at or below the head is answered from the ledger when it is the same one (a repeat),
   * and refused as a fork otherwise; a gap is refused. Calls are serialised.
   */
  executeMany(batches: readonly BatchToExecute[]): Promise<Executed[]> {
    const run = this.queue.then(() => this.executeNow(batches));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async executeNow(batches: readonly BatchToExecute[]): Promise<Executed[]> {
    if (this.broken) throw this.broken;
    try {
      return await this.appendAll(batches);
    } catch (e) {
      // Batches before the refused one already ran through the in-memory rules but were not written:
      // memory is ahead of the disk, so no more appends until the ledger is reopened.
      if (this.rulesAhead) this.broken ??= new LedgerError("closed", `${messageOf(e)}; reopen the ledger`);
      throw e;
    } finally {
      this.rulesAhead = false;
    }
  }

  private rulesAhead = false;

  private async appendAll(batches: readonly BatchToExecute[]): Promise<Executed[]> {
    const ops: KvOp[] = [];
    const out: Executed[] = [];
    let head = this.headState;
    const appended: { height: number; hash: Uint8Array; value: Uint8Array }[] = [];
    let consensusState: Uint8Array | undefined;
    for (const batch of batches) {
      const height = batch.seq;
      const digest = batchDigestOf(batch.requests);
      const cert = batch.certificate;
      if (
        Number(cert.seq) !== height ||
        Number(cert.view) !== batch.view ||
        !bytesEqual(cert.batchDigest ?? new Uint8Array(), digest)
      )
        throw new LedgerError("bad-batch", `certificate does not match batch ${height}`, height);
      if (height <= head.height) {
        const existing = appended.length === 0 ? await this.get(height) : undefined;
        if (existing && bytesEqual(existing.header.batchDigest, digest)) {
          out.push({
            entry: existing,
            header: existing.header,
            entryHash: existing.entryHash,
            results: existing.results,
          });
          continue;
        }
        await this.keepEvidence(height, batch, digest);
        throw new LedgerError("fork", `height ${height} already holds a different entry`, height);
      }
      if (height !== head.height + 1) {
        await this.keepEvidence(height, batch, digest);
        throw new LedgerError("gap", `append at ${height} would leave a gap after ${head.height}`, height);
      }
      this.rulesAhead = true;
      const executed = executeBatch(this.state, this.cluster.clusterId, batch.requests);
      const resultBytes = executed.map((x) => x.resultBytes);
      const header = pbft.EntryHeader.create({
        height,
        prevHash: head.entryHash,
        view: batch.view,
        batchDigest: digest,
        resultsDigest: resultsDigestOf(resultBytes),
        requestCount: batch.requests.length,
      });
      const headerBytes = pbft.EntryHeader.encode(header).finish();
      const batchBytes = canonicalBatch(height, batch);
      const hash = hashEntry(this.cluster.clusterId, headerBytes);
      const value = encodeValue([headerBytes, batchBytes, ...resultBytes]);
      put(ops, entryKey(height), value);
      executed.forEach((x, i) => {
        if (x.client) {
          const ck = Buffer.from(x.client.keyHex, "hex");
          put(ops, key(Prefix.ClientRequest, ck, u64(x.client.number)), position(height, i));
          put(ops, key(Prefix.ClientTable, ck), Buffer.concat([u64(x.client.number), u64(height), hash]));
        }
        if (x.result.accepted)
          put(ops, key(Prefix.Proposal, Buffer.from(x.result.proposalId)), position(height, i));
      });
      if (batch.consensusState) consensusState = batch.consensusState;
      appended.push({ height, hash, value });
      head = { height, entryHash: hash };
    }
    if (appended.length === 0) return out;
    put(ops, HEAD_KEY, Buffer.concat([u64(head.height), head.entryHash]));
    if (consensusState) put(ops, CONSENSUS_KEY, consensusState);
    try {
      await this.db.batch(ops, { sync: true });
    } catch (e) {
      throw new LedgerError("closed", `append at ${appended[0]!.height} failed (${messageOf(e)})`);
    }
    this.rulesAhead = false;
    this.headState = head;
    for (const a of appended) {
      const entry = decodeEntry(this.cluster.clusterId, a.value);
      if (typeof entry === "string")
        throw new LedgerError("corrupt", `entry ${a.height} just written: ${entry}`, a.height);
      out.push({ entry, header: entry.header, entryHash: a.hash, results: entry.results });
    }
    return out;
  }

  private async keepEvidence(height: number, batch: BatchToExecute, digest: Uint8Array): Promise<void> {
    if (this.evidenceCounter >= EVIDENCE_MAX) return;
    const value = pbft.CommittedBatch.encode({
      seq: height,
      view: batch.view,
      requests: [...batch.requests],
      certificate: batch.certificate,
    }).finish();
    void digest;
    await this.db.batch(
      [{ type: "put", key: key(Prefix.Evidence, u64(height), u64(this.evidenceCounter++)), value }],
      {
        sync: true,
      },
    );
  }

  /** Refused batches (forks and gaps) kept as evidence, oldest height first. */
  async *evidence(): AsyncGenerator<{ height: number; batch: pbft.CommittedBatch }> {
    for await (const [k, v] of this.db.iterate({ gte: key(Prefix.Evidence), lt: key(Prefix.Evidence + 1) }))
      yield { height: Number(Buffer.from(k).readBigUInt64BE(1)), batch: pbft.CommittedBatch.decode(v) };
  }

  async get(height: number): Promise<StoredEntry | undefined> {
    const v = await this.db.get(entryKey(height));
    if (v === undefined) return undefined;
    const e = decodeEntry(this.cluster.clusterId, v);
    if (typeof e === "string") throw new LedgerError("corrupt", `entry ${height}: ${e}`, height);
    return e;
  }

  /** Entries from..to inclusive, one at a time (bounded memory). */
  async *range(from: number, to: number = Number.MAX_SAFE_INTEGER): AsyncGenerator<StoredEntry> {
    for await (const [k, v] of this.rawRange(from, to)) {
      const e = decodeEntry(this.cluster.clusterId, v);
      if (typeof e === "string") throw new LedgerError("corrupt", `entry ${k}: ${e}`, k);
      yield e;
    }
  }

  /** Raw stored values, for export and verify. */
  async *rawRange(from = 1, to: number = Number.MAX_SAFE_INTEGER): AsyncGenerator<[number, Uint8Array]> {
    for await (const [k, v] of this.db.iterate({ gte: entryKey(from), lt: entryKeyAfter(to) }))
      yield [heightFromEntryKey(k), v];
  }

  async byProposalId(id: string): Promise<{ entry: StoredEntry; index: number } | undefined> {
    return this.at(await this.db.get(key(Prefix.Proposal, Buffer.from(id))));
  }

  async byClientRequest(
    clientKeyHex: string,
    n: number,
  ): Promise<{ entry: StoredEntry; index: number } | undefined> {
    return this.at(await this.db.get(key(Prefix.ClientRequest, Buffer.from(clientKeyHex, "hex"), u64(n))));
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
    for await (const [k, v] of this.db.iterate({
      gte: key(Prefix.ClientTable),
      lt: key(Prefix.ClientTable + 1),
    })) {
      const b = Buffer.from(v);
      rows.push({
        clientKey: Buffer.from(k.subarray(1)).toString("hex"),
        requestNumber: Number(b.readBigUInt64BE(0)),
        seq: Number(b.readBigUInt64BE(8)),
        entryHash: new Uint8Array(b.subarray(16, 48)),
      });
    }
    return rows;
  }

  /** The batch and certificate of one entry, for state transfer (no re-encoding: the stored bytes). */
  async committedBatch(height: number): Promise<pbft.CommittedBatch | undefined> {
    const v = await this.db.get(entryKey(height));
    if (v === undefined) return undefined;
    const chunks = decodeChunks(v);
    if (typeof chunks === "string") throw new LedgerError("corrupt", `entry ${height}: ${chunks}`, height);
    return pbft.CommittedBatch.decode(chunks[1]!);
  }

  /**
   * The batches and certificates of the consecutive entries from..to, in one range read (state transfer:
   * one read per height cost a thread-pool round trip each). Ends early at a missing height, or once the
   * batches' stored sizes pass `bytesMax` (at least one is returned).
   */
  async committedBatchRange(
    from: number,
    to: number,
    bytesMax: number = Number.MAX_SAFE_INTEGER,
  ): Promise<pbft.CommittedBatch[]> {
    const out: pbft.CommittedBatch[] = [];
    let bytes = 0;
    for await (const [k, v] of this.db.iterate({ gte: entryKey(from), lt: entryKeyAfter(to) })) {
      const height = heightFromEntryKey(k);
      if (height !== from + out.length) break;
      const chunks = decodeChunks(v);
      if (typeof chunks === "string") throw new LedgerError("corrupt", `entry ${height}: ${chunks}`, height);
      const stored = chunks[1]!;
      if (out.length > 0 && bytes + stored.length > bytesMax) break;
      bytes += stored.length;
      out.push(pbft.CommittedBatch.decode(stored));
    }
    return out;
  }

  async consensusState(): Promise<Uint8Array | undefined> {
    const v = await this.db.get(CONSENSUS_KEY);
    return v === undefined ? undefined : new Uint8Array(v);
  }

  /**
   * The consensus state in parts, so a node rewrites only what changed: a small header, and one record per
   * prepared certificate (by seq) put or deleted. One synced batch: all of it or none after a crash.
   */
  async saveConsensusParts(update: {
    readonly header: Uint8Array;
    readonly put: readonly (readonly [number, Uint8Array])[];
    readonly del: readonly number[];
  }): Promise<void> {
    const ops: KvOp[] = [];
    put(ops, CONSENSUS_HEADER_KEY, update.header);
    for (const [seq, bytes] of update.put)
      put(ops, key(Prefix.ConsensusState, PART_PREPARED, u64(seq)), bytes);
    for (const seq of update.del)
      ops.push({ type: "del", key: key(Prefix.ConsensusState, PART_PREPARED, u64(seq)) });
    await this.db.batch(ops, { sync: true });
  }

  /** The parts saved by saveConsensusParts (undefined when none were ever saved). */
  async consensusParts(): Promise<{ header: Uint8Array; prepared: Map<number, Uint8Array> } | undefined> {
    const header = await this.db.get(CONSENSUS_HEADER_KEY);
    if (header === undefined) return undefined;
    const prepared = new Map<number, Uint8Array>();
    const from = key(Prefix.ConsensusState, PART_PREPARED);
    const to = key(Prefix.ConsensusState, new Uint8Array([PART_PREPARED[0]! + 1]));
    for await (const [k, v] of this.db.iterate({ gte: from, lt: to }))
      prepared.set(Number(Buffer.from(k).readBigUInt64BE(2)), new Uint8Array(v));
    return { header: new Uint8Array(header), prepared };
  }

  async saveConsensusState(bytes: Uint8Array): Promise<void> {
    await this.db.batch([{ type: "put", key: CONSENSUS_KEY, value: bytes }], { sync: true });
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
      view: Number(e.header.view),
      requests: e.batch.requests,
      certificate: e.batch.certificate ?? {},
    });
    if (!bytesEqual(out.entryHash, e.entryHash))
      throw new LedgerError("import-invalid", `entry ${e.height} does not reproduce`, e.height);
  }

  async close(): Promise<void> {
    await this.queue;
    await this.db.close();
  }
}

function canonicalBatch(height: number, b: BatchToExecute): Uint8Array {
  const bytes = pbft.CommittedBatch.encode({
    seq: height,
    view: b.view,
    requests: [...b.requests],
    certificate: b.certificate,
  }).finish();
  return pbft.CommittedBatch.encode(pbft.CommittedBatch.decode(bytes)).finish();
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export { clusterKeys };

/** True when another process (a running node) holds the database's lock. Opens nothing else. */
export function ledgerInUse(dir: string): Promise<boolean> {
  return LevelKv.inUse(dir);
}

function put(ops: KvOp[], k: Uint8Array, value: Uint8Array): void {
  ops.push({ type: "put", key: k, value });
}
