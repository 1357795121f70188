// Execution: committed batches leave the core in seq order as `execute` effects; the node appends each and
// steps `executed`, which updates the client table, answers the clients with signed attestations and, every
// K seqs, takes a checkpoint.
import type { pbft } from "../messages.js";
import { recordedTime } from "../time.js";
import type { EpochInfo } from "../types.js";
import type { Core } from "./core.js";

export class Execution {
  constructor(private readonly c: Core) {}

  /** Hands out every committed batch that is next in seq order (`execute` effects, last in the step). */
  tryExecute(): undefined {
    for (;;) {
      const next = this.c.committedBatches.get(this.c.lastDispatched + 1);
      if (next === undefined) break;
      this.c.committedBatches.delete(next.seq);
      this.c.dispatched.set(next.seq, next);
      this.c.lastDispatched = next.seq;
      // What the ledger records for it (the same rule, so a primary's next time is above it).
      this.c.lastTimeMs = recordedTime(Number(next.certificate.timeMs ?? 0), this.c.lastTimeMs);
      this.c.execOut.push({
        kind: "execute",
        seq: next.seq,
        view: next.view,
        requests: next.batch.map((r) => r.request),
        certificate: next.certificate,
      });
    }
    // Target reached (a proven one, or a probe's guess): the peers may hold more still (a replica back
    // from a long absence knows of no checkpoint beyond its own), so the fetch goes on as a probe, which
    // ends when no peer has anything beyond what we executed.
    if (this.c.fetch !== null && this.c.lastDispatched >= this.c.fetch.target) {
      this.c.fetch.target = this.c.lastDispatched + this.c.params.stateTransferChunkMax;
      this.c.fetch.probe = true;
    }
  }

  /**
   * The node appended the batch at seq: answer its clients (attestations), take a checkpoint every K, and
   * let the primary cut the batches the pipeline now has room for.
   */
  onExecuted(
    seq: number,
    entryHash: Uint8Array,
    treeRoot?: Uint8Array,
    nextEpoch?: EpochInfo,
    pendingBoundary?: number,
  ): undefined {
    const batch = this.c.dispatched.get(seq);
    // The node executes exactly the `execute` effects, in order: anything else is its bug.
    if (batch === undefined || seq !== this.c.lastExecuted + 1 || !(entryHash instanceof Uint8Array))
      throw new Error(
        `executed seq ${seq} but the next batch handed out for execution is ${this.c.lastExecuted + 1}` +
          ` (handed out up to ${this.c.lastDispatched})`,
      );
    this.c.dispatched.delete(seq);
    const limitBefore = this.c.votableLimit();
    this.c.lastExecuted = seq;
    this.c.epochs.onExecuted(seq, nextEpoch, pendingBoundary);
    this.c.transfer.resumeIfPaused();
    this.c.lastEntryHash = entryHash;
    this.c.lastTreeRoot = treeRoot;
    let attestation: pbft.Envelope | null | undefined;
    const inView = !batch.transferred && !this.c.viewChanging;
    let latencyMs: number | null = null;
    for (const r of batch.batch) {
      let record = this.c.clients.get(r.clientHex);
      if (record === undefined) {
        record = { requestNumber: r.requestNumber, seq, entryHash };
        this.c.clients.set(r.clientHex, record);
      } else if (r.requestNumber > record.requestNumber) {
        record.requestNumber = r.requestNumber; // records are ours (copied when restored): update in place
        record.seq = seq;
        record.entryHash = entryHash;
        record.attestation = undefined; // the previous request's
      } else record = undefined; // a duplicate (refused by the rules): the cache keeps the original's
      // A transferred batch is attested only for a client still waiting on this member: signing one per
      // fetched entry cost a quarter of a catch-up's CPU, and a client that retransmits is answered anyway.
      let waiting = !batch.transferred;
      if (this.c.pending.size > 0) {
        const p = this.c.pending.find(r.clientHex, r.requestNumber);
        if (p !== undefined) {
          waiting = true;
          if (inView && p.receivedAtMs >= 0 && this.c.nowMs !== null)
            latencyMs = Math.max(latencyMs ?? 0, this.c.nowMs - p.receivedAtMs);
        }
        this.c.batching.dropPending(r.clientHex, r.requestNumber);
      }
      if (!waiting) continue;
      if (attestation === undefined) attestation = this.c.sign({ kind: "attestation", seq, entryHash });
      if (attestation !== null && record !== undefined) record.attestation = attestation;
      if (attestation !== null)
        this.c.out.push({
          kind: "reply",
          clientKey: r.clientKey,
          requestNumber: r.requestNumber,
          seq,
          attestation,
        });
    }
    if (inView) this.c.batching.onExecutedInView(latencyMs);
    const epoch = this.c.epochAt(seq);
    if (epoch !== null && seq % epoch.params.checkpointInterval === 0)
      this.c.checkpoints.takeCheckpoint(seq, entryHash, treeRoot);
    // Execution told us the epoch of more seqs: the votes that waited for it leave now.
    const limit = this.c.votableLimit();
    if (limit > limitBefore) this.c.normal.voteDeferred(limitBefore, limit);
    if (this.c.isPrimary() && !this.c.viewChanging) this.c.batching.cutBatches();
  }
}
