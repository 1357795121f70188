// View change (Castro & Liskov section 4.4): a backup that suspects the primary moves to the next view and
// broadcasts a view-change (its stable checkpoint and prepared certificates); the new view's primary, with
// a quorum of them, issues a NewView that re-issues every batch that may have committed; the others check
// it in full and enter the view. A NewView is self-certifying, so a member that missed it may be sent it
// by any member (an answer to its stale messages, or in a state reply).
import { batchDigest, type CheckedPrepared } from "../certificate.js";
import { type NewViewMsg, openEnvelope, type ReplicaMsg, type Signed, type ViewChangeMsg } from "../codec.js";
import { primaryOf } from "../config.js";
import { bytesEqual } from "../hashing.js";
import type { pbft } from "../messages.js";
import { timedDigest } from "../time.js";
import type { RejectReason, ReplicaId, ViewChangeReason } from "../types.js";
import { type CheckedViewChange, checkViewChange, planNewView } from "../viewchange.js";
import { type Core, VIEWS_AHEAD_MAX } from "./core.js";

const VIEW_CHANGE_BACKOFF_MAX = 6; // the view-change timeout doubles at most 2^6 times

export class ViewChanges {
  constructor(private readonly c: Core) {}

  /**
   * Full validation of a NewView (the default of the replica's `validateNewView` hook): 2f+1 valid
   * view-changes for the view from distinct members, and exactly the pre-prepares that the new-view
   * computation yields from those view-changes.
   */
  validate(nv: NewViewMsg): RejectReason | null {
    const checked = this.checkNewViewChanges(nv);
    if (checked === null) return "invalid-new-view";
    const plan = planNewView(checked);
    if (plan.batches.length !== nv.prePrepares.length) return "invalid-new-view";
    for (let i = 0; i < plan.batches.length; i++) {
      const expected = plan.batches[i]!;
      const opened = openEnvelope(nv.prePrepares[i], this.c.certContext());
      if (!opened.ok || opened.value.msg.kind !== "pre-prepare") return "invalid-new-view";
      const pp = opened.value.msg;
      if (
        opened.value.signer !== primaryOf(nv.view, this.c.cluster) ||
        pp.view !== nv.view ||
        pp.seq !== expected.seq ||
        !bytesEqual(pp.digest, expected.digest) ||
        (pp.timeMs ?? 0) !== expected.timeMs
      )
        return "invalid-new-view";
      const root = batchDigest(pp.requests);
      if (root === null || !bytesEqual(timedDigest(root, expected.timeMs), pp.digest))
        return "invalid-new-view";
    }
    return null;
  }

  /**
   * A member still working in an older view (a primary cut off while the others changed views) would
   * otherwise learn of the view only from a later view change: send it the NewView of ours, once per view.
   */
  answerStaleView(to: ReplicaId): undefined {
    const nv = this.c.workingNewView();
    if (nv === null || this.c.currentNewView?.epoch !== this.c.cur.epoch) return; // not of the members' epoch
    if (this.c.staleViewAnswered.get(to) === this.c.view) return;
    this.c.staleViewAnswered.set(to, this.c.view);
    this.c.send(to, nv);
  }

  /** Leaves the view for `newView`: persisted, our view-change broadcast, later-view messages kept. */
  startViewChange(newView: number, reason: ViewChangeReason): undefined {
    if (newView <= this.c.view || !this.c.isVoter) return; // an observer follows views, never changes them
    if (this.c.vcTimerView >= 0) this.c.cancelTimer({ kind: "view-change", view: this.c.vcTimerView });
    this.c.vcTimerView = -1;
    this.c.view = newView;
    this.c.viewChanging = true;
    this.c.dirty = true;
    this.c.vcAttempts++;
    if (this.c.batchTimerSet) {
      this.c.batchTimerSet = false;
      this.c.cancelTimer({ kind: "batch" });
    }
    this.c.batchDue = false;
    this.setFuture(this.c.future.filter((x) => msgView(x.signed.msg) >= newView));
    this.c.out.push({ kind: "view-change-started", view: newView, reason });
    this.sendViewChange();
    this.maybeArmViewChangeTimer();
    this.c.housekeeping.armTick();
    if (this.c.isPrimary()) this.tryNewView();
  }

  /**
   * Castro & Liskov's first liveness rule: the view-change timer starts only once 2f+1 view-changes for
   * the view are in, so a replica that suspects alone does not run through views on its own.
   */
  private maybeArmViewChangeTimer(): undefined {
    if (!this.c.viewChanging || this.c.vcTimerView === this.c.view) return;
    if (this.c.quorums.viewChangesFor(this.c.view).length < this.c.quorumSize()) return;
    this.c.vcTimerView = this.c.view;
    const factor = 2 ** Math.min(Math.max(0, this.c.vcAttempts - 1), VIEW_CHANGE_BACKOFF_MAX);
    this.c.setTimer({ kind: "view-change", view: this.c.view }, this.c.params.viewChangeTimeoutMs * factor);
  }

  private setFuture(buffered: { from: ReplicaId; signed: Signed }[]): undefined {
    this.c.future = buffered;
    this.c.futureCount.clear();
    for (const x of buffered) this.c.futureCount.set(x.from, (this.c.futureCount.get(x.from) ?? 0) + 1);
  }

  /** Our view-change for the view we change to: stable checkpoint and proof, prepared certificates above. */
  private ownViewChange(): CheckedViewChange | null {
    const prepared = new Map<number, CheckedPrepared>();
    const proofs: pbft.PreparedProof[] = [];
    const seqs = [...this.c.preparedCerts.keys()].filter((s) => s > this.c.stableSeq).sort((a, b) => a - b);
    for (const s of seqs) {
      const cert = this.c.preparedCerts.get(s)!;
      const pp = this.c.decodeTrusted(cert.proof.prePrepare!);
      if (pp?.kind !== "pre-prepare") continue;
      prepared.set(s, {
        view: pp.view,
        seq: s,
        digest: pp.digest,
        requests: pp.requests,
        timeMs: pp.timeMs ?? 0,
        proof: cert.proof,
      });
      proofs.push(cert.proof);
    }
    const env = this.c.sign({
      kind: "view-change",
      newView: this.c.view,
      stableSeq: this.c.stableSeq,
      stableDigest: this.c.stableDigest,
      checkpointProof: this.c.checkpointProof,
      prepared: proofs,
    });
    if (env === null) return null;
    return {
      signer: this.c.id,
      envelope: env,
      newView: this.c.view,
      stableSeq: this.c.stableSeq,
      stableDigest: this.c.stableDigest,
      checkpointProof: this.c.checkpointProof,
      prepared,
    };
  }

  sendViewChange(): undefined {
    const vc = this.ownViewChange();
    if (vc === null) {
      // The signer refused: after a restart the rebuilt view-change differs from the one signed before the
      // crash, and the double-sign guard will never sign a second one for this view. Without our own
      // view-change the view may never gather its quorum, so move on to the next view when the timer fires.
      if (this.c.viewChanging && this.c.vcTimerView !== this.c.view) {
        this.c.vcTimerView = this.c.view;
        this.c.setTimer({ kind: "view-change", view: this.c.view }, this.c.params.viewChangeTimeoutMs);
      }
      return;
    }
    this.c.latestViewChange.set(this.c.id, vc);
    this.c.broadcast(vc.envelope);
  }

  onViewChange(from: ReplicaId, signed: Signed<ViewChangeMsg>): undefined {
    const m = signed.msg;
    if (m.newView < this.c.view || (m.newView === this.c.view && !this.c.viewChanging)) {
      // A member still changing to the view we are in, or to one the cluster has since left (it was down),
      // missed our new-view: send it again, so it follows us into the view we work in and votes again.
      const nv = this.c.workingNewView();
      const ours = nv !== null && this.c.currentNewView?.epoch === this.c.cur.epoch;
      if (ours && this.c.isPrimary()) this.c.send(from, nv);
      // We entered this view in an earlier epoch: no NewView of this epoch proves it, so a member asking
      // for it (or still changing to an older view: it missed our entry) can never follow us. Move on with
      // it to the next view, which this epoch's members will prove. (Only the equal view was handled once:
      // a member left behind at an older view then waited for ever, found by simulator seed 5320.)
      if (!ours && !this.c.viewChanging && this.c.view > 0)
        this.startViewChange(this.c.view + 1, "epoch-switch");
      return this.c.reject("stale-view", from);
    }
    if (m.newView > this.c.view + VIEWS_AHEAD_MAX) return this.c.reject("future-view", from);
    const prev = this.c.latestViewChange.get(signed.signer);
    if (prev !== undefined) {
      if (prev.newView > m.newView) return this.c.reject("stale-view", from);
      if (prev.newView === m.newView) {
        if (bytesEqual(prev.envelope.payload, signed.envelope.payload))
          return this.c.reject("duplicate", from);
        this.c.quorums.addEvidence({
          member: signed.signer,
          slot: { kind: "view-change", view: m.newView, seq: 0 },
          first: prev.envelope,
          second: signed.envelope,
        });
        return this.c.reject("equivocation", from);
      }
    }
    const checked = checkViewChange(signed, this.c.certContext());
    if (!checked.ok) return this.c.reject("invalid-view-change", from);
    this.c.latestViewChange.set(signed.signer, checked.value);
    this.learnStable(checked.value);
    // Join: f+1 members already moving beyond our view means at least one honest replica suspects the primary.
    const above = [...this.c.latestViewChange.values()].filter(
      (vc) => vc.signer !== this.c.id && vc.newView > this.c.view,
    );
    if (above.length >= this.c.cluster.f + 1) {
      const smallest = Math.min(...above.map((vc) => vc.newView));
      this.startViewChange(smallest, "joined");
    }
    if (this.c.viewChanging && m.newView === this.c.view) {
      this.maybeArmViewChangeTimer();
      if (this.c.isPrimary()) this.tryNewView();
    }
  }

  /** A valid stable-checkpoint proof above our state is a reason to fetch state. */
  private learnStable(vc: CheckedViewChange): undefined {
    if (vc.stableSeq > this.c.knownStable) this.c.knownStable = vc.stableSeq;
    this.c.transfer.maybeCatchUp();
  }

  /** The new primary: with a quorum of view-changes, issue the NewView and enter the view. */
  private tryNewView(): undefined {
    const vcs = this.c.quorums.viewChangesFor(this.c.view).slice(0, this.c.quorumSize());
    if (vcs.length < this.c.quorumSize()) return;
    const plan = planNewView(vcs);
    const prePrepares: pbft.Envelope[] = [];
    for (const b of plan.batches) {
      const env = this.c.sign({
        kind: "pre-prepare",
        view: this.c.view,
        seq: b.seq,
        digest: b.digest,
        requests: b.requests,
        timeMs: b.timeMs,
      });
      if (env === null) return;
      prePrepares.push(env);
    }
    const msg: NewViewMsg = {
      kind: "new-view",
      epoch: this.c.cur.epoch,
      view: this.c.view,
      viewChanges: vcs.map((vc) => vc.envelope),
      prePrepares,
    };
    const env = this.c.sign(msg);
    if (env === null) return;
    this.c.currentNewView = { view: this.c.view, envelope: env, epoch: this.c.cur.epoch };
    this.c.broadcast(env);
    this.enterView(this.c.view, vcs, prePrepares);
  }

  /** The view-changes of a NewView, each fully checked; null unless a quorum of distinct members for its view. */
  protected checkNewViewChanges(nv: NewViewMsg): CheckedViewChange[] | null {
    const ctx = this.c.certContext();
    const seen = new Set<ReplicaId>();
    const out: CheckedViewChange[] = [];
    if (nv.viewChanges.length > this.c.cluster.n) return null;
    for (const env of nv.viewChanges) {
      const opened = openEnvelope(env, this.c.certContext());
      if (!opened.ok || opened.value.msg.kind !== "view-change") return null;
      const signed = opened.value as Signed<ViewChangeMsg>;
      if (signed.msg.newView !== nv.view || seen.has(signed.signer)) return null;
      const checked = checkViewChange(signed, ctx);
      if (!checked.ok) return null;
      seen.add(signed.signer);
      out.push(checked.value);
    }
    return out.length >= this.c.quorumSize() ? out : null;
  }

  /** A NewView as a message (from its primary, or relayed by any member). */
  onNewView(from: ReplicaId, signed: Signed<NewViewMsg>): undefined {
    const reason = this.acceptNewView(signed);
    if (reason !== null) this.c.reject(reason, from);
  }

  /** Validates a NewView (sent or relayed by any member) and enters its view; else why not (nothing changed). */
  acceptNewView(signed: Signed<NewViewMsg>): RejectReason | null {
    const nv = signed.msg;
    if (signed.signer !== primaryOf(nv.view, this.c.cluster)) return "not-primary";
    const seen = this.c.newViewSeen.get(nv.view);
    if (seen !== undefined) {
      if (bytesEqual(seen.payload, signed.envelope.payload)) return "duplicate";
      this.c.quorums.addEvidence({
        member: signed.signer,
        slot: { kind: "new-view", view: nv.view, seq: 0 },
        first: seen,
        second: signed.envelope,
      });
      return "equivocation";
    }
    if (nv.view < this.c.view || (nv.view === this.c.view && !this.c.viewChanging)) return "stale-view";
    if (nv.view > this.c.view + VIEWS_AHEAD_MAX) return "future-view";
    if (nv.viewChanges.length > this.c.cluster.n || nv.prePrepares.length > this.c.params.logWindow)
      return "invalid-new-view";
    const reason = this.c.validateNewView(nv, signed.signer);
    if (reason !== null) return reason;
    this.c.newViewSeen.set(nv.view, signed.envelope);
    this.c.currentNewView = { view: nv.view, envelope: signed.envelope, epoch: nv.epoch };
    // Re-check what we can for our own bookkeeping (a broken validateNewView may have let anything in).
    const vcs = this.checkNewViewChanges(nv) ?? [];
    this.enterView(nv.view, vcs, nv.prePrepares);
    return null;
  }

  /**
   * Enters `view`: from the NewView's plan, the stable checkpoint and the re-issued pre-prepares; pending
   * requests re-queued (primary) or re-relayed (backups); buffered messages of the view replayed.
   */
  private enterView(
    view: number,
    vcs: readonly CheckedViewChange[],
    prePrepares: readonly pbft.Envelope[],
  ): undefined {
    if (this.c.vcTimerView >= 0) this.c.cancelTimer({ kind: "view-change", view: this.c.vcTimerView });
    this.c.vcTimerView = -1;
    this.c.view = view;
    this.c.viewChanging = false;
    this.c.vcAttempts = 0;
    this.c.dirty = true;
    for (const [s, slot] of this.c.log) if (slot.view < view) this.c.log.delete(s);
    for (const [m, vc] of this.c.latestViewChange) if (vc.newView <= view) this.c.latestViewChange.delete(m);
    for (const v of this.c.newViewSeen.keys()) if (v < view) this.c.newViewSeen.delete(v);
    for (const p of this.c.pending.entries()) p.ordered = false;
    this.c.pending.clearQueue();
    this.c.batchDue = false;

    // The new view starts at the highest stable checkpoint among the view-changes.
    const plan = planNewView(vcs);
    if (plan.stableSeq > this.c.stableSeq)
      this.c.checkpoints.adoptStable(plan.stableSeq, plan.stableDigest, plan.checkpointProof);
    if (plan.stableSeq > this.c.knownStable) this.c.knownStable = plan.stableSeq;

    let maxSeq = this.c.stableSeq;
    for (const env of prePrepares) {
      const opened = openEnvelope(env, this.c.certContext());
      if (!opened.ok || opened.value.msg.kind !== "pre-prepare") continue;
      const pp = opened.value.msg;
      if (pp.view !== view || opened.value.signer !== primaryOf(view, this.c.cluster)) continue;
      if (pp.seq > maxSeq) maxSeq = pp.seq;
      if (pp.seq <= this.c.stableSeq || pp.seq > this.c.highWatermark) continue;
      this.c.quorums.recordVote(opened.value, "pre-prepare", pp.view, pp.seq);
      const slot = this.c.normal.slotFor(pp.seq);
      if (slot.prePrepare !== null) continue;
      // A re-issued batch keeps the time a quorum accepted (or none, for a null batch): no clock check here.
      const timeMs = pp.timeMs ?? 0;
      const checked = this.c.normal.checkBatch(pp.requests, pp.digest, this.c.params, timeMs);
      if (!checked.ok) continue;
      this.c.normal.acceptPrePrepare(slot, env, pp.digest, checked.batch, timeMs);
    }
    this.c.nextSeq = Math.max(maxSeq, this.c.stableSeq, this.c.lastDispatched) + 1;
    const primary = primaryOf(view, this.c.cluster);
    this.c.out.push({ kind: "new-view-entered", view, primary });
    // Commits of the old view may not have reached us (that is often why the view changed): ask peers
    // whether they executed more, or a quiet cluster leaves us behind until its next checkpoint.
    if (this.c.fetch === null)
      this.c.transfer.startFetch(this.c.lastDispatched + this.c.params.stateTransferChunkMax, true);

    // Pending requests: the new primary queues those not re-issued and stops watching; backups relay
    // those not re-issued and restart the timers of those a client gave them.
    for (const p of this.c.pending.entries()) {
      if (this.c.isPrimary()) {
        if (p.timerRunning) this.c.cancelTimer({ kind: "request", key: p.key });
        p.timerRunning = false;
        if (!p.ordered) this.c.pending.enqueue(p);
        continue;
      }
      if (!p.ordered) this.c.batching.forward(p.req.request);
      if (p.watched) this.c.batching.armRequestTimer(p);
    }
    if (this.c.isPrimary()) this.c.batching.cutBatches();

    const replay = this.c.future.filter((x) => msgView(x.signed.msg) === view);
    this.setFuture(this.c.future.filter((x) => msgView(x.signed.msg) > view));
    for (const x of replay) this.c.deliver(x.from, x.signed);
    this.c.transfer.maybeCatchUp();
  }

  /** The view-change timer: the view change did not complete in time, try the next view. */
  onViewChangeTimer(view: number): undefined {
    if (this.c.viewChanging && view === this.c.view)
      this.startViewChange(this.c.view + 1, "view-change-timeout");
  }
}

function msgView(m: ReplicaMsg): number {
  switch (m.kind) {
    case "pre-prepare":
    case "prepare":
    case "commit":
    case "new-view":
      return m.view;
    case "view-change":
      return m.newView;
    default:
      return 0;
  }
}
