// The normal case (Castro & Liskov section 4.2): pre-prepare, prepare and commit for the slots of the log
// within the watermarks, in the current view. Messages of a later view (or while changing views) wait in
// a bounded buffer for that view; an older view's are refused (and answered with our NewView).
import {
  type CheckedRequest,
  type CommitMsg,
  checkedBatchRoot,
  checkRequest,
  type PrePrepareMsg,
  type PrepareMsg,
  type Signed,
} from "../codec.js";
import { primaryOf } from "../config.js";
import { bytesEqual, toHex } from "../hashing.js";
import { pbft } from "../messages.js";
import { checkTime, timedDigest } from "../time.js";
import type { RejectReason, ReplicaId, ReplicaParams, Verifier } from "../types.js";
import { type Core, NO_REQUESTS, type Slot, VIEWS_AHEAD_MAX } from "./core.js";

/** Later-view messages buffered, in all (a share per member): outside input cannot grow it further. */
const FUTURE_BUFFER_MAX = 4096;

export class NormalCase {
  constructor(private readonly c: Core) {}

  /** View and watermark gate shared by pre-prepare, prepare and commit. */
  onNormalCase(from: ReplicaId, signed: Signed, m: PrePrepareMsg | PrepareMsg | CommitMsg): undefined {
    if (m.view < this.c.view) {
      if (m.seq > this.c.lastDispatched && !this.c.aheadHint) {
        this.c.aheadHint = true;
        this.c.housekeeping.armTick();
      }
      this.c.viewChanges.answerStaleView(from);
      return this.c.reject("stale-view", from);
    }
    if (m.view > this.c.view || this.c.viewChanging) {
      // Bounded per member, so that a faulty member cannot crowd out the others' messages.
      const perMember = Math.floor(FUTURE_BUFFER_MAX / this.c.cluster.n);
      const mine = (this.c.futureCount.get(from) ?? 0) + 1;
      if (m.view > this.c.view + VIEWS_AHEAD_MAX || mine > perMember)
        return this.c.reject("future-view", from);
      this.c.futureCount.set(from, mine);
      this.c.future.push({ from, signed });
      return;
    }
    if (m.seq <= this.c.stableSeq || m.seq > this.c.highWatermark) {
      if (m.seq > this.c.highWatermark && m.kind === "pre-prepare") this.c.transfer.maybeCatchUp();
      return this.c.reject("outside-watermarks", from);
    }
    // A seq after the end of our epoch belongs to the next one: a message naming ours for it is wrong.
    const end = this.c.epochs.end();
    if (end !== null && m.seq > end) return this.c.reject("wrong-epoch", from);
    if (m.kind === "pre-prepare") {
      if (signed.signer !== primaryOf(m.view, this.c.cluster)) return this.c.reject("not-primary", from);
    } else if (m.kind === "prepare" && signed.signer === primaryOf(m.view, this.c.cluster)) {
      return this.c.reject("unexpected", from);
    }
    const conflict = this.c.quorums.recordVote(signed, m.kind, m.view, m.seq);
    if (conflict !== null)
      return this.c.reject(
        m.kind === "pre-prepare" && conflict === "equivocation" ? "conflicting-pre-prepare" : conflict,
        from,
      );
    if (m.kind === "pre-prepare") this.onPrePrepare(from, signed, m);
    else if (m.kind === "prepare") this.onPrepare(from, signed, m);
    else this.onCommit(from, signed, m);
  }

  /** The log's slot for seq in the current view (a fresh one if the log holds an older view's). */
  slotFor(seq: number): Slot {
    let slot = this.c.log.get(seq);
    if (slot === undefined || slot.view !== this.c.view) {
      slot = {
        seq,
        view: this.c.view,
        prePrepare: null,
        digest: null,
        digestHex: null,
        timeMs: 0,
        batch: NO_REQUESTS,
        prepares: new Map(),
        commits: new Map(),
        prepared: false,
        committed: false,
      };
      this.c.log.set(seq, slot);
    }
    return slot;
  }

  /**
   * False for a seq we may have voted on before a restart in this view (see `fence`), and for a seq whose
   * epoch we do not know yet (above `votableLimit()`: its vote waits, see `voteDeferred`).
   */
  mayVote(seq: number): boolean {
    if (seq > this.c.votableLimit()) return false;
    return this.c.fence === null || this.c.fence.view !== this.c.view || seq > this.c.fence.seq;
  }

  /** Execution moved the votable limit up to `limit`: the votes that waited for it leave now. */
  voteDeferred(above: number, limit: number): undefined {
    if (this.c.viewChanging || !this.c.isVoter) return;
    for (let seq = above + 1; seq <= limit; seq++) {
      const slot = this.c.log.get(seq);
      if (slot === undefined || slot.view !== this.c.view || slot.prePrepare === null || slot.committed)
        continue;
      if (!this.mayVote(seq)) continue;
      if (!this.c.isPrimary(slot.view) && !slot.prepares.has(this.c.id)) {
        const env = this.c.sign({ kind: "prepare", view: slot.view, seq, digest: slot.digest! });
        if (env !== null) {
          slot.prepares.set(this.c.id, { digestHex: slot.digestHex!, envelope: env });
          this.c.broadcast(env);
        }
      }
      if (slot.prepared && !slot.commits.has(this.c.id)) {
        const env = this.c.sign({ kind: "commit", view: slot.view, seq, digest: slot.digest! });
        if (env !== null) {
          slot.commits.set(this.c.id, { digestHex: slot.digestHex!, envelope: env });
          this.c.broadcast(env);
        }
      }
      this.checkPrepared(slot);
      this.checkCommitted(slot);
    }
  }

  private onPrePrepare(from: ReplicaId, signed: Signed, m: PrePrepareMsg): undefined {
    const slot = this.slotFor(m.seq);
    if (slot.prePrepare !== null) {
      // A different pre-prepare from the same primary was caught by recordVote; this one is the same batch.
      return this.c.reject("duplicate", from);
    }
    const timeMs = m.timeMs ?? 0;
    const checked = this.checkBatch(m.requests, m.digest, this.c.params, timeMs);
    if (!checked.ok) return this.c.reject(checked.reason, from);
    // Consensus time (issue 18): a primary whose time is not above the times before it, or outside the
    // bound of our clock, is faulty (or its clock is): nothing of it is recorded, and we leave the view.
    if (checkTime(timeMs, this.timeBefore(m.seq), this.c.nowMs, this.c.params.clockSkewMaxMs) !== "ok") {
      this.c.reject("bad-time", from);
      if (this.c.isVoter) this.c.viewChanges.startViewChange(this.c.view + 1, "bad-time");
      return;
    }
    this.acceptPrePrepare(slot, signed.envelope, m.digest, checked.batch, timeMs);
  }

  /**
   * The latest time before seq that we know of: the nearest lower slot of this view with a pre-prepare,
   * else what the ledger records at the last batch handed to execution.
   */
  timeBefore(seq: number): number {
    for (let s = seq - 1; s > this.c.lastDispatched; s--) {
      const slot = this.c.log.get(s);
      if (slot !== undefined && slot.view === this.c.view && slot.prePrepare !== null && slot.timeMs > 0)
        return Math.max(slot.timeMs, this.c.lastTimeMs);
    }
    return this.c.lastTimeMs;
  }

  /** Batch limits, every request (shape, cluster, client signature) and the Merkle digest. */
  checkBatch(
    requests: readonly pbft.ClientRequest[],
    digest: Uint8Array,
    params: ReplicaParams = this.c.params,
    timeMs = 0,
    verifier: Verifier = this.c.verifier,
  ): { ok: true; batch: CheckedRequest[] } | { ok: false; reason: RejectReason } {
    if (requests.length > params.batchSizeMax) return { ok: false, reason: "batch-too-large" };
    const batch: CheckedRequest[] = [];
    let bytes = 0;
    for (const r of requests) {
      const checked = checkRequest(r, this.c.clusterId, verifier, params.batchBytesMax);
      if (!checked.ok) return { ok: false, reason: checked.reason };
      bytes += checked.value.bytes;
      if (bytes > params.batchBytesMax) return { ok: false, reason: "batch-too-large" };
      batch.push(checked.value);
    }
    if (!bytesEqual(timedDigest(checkedBatchRoot(batch), timeMs), digest))
      return { ok: false, reason: "digest-mismatch" };
    return { ok: true, batch };
  }

  /** Takes the pre-prepare into the slot; a backup prepares it (unless fenced). */
  acceptPrePrepare(
    slot: Slot,
    envelope: pbft.Envelope,
    digest: Uint8Array,
    batch: readonly CheckedRequest[],
    timeMs = 0,
  ): undefined {
    slot.prePrepare = envelope;
    slot.digest = digest;
    slot.timeMs = timeMs;
    slot.digestHex = toHex(digest);
    slot.batch = batch;
    if (this.c.pending.size > 0)
      for (const r of batch) {
        const p = this.c.pending.find(r.clientHex, r.requestNumber);
        if (p !== undefined) p.ordered = true;
      }
    // Votes that arrived before the pre-prepare for another digest are dropped now.
    for (const [who, v] of slot.prepares) if (v.digestHex !== slot.digestHex) slot.prepares.delete(who);
    for (const [who, v] of slot.commits) if (v.digestHex !== slot.digestHex) slot.commits.delete(who);
    if (!this.c.isPrimary(slot.view) && this.mayVote(slot.seq)) {
      const env = this.c.sign({ kind: "prepare", view: slot.view, seq: slot.seq, digest });
      if (env !== null) {
        slot.prepares.set(this.c.id, { digestHex: slot.digestHex, envelope: env });
        this.c.broadcast(env);
      }
    }
    this.checkPrepared(slot);
    this.checkCommitted(slot);
    this.c.housekeeping.armTick(); // watches for the batch getting stuck
  }

  private onPrepare(from: ReplicaId, signed: Signed, m: PrepareMsg): undefined {
    const slot = this.slotFor(m.seq);
    const digestHex = toHex(m.digest);
    if (slot.digestHex !== null && slot.digestHex !== digestHex)
      return this.c.reject("digest-mismatch", from);
    slot.prepares.set(signed.signer, { digestHex, envelope: signed.envelope });
    this.checkPrepared(slot);
  }

  private onCommit(from: ReplicaId, signed: Signed, m: CommitMsg): undefined {
    const slot = this.slotFor(m.seq);
    const digestHex = toHex(m.digest);
    if (slot.digestHex !== null && slot.digestHex !== digestHex)
      return this.c.reject("digest-mismatch", from);
    slot.commits.set(signed.signer, { digestHex, envelope: signed.envelope });
    this.checkCommitted(slot);
  }

  /** Prepared: the pre-prepare and quorum-1 matching prepares. The certificate is persisted, then we commit. */
  checkPrepared(slot: Slot): undefined {
    if (slot.prepared || slot.prePrepare === null) return;
    const matching = this.c.quorums.matching(slot.prepares, slot.digestHex);
    const needed = this.c.quorumSize() - 1;
    if (matching.length < needed) return;
    slot.prepared = true;
    const proof = pbft.PreparedProof.create({
      prePrepare: slot.prePrepare,
      prepares: matching.slice(0, needed),
    });
    const prev = this.c.preparedCerts.get(slot.seq);
    if (prev === undefined || prev.view <= slot.view) {
      this.c.preparedCerts.set(slot.seq, { view: slot.view, proof });
      this.c.dirty = true; // persisted before the commit below leaves the node
    }
    if (this.mayVote(slot.seq)) {
      const env = this.c.sign({ kind: "commit", view: slot.view, seq: slot.seq, digest: slot.digest! });
      if (env !== null) {
        slot.commits.set(this.c.id, { digestHex: slot.digestHex!, envelope: env });
        this.c.broadcast(env);
      }
    }
    this.checkCommitted(slot);
  }

  /** Committed: a quorum of matching commits. The batch goes to execution with its certificate. */
  checkCommitted(slot: Slot): undefined {
    if (slot.committed || slot.prePrepare === null) return;
    const matching = this.c.quorums.matching(slot.commits, slot.digestHex);
    if (matching.length < this.c.quorumSize()) return;
    slot.committed = true;
    // The slot needs its checked requests no more (they go to execution below): dropping them here, not
    // at the next stable checkpoint, lets a batch's per-request objects die young (far less GC work).
    const batch = slot.batch;
    slot.batch = NO_REQUESTS;
    if (slot.seq <= this.c.lastDispatched || this.c.committedBatches.has(slot.seq)) return;
    const certificate = pbft.CommitCertificate.create({
      epoch: this.c.cur.epoch,
      view: slot.view,
      seq: slot.seq,
      batchDigest: slot.digest!,
      commits: matching,
      timeMs: slot.timeMs,
    });
    this.c.committedBatches.set(slot.seq, { seq: slot.seq, view: slot.view, batch, certificate });
    this.c.execution.tryExecute();
  }
}
