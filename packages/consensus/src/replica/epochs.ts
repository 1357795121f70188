// Configuration epochs (issue 16, /work/plan/R16.md "Consensus core contract"). The node reports from its
// ledger that a change is approved (`executed.pendingBoundary`: it applies after seq B, a multiple of K) and,
// on executing B, the next epoch (`executed.nextEpoch`). This concern keeps the epochs the core knows, decides
// when to switch (B executed and its checkpoint stable, or a commit certificate of the next epoch seen in a
// state reply: its members already run it), and switches: members, quorum, primary (view mod n), parameters
// and this replica's id are the new epoch's from then on, and everything keyed by the old ids is forgotten.
import { isMember } from "../codec.js";
import { resolveParams } from "../config.js";
import { VoteIndex } from "../evidence.js";
import { fromHex } from "../hashing.js";
import type { pbft } from "../messages.js";
import type { EpochInfo, ReplicaId } from "../types.js";
import type { Core } from "./core.js";

/** Messages of the next epoch kept until the switch, in all (a share per member). */
const FUTURE_EPOCH_MAX = 1024;

export class Epochs {
  constructor(private readonly c: Core) {}

  /** The last seq of the epoch we work in, when known (a pending or executed boundary), else null. */
  end(): number | null {
    if (this.c.next !== null) return this.c.next.startSeq - 1;
    return this.c.pendingBoundary;
  }

  /** From the node's restored epochs: which one we work in (see Restored.epochs). */
  static pick(
    epochs: readonly EpochInfo[],
    stableSeq: number,
  ): { prev: EpochInfo | null; cur: EpochInfo; next: EpochInfo | null } {
    for (let i = 1; i < epochs.length; i++)
      if (epochs[i]!.epoch !== epochs[i - 1]!.epoch + 1 || epochs[i]!.startSeq <= epochs[i - 1]!.startSeq)
        throw new RangeError("restored epochs must be consecutive and ascending");
    const all = epochs.map((e) => checkedEpoch(e));
    const last = all.at(-1)!;
    // Its boundary checkpoint is stable: we had switched to it (or it is the genesis).
    if (all.length === 1 || last.startSeq - 1 <= stableSeq)
      return { prev: all.at(-2) ?? null, cur: last, next: null };
    return { prev: all.at(-3) ?? null, cur: all.at(-2)!, next: last };
  }

  /** The node's report on an executed seq: a pending boundary, or (at the boundary) the next epoch. */
  onExecuted(seq: number, nextEpoch: EpochInfo | undefined, pendingBoundary: number | undefined): undefined {
    const c = this.c;
    // A seq of the next epoch (state transfer before we switched): its changes are the next epoch's to
    // announce after we switched; the node tells the core again then (it reports them on every executed).
    if (c.next !== null && seq >= c.next.startSeq) return;
    if (pendingBoundary !== undefined && nextEpoch === undefined) {
      const k = c.params.checkpointInterval;
      if (!Number.isSafeInteger(pendingBoundary) || pendingBoundary < seq || pendingBoundary % k !== 0)
        throw new Error(`pending boundary ${pendingBoundary} at seq ${seq} is not a multiple of K = ${k} at or above it`);
      if (c.pendingBoundary !== null && c.pendingBoundary !== pendingBoundary)
        throw new Error(`pending boundary ${pendingBoundary} while ${c.pendingBoundary} is pending`);
      if (c.pendingBoundary === null) {
        c.pendingBoundary = pendingBoundary;
        // Slots after it are the next epoch's: what this epoch holds for them is junk (no quorum can exist).
        for (const s of c.log.keys()) if (s > pendingBoundary) c.log.delete(s);
        for (const s of c.preparedCerts.keys()) if (s > pendingBoundary) c.preparedCerts.delete(s);
        if (c.nextSeq > pendingBoundary + 1) c.nextSeq = Math.max(pendingBoundary, c.lastDispatched) + 1;
      }
    }
    if (nextEpoch !== undefined) {
      const next = checkedEpoch(nextEpoch);
      if (next.epoch !== c.cur.epoch + 1 || next.startSeq !== seq + 1)
        throw new Error(
          `next epoch ${next.epoch} from seq ${next.startSeq} reported at seq ${seq} of epoch ${c.cur.epoch}`,
        );
      if (c.pendingBoundary !== null && c.pendingBoundary !== seq)
        throw new Error(`next epoch at seq ${seq} while the pending boundary is ${c.pendingBoundary}`);
      c.next = next;
      c.pendingBoundary = null;
    }
  }

  /** The switch is due: the boundary executed, and its checkpoint stable or the next epoch seen running. */
  ready(): boolean {
    const c = this.c;
    if (c.next === null || c.fault !== null) return false;
    const b = c.next.startSeq - 1;
    return c.lastExecuted >= b && (c.stableSeq >= b || c.nextEvidence);
  }

  /** Enters the next epoch (at the end of a step, never in the middle of one). */
  switchEpoch(): undefined {
    const c = this.c;
    const next = c.next!;
    const b = next.startSeq - 1;
    c.prev = c.cur;
    c.setEpoch(next);
    c.next = null;
    c.pendingBoundary = null;
    c.nextEvidence = false;
    // Ids are the new epoch's: forget every vote, claim and buffer keyed by the old ones.
    c.log.clear();
    c.preparedCerts.clear();
    c.checkpointVotes.clear();
    c.checkpointSeqsOf.clear();
    c.latestCheckpointOf.clear();
    c.voteIndex = new VoteIndex();
    c.latestViewChange.clear();
    c.staleViewAnswered.clear();
    c.newViewSeen.clear();
    c.future = [];
    c.futureCount.clear();
    c.echoedStable.clear();
    c.lateCheckpointFrom.clear();
    if (c.stableSeq < b) {
      // Switched on the evidence of the next epoch's certificates: the boundary needs no proof in it (every
      // member executed it), like the genesis.
      const own = c.ownDigests.get(b);
      const digest = own !== undefined ? fromHex(own) : c.lastExecuted === b ? c.lastEntryHash : new Uint8Array(32);
      c.checkpoints.adoptStable(b, digest, []);
    }
    c.nextSeq = Math.max(c.lastDispatched, c.stableSeq) + 1;
    c.dirty = true;
    if (c.vcTimerView >= 0) c.cancelTimer({ kind: "view-change", view: c.vcTimerView });
    c.vcTimerView = -1;
    const wasChanging = c.viewChanging;
    c.viewChanging = false;
    c.out.push({ kind: "epoch-entered", epoch: next.epoch, selfId: next.selfId });
    // The view-change signed in the old epoch for this view cannot be signed again in the new one (the
    // guard keys slots by view): move on to the next view.
    if (wasChanging) c.viewChanges.startViewChange(c.view + 1, "epoch-switch");
    this.reroutePending();
    const kept = c.futureEpoch;
    c.futureEpoch = [];
    // Kept under the old epoch's ids: the signer's new id stands for the sender (each is verified in full).
    for (const x of kept)
      if (isMember(x.envelope.signer, c.cluster) && x.envelope.signer !== c.id)
        c.deliverEnvelope(x.envelope.signer, x.envelope);
    // Learn the new epoch's view and progress from the peers at once (a joining member knows neither).
    if (c.fetch === null) c.transfer.startFetch(c.lastDispatched + c.params.stateTransferChunkMax, true);
    c.housekeeping.armTick();
  }

  /** Pending requests go to the new primary (or are ordered by us); an observer watches none. */
  private reroutePending(): undefined {
    const c = this.c;
    c.pending.clearQueue();
    c.batchDue = false;
    for (const p of c.pending.entries()) {
      p.ordered = false;
      if (!c.isVoter || c.isPrimary()) {
        if (p.timerRunning) c.cancelTimer({ kind: "request", key: p.key });
        p.timerRunning = false;
        if (c.isVoter && !c.viewChanging) c.pending.enqueue(p);
        continue;
      }
      if (c.viewChanging) continue; // relayed and watched once the new view is in
      c.batching.forward(p.req.request);
      if (p.watched && !p.timerRunning) c.batching.armRequestTimer(p);
    }
    if (c.isPrimary() && !c.viewChanging) c.batching.cutBatches();
  }

  /**
   * An envelope naming another epoch than ours: the next one's is kept until we switch (we are behind);
   * the previous one's checkpoint is a member behind us (answered with ours); anything else is refused.
   */
  onOtherEpoch(from: ReplicaId, envelope: pbft.Envelope, epoch: number): undefined {
    const c = this.c;
    if (epoch === c.cur.epoch + 1) {
      const perMember = Math.floor(FUTURE_EPOCH_MAX / c.cluster.n);
      let mine = 0;
      for (const x of c.futureEpoch) if (x.from === from) mine++;
      if (mine >= perMember) return c.reject("wrong-epoch", from);
      c.futureEpoch.push({ from, envelope });
      this.behind();
      return;
    }
    if (c.prev !== null && epoch === c.prev.epoch) {
      const opened = c.openIn(envelope, c.prev);
      if (opened !== null && opened.msg.kind === "checkpoint" && opened.msg.seq <= c.stableSeq)
        return c.checkpoints.answerBehind(from);
    }
    if (epoch > c.cur.epoch) this.behind();
    return c.reject("wrong-epoch", from);
  }

  /** Others work in a later epoch: the tick asks peers for what we miss. */
  private behind(): undefined {
    if (this.c.aheadHint) return;
    this.c.aheadHint = true;
    this.c.housekeeping.armTick();
  }
}

/** An epoch as the node reported it, its parameters validated (a bad one is the node's bug). */
function checkedEpoch(e: EpochInfo): EpochInfo {
  if (!Number.isSafeInteger(e.epoch) || e.epoch < 0 || !Number.isSafeInteger(e.startSeq) || e.startSeq < 1)
    throw new RangeError(`invalid epoch ${e.epoch} starting at ${e.startSeq}`);
  if (!Number.isInteger(e.n) || e.n < 4 || e.n > 1024)
    throw new RangeError(`epoch ${e.epoch} has n = ${e.n} members (4..1024)`);
  if (e.selfId !== null && !(Number.isInteger(e.selfId) && e.selfId >= 0 && e.selfId < e.n))
    throw new RangeError(`self id ${e.selfId} is not a member of epoch ${e.epoch} (n = ${e.n})`);
  return Object.freeze({ ...e, params: resolveParams(e.params) });
}
