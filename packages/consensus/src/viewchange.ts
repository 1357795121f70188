// View-change validation and the new-view computation (Castro & Liskov, OSDI 1999, section 4.4): one
// pure function computes the pre-prepares a new view must re-issue, used both by the new primary to build
// its NewView and by every replica to check one.
import {
  type CertContext,
  type CheckedPrepared,
  verifyCheckpointProof,
  verifyPreparedProof,
} from "./certificate.js";
import { fail, ok, type Result, type Signed, type ViewChangeMsg } from "./codec.js";
import { EMPTY_ROOT } from "./merkle.js";
import type { pbft } from "./messages.js";
import type { ReplicaId } from "./types.js";

export interface ViewChangeContext extends CertContext {
  readonly checkpointInterval: number;
  readonly logWindow: number;
  /** First seq of the epoch (absent: 1, the genesis). A view-change's stable checkpoint is at least startSeq-1. */
  readonly startSeq?: number;
  /**
   * The previous epoch, when known: a stable checkpoint at the boundary (startSeq-1) is proven by its members.
   * A view-change may also name the boundary with no proof at all: every member of the epoch executed it
   * (that is how it learnt the epoch), so like the genesis it needs none.
   */
  readonly previous?: CertContext | null;
}

export interface CheckedViewChange {
  readonly signer: ReplicaId;
  readonly envelope: pbft.Envelope;
  readonly newView: number;
  readonly stableSeq: number;
  readonly stableDigest: Uint8Array;
  readonly checkpointProof: readonly pbft.Envelope[];
  /** Prepared certificates by seq, all above stableSeq and below newView. */
  readonly prepared: ReadonlyMap<number, CheckedPrepared>;
}

/** Full check of a signed ViewChange: its checkpoint proof and every prepared certificate in it. */
export function checkViewChange(
  signed: Signed<ViewChangeMsg>,
  ctx: ViewChangeContext,
): Result<CheckedViewChange> {
  const m = signed.msg;
  const boundary = (ctx.startSeq ?? 1) - 1;
  if (m.stableSeq < boundary) return fail("invalid-view-change");
  if (m.stableSeq === boundary && boundary > 0) {
    const prev = ctx.previous ?? null;
    if (
      m.checkpointProof.length > 0 &&
      (prev === null || !verifyCheckpointProof(m.checkpointProof, m.stableSeq, m.stableDigest, prev))
    )
      return fail("invalid-view-change");
  } else {
    if (m.stableSeq % ctx.checkpointInterval !== 0) return fail("invalid-view-change");
    if (!verifyCheckpointProof(m.checkpointProof, m.stableSeq, m.stableDigest, ctx))
      return fail("invalid-view-change");
  }
  if (m.prepared.length > ctx.logWindow) return fail("invalid-view-change");
  const prepared = new Map<number, CheckedPrepared>();
  for (const proof of m.prepared) {
    const checked = verifyPreparedProof(proof, m.newView, m.stableSeq, m.stableSeq + ctx.logWindow, ctx);
    if (!checked.ok || prepared.has(checked.value.seq)) return fail("invalid-view-change");
    prepared.set(checked.value.seq, checked.value);
  }
  return ok({
    signer: signed.signer,
    envelope: signed.envelope,
    newView: m.newView,
    stableSeq: m.stableSeq,
    stableDigest: m.stableDigest,
    checkpointProof: m.checkpointProof,
    prepared,
  });
}

export interface ReissuedBatch {
  readonly seq: number;
  readonly digest: Uint8Array;
  readonly requests: readonly pbft.ClientRequest[];
  /** The prepared pre-prepare's time, re-issued unchanged (its digest binds it); 0 for a null batch. */
  readonly timeMs: number;
}

export interface NewViewPlan {
  /** min-s: the highest stable checkpoint among the view-changes, with its proof. */
  readonly stableSeq: number;
  readonly stableDigest: Uint8Array;
  readonly checkpointProof: readonly pbft.Envelope[];
  /** One batch per seq in (min-s, max-s]: the highest-view prepared batch, else a null batch. */
  readonly batches: readonly ReissuedBatch[];
}

export function planNewView(vcs: readonly CheckedViewChange[]): NewViewPlan {
  let best: CheckedViewChange | undefined;
  for (const vc of vcs) if (best === undefined || vc.stableSeq > best.stableSeq) best = vc;
  const minS = best?.stableSeq ?? 0;
  let maxS = minS;
  const chosen = new Map<number, CheckedPrepared>();
  for (const vc of vcs) {
    for (const [seq, p] of vc.prepared) {
      if (seq <= minS) continue;
      if (seq > maxS) maxS = seq;
      const prev = chosen.get(seq);
      if (prev === undefined || p.view > prev.view) chosen.set(seq, p);
    }
  }
  const batches: ReissuedBatch[] = [];
  for (let seq = minS + 1; seq <= maxS; seq++) {
    const p = chosen.get(seq);
    batches.push(
      p === undefined
        ? { seq, digest: EMPTY_ROOT, requests: [], timeMs: 0 }
        : { seq, digest: p.digest, requests: p.requests, timeMs: p.timeMs },
    );
  }
  return {
    stableSeq: minS,
    stableDigest: best?.stableDigest ?? new Uint8Array(0),
    checkpointProof: best?.checkpointProof ?? [],
    batches,
  };
}
