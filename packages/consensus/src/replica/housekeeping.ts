// The housekeeping tick: the state-transfer timer while no fetch runs. Fast (requestTimeoutMs / 4) while
// something is unsettled — an unstable own checkpoint (re-sent), a view change (our view-change re-sent),
// a lag behind f+1 members, a stuck batch, requests no timer watches — else slow (4 x requestTimeoutMs):
// even an idle replica asks a peer now and then whether it executed more (PBFT's status exchange).
import type { Core } from "./core.js";

export class Housekeeping {
  constructor(private readonly c: Core) {}

  /** The state-transfer timer while no fetch runs. */
  onTick(): undefined {
    this.c.tickArmed = false;
    this.c.checkpoints.resendOwnCheckpoints();
    // A view-change or new-view may have been lost: re-send ours (the same bytes); the new
    // primary answers a view-change for a view it already entered with its new-view.
    const ownVc = this.c.latestViewChange.get(this.c.id);
    if (this.c.viewChanging && ownVc?.newView === this.c.view) this.c.broadcast(ownVc.envelope);
    this.c.transfer.maybeCatchUp(true);
    // Out of the working view (or seeing it ahead of us): ask peers whether they executed more.
    // Or the next batch is stuck here since the last tick (its commits lost): others may have it.
    // Or our own checkpoint is still unstable a whole tick on and we executed nothing meanwhile: the
    // others may have moved past it (while we execute, the normal case serves us and the checkpoint
    // waits for slower members, normal under load).
    const stalled = this.stalledSeq();
    const unstable = this.c.checkpoints.lowestUnstableOwnCheckpoint();
    const watch = this.c.unstableWatch;
    if (
      this.c.fetch === null &&
      (this.c.viewChanging ||
        this.c.aheadHint ||
        (stalled > 0 && stalled === this.c.stallWatch) ||
        (unstable > 0 && unstable === watch.seq && this.c.lastExecuted === watch.executed) ||
        this.hasOrphanedRequests() ||
        this.c.idleTick)
    )
      this.c.transfer.startFetch(this.c.lastDispatched + this.c.params.stateTransferChunkMax, true);
    this.c.stallWatch = stalled;
    this.c.unstableWatch = { seq: unstable, executed: this.c.lastExecuted };
    this.c.aheadHint = false;
    this.armTick();
  }

  /** A backup holding requests that no timer watches (relayed to it, or left over from an old view). */
  private hasOrphanedRequests(): boolean {
    if (this.c.isPrimary() || this.c.viewChanging) return false;
    for (const p of this.c.pending.entries()) if (!p.timerRunning) return true;
    return false;
  }

  /** Arms the tick: fast while something is unsettled, else the slow idle one. */
  armTick(): undefined {
    if (this.c.tickArmed || this.c.fetch !== null) return;
    if (
      !this.c.viewChanging &&
      !this.c.aheadHint &&
      this.stalledSeq() === 0 &&
      !this.c.checkpoints.hasUnstableOwnCheckpoint() &&
      this.c.transfer.catchUpTarget() <= this.c.lastDispatched &&
      !this.hasOrphanedRequests()
    ) {
      // Idle: a slow tick still asks one peer now and then whether it executed more (PBFT's status
      // exchange), or a replica that missed the last commits of a quiet cluster would never learn of them.
      this.c.tickArmed = true;
      this.c.idleTick = true;
      this.c.setTimer({ kind: "state-transfer" }, this.c.params.requestTimeoutMs * 4);
      return;
    }
    this.c.tickArmed = true;
    this.c.idleTick = false;
    this.c.setTimer({ kind: "state-transfer" }, Math.max(1, Math.floor(this.c.params.requestTimeoutMs / 4)));
  }

  /** lastDispatched+1 when it waits: pre-prepared but not committed, or later batches committed past it. */
  private stalledSeq(): number {
    const next = this.c.lastDispatched + 1;
    if (this.c.committedBatches.size > 0) return next;
    const slot = this.c.log.get(next);
    return slot !== undefined && slot.prePrepare !== null && !slot.committed ? next : 0;
  }
}
