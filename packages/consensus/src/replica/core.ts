// What one replica knows, shared by the collaborators that each handle one concern of the protocol (see
// ../replica.ts for how they are wired): the durable state, execution, the log, checkpoints, state
// transfer and view change, the effects of the step being handled, and the helpers every concern uses.
// Fields are grouped by the concern that mainly writes them; any concern may read them.
import type { CertContext } from "../certificate.js";
import {
  type CheckedRequest,
  type EpochContext,
  encodeMsg,
  type NewViewMsg,
  openEnvelope,
  type ReplicaMsg,
  type Signed,
  slotOf,
} from "../codec.js";
import { clusterParams, primaryOf, quorumOf } from "../config.js";
import type { CoreInvariantError } from "../errors.js";
import { EvidenceLog, VoteIndex } from "../evidence.js";
import { pbft } from "../messages.js";
import { type PendingRequest, PendingRequests } from "../requests.js";
import { signedBytes } from "../signing.js";
import type {
  ClusterParams,
  Effect,
  EpochInfo,
  RejectReason,
  ReplicaId,
  ReplicaParams,
  Signer,
  TimerId,
  Verifier,
  VoteSlot,
} from "../types.js";
import type { CheckedViewChange, ViewChangeContext } from "../viewchange.js";
import type { Batching } from "./batching.js";
import type { Checkpoints } from "./checkpoints.js";
import type { Epochs } from "./epochs.js";
import type { Execution } from "./execution.js";
import type { HeadCoverResult, HeadEpochs, VerifiedHeads } from "./head-cover.js";
import type { Housekeeping } from "./housekeeping.js";
import type { NormalCase } from "./normal-case.js";
import type { Quorums } from "./quorum.js";
import type { StateTransfer } from "./state-transfer.js";
import type { ViewChanges } from "./view-change.js";

export const NO_REQUESTS: readonly CheckedRequest[] = [];
/** Messages for views further ahead than this are refused (`future-view`): a bound on what input can claim. */
export const VIEWS_AHEAD_MAX = 1024;

export interface Vote {
  readonly digestHex: string;
  readonly envelope: pbft.Envelope;
}

/** One sequence number of the log in one view. */
export interface Slot {
  readonly seq: number;
  readonly view: number;
  prePrepare: pbft.Envelope | null;
  digest: Uint8Array | null;
  digestHex: string | null;
  /** The accepted pre-prepare's time (issue 18; 0 = none), bound into digest. */
  timeMs: number;
  batch: readonly CheckedRequest[];
  readonly prepares: Map<ReplicaId, Vote>; // from members other than the primary, our own included
  readonly commits: Map<ReplicaId, Vote>;
  prepared: boolean;
  committed: boolean;
}

export interface CommittedBatch {
  readonly seq: number;
  readonly view: number;
  readonly batch: readonly CheckedRequest[];
  readonly certificate: pbft.CommitCertificate;
  /** Fetched by state transfer: its clients were answered by the members that committed it. */
  readonly transferred?: true;
}

/** A client's last executed request (the reply cache). */
export interface ClientRecord {
  requestNumber: number;
  seq: number;
  entryHash: Uint8Array;
  /**
   * The attestation signed when it was executed, sent again to a retransmission: it names the entry's
   * epoch, which one signed after an epoch switch would not (a client cannot count that, nor a receipt
   * carry it).
   */
  attestation?: pbft.Envelope;
}

export interface PreparedCert {
  readonly view: number;
  readonly proof: pbft.PreparedProof;
}

export interface StateFetch {
  /** Ranges asked of the current peer and not yet answered, oldest first. */
  asked: { readonly fromSeq: number; readonly toSeq: number }[];
  target: number;
  peers: ReplicaId[];
  peerIndex: number;
  failures: number; // bad replies since the last progress; at peers.length, wait for the timer
  probe: boolean; // no proven target: just asking whether peers have more; ends when none has
  paused: boolean; // waiting for execution to catch up with what was fetched (no request out, no timer)
  /** The first seq whose certificate named an epoch we do not know yet: nothing at or beyond it is asked. */
  epochWall: number | null;
}

type ReplicaMsgSigned = Signed;

/** A replica message as signed: the core adds the epoch it works in. */
export type MsgBody = ReplicaMsg extends infer M ? (M extends ReplicaMsg ? Omit<M, "epoch"> : never) : never;

/** The overridable hooks of `Replica` (bound to the instance, so a test subclass's override applies). */
export interface ReplicaHooks {
  quorumSize(): number;
  validateNewView(nv: NewViewMsg, signer: ReplicaId): RejectReason | null;
  checkHeadCover(reply: pbft.StateReply, epochs: HeadEpochs, verified: VerifiedHeads): HeadCoverResult;
  headVouched(verifier: Verifier): Verifier;
}

export class Core {
  // ---- configuration epochs (issue 16): each field set by the Epochs concern only
  /** The epoch this replica works in; `id`, `cluster` and `params` are its view of it. */
  cur: EpochInfo;
  /** The epoch before it (its members prove the boundary checkpoint), when known. */
  prev: EpochInfo | null = null;
  /** The epoch from the boundary on, once the boundary is executed and until the replica switches to it. */
  next: EpochInfo | null = null;
  /** An approved change applies after this seq (not yet executed); null when none is pending. */
  pendingBoundary: number | null = null;
  /** A commit certificate of `next` verified in a state reply: the next epoch runs (see Epochs.ready). */
  nextEvidence = false;
  /** Our entry hash at checkpoint seqs (signed or not: an observer or a not-yet-switched replica counts it). */
  readonly ownDigests = new Map<number, string>();
  /** Messages naming the epoch after ours, kept (unverified, bounded) until we switch to it. */
  futureEpoch: { from: ReplicaId; envelope: pbft.Envelope }[] = [];
  /** This replica's id in `cur`, -1 for an observer (it signs nothing). */
  id: ReplicaId;
  cluster: ClusterParams;
  params: ReplicaParams;

  // ---- durable (persisted) state
  view = 0;
  viewChanging = false;
  stableSeq = 0;
  stableDigest: Uint8Array = new Uint8Array(0);
  checkpointProof: readonly pbft.Envelope[] = [];
  /** Signed into checkpoints with the node's tree roots (issue 17: a stable checkpoint is a signed head). */
  genesisHash: Uint8Array = new Uint8Array(0);
  readonly preparedCerts = new Map<number, PreparedCert>();

  // ---- execution
  lastExecuted = 0;
  lastEntryHash: Uint8Array = new Uint8Array(32);
  /** The tree root `executed` reported for lastExecuted (undefined: none reported). */
  lastTreeRoot: Uint8Array | undefined = undefined;
  lastDispatched = 0; // highest seq handed out in an `execute` effect
  /** The time the ledger records at lastDispatched (time.ts recordedTime over the certified times). */
  lastTimeMs = 0;
  /** The caller's clock reading for the step being handled (`step(event, nowMs)`); null: never given one. */
  nowMs: number | null = null;
  readonly committedBatches = new Map<number, CommittedBatch>();
  readonly dispatched = new Map<number, CommittedBatch>();
  /**
   * The reply cache: each client's last executed request, with the attestation this replica signed when it
   * executed it (absent: none signed, e.g. a transferred batch, or restored at start).
   */
  readonly clients = new Map<string, ClientRecord>();

  // ---- normal case
  readonly log = new Map<number, Slot>();
  nextSeq = 1;
  readonly pending: PendingRequests;
  batchTimerSet = false;
  batchDue = false;
  /** Backup: requests clients gave it, in arrival order, until the relay timer relays those not ordered. */
  readonly relayQueue: PendingRequest[] = [];
  relayTimerSet = false;
  /** After a restart: in this view, send no prepare/commit at or below seq (we may have voted before). */
  fence: { readonly view: number; readonly seq: number } | null = null;
  restarted = false;

  // ---- checkpoints and state transfer
  readonly checkpointVotes = new Map<number, Map<ReplicaId, Vote>>();
  readonly checkpointSeqsOf = new Map<ReplicaId, number[]>();
  readonly latestCheckpointOf = new Map<ReplicaId, number>();
  knownStable = 0; // highest seq some valid stable-checkpoint proof showed us
  fetch: StateFetch | null = null;
  /** The housekeeping tick (the state-transfer timer while no fetch runs): catch-up grace, checkpoint resends. */
  tickArmed = false;
  /**
   * The tick is the slow idle one: nothing unsettled, or a backup holding requests that no timer watches
   * (relayed to it, or left over from an old view); in a quiet cluster nothing else would tell it that the
   * others executed them, so the tick probes peers.
   */
  idleTick = false;
  /** Members we answered with our checkpoint at stableSeq (at most once each per stable checkpoint). */
  readonly echoedStable = new Set<ReplicaId>();
  /** Members whose checkpoint at stableSeq arrived after it became stable here (once: normal lateness). */
  readonly lateCheckpointFrom = new Set<ReplicaId>();
  /** Our lowest own unstable checkpoint seq, and our execution, at the previous tick. */
  unstableWatch = { seq: 0, executed: 0 };

  // ---- the adaptive request timeout (Batching.requestTimeoutMs)
  /**
   * Smoothed request latency (received from the client → executed, within one view) and its mean deviation,
   * as Jacobson's TCP retransmission timer keeps them; null: no sample yet.
   */
  latencySmoothMs: number | null = null;
  latencyDeviationMs = 0;
  /** The view in which this replica last executed a batch (null: none since it started watching requests). */
  progressView: number | null = null;

  // ---- view change
  vcAttempts = 0; // consecutive view changes without a new view (the back-off exponent)
  vcTimerView = -1; // the view whose view-change timer runs
  /** Others' normal-case messages from older views above our execution: the cluster may be ahead of us. */
  aheadHint = false;
  /** The next seq to execute if it was stuck (ordered or overtaken, not committed) at the previous tick. */
  stallWatch = 0;
  readonly latestViewChange = new Map<ReplicaId, CheckedViewChange>();
  /** The NewView of the view we work in: our own as its primary, else the validated one we entered with. */
  currentNewView: { view: number; envelope: pbft.Envelope; epoch: number } | null = null;
  /** Per member, the view whose NewView we last sent it for a stale normal-case message (once per view). */
  readonly staleViewAnswered = new Map<ReplicaId, number>();
  readonly newViewSeen = new Map<number, pbft.Envelope>();
  future: { from: ReplicaId; signed: Signed }[] = [];
  readonly futureCount = new Map<ReplicaId, number>();

  // ---- evidence and metrics
  voteIndex = new VoteIndex();
  readonly evidenceLog = new EvidenceLog();
  readonly rejections = new Map<RejectReason, number>();

  // ---- per-step output
  out: Effect[] = [];
  execOut: Effect[] = [];
  dirty = false;
  started = false;
  /** Set by the first core fault: the replica refuses every later step. */
  fault: CoreInvariantError | null = null;

  // ---- the concerns (wired by the Replica constructor)
  quorums!: Quorums;
  normal!: NormalCase;
  execution!: Execution;
  batching!: Batching;
  checkpoints!: Checkpoints;
  transfer!: StateTransfer;
  housekeeping!: Housekeeping;
  viewChanges!: ViewChanges;
  /** Routes a verified message to the concern for its kind (the Replica's; replays buffered messages). */
  deliver!: (from: ReplicaId, signed: Signed) => undefined;
  /** Handles an envelope as received (the Replica's; replays messages kept for the next epoch). */
  deliverEnvelope!: (from: ReplicaId, envelope: pbft.Envelope) => undefined;

  epochs!: Epochs;

  constructor(
    readonly clusterId: string,
    cur: EpochInfo,
    readonly signer: Signer,
    readonly verifier: Verifier,
    private readonly hooks: ReplicaHooks,
  ) {
    this.cur = cur;
    this.id = cur.selfId ?? -1;
    this.cluster = clusterParams(clusterId, cur.n);
    this.params = cur.params;
    const p = cur.params;
    this.pending = new PendingRequests(Math.min(p.batchSizeMax * p.logWindow, 100_000));
  }

  /** Makes `info` the epoch this replica works in (Epochs.switch does the rest). */
  setEpoch(info: EpochInfo): void {
    this.cur = info;
    this.id = info.selfId ?? -1;
    this.cluster = clusterParams(this.clusterId, info.n);
    this.params = info.params;
  }

  /** False for an observer (not a member of the epoch it works in): it sends no votes. */
  get isVoter(): boolean {
    return this.id >= 0;
  }

  // ================================================================ the hooks

  /** Votes that make a quorum (the replica's overridable `quorumSize()`). */
  quorumSize(): number {
    return this.hooks.quorumSize();
  }

  /** A state reply's signed head and headers (the replica's overridable `checkHeadCover()`). */
  checkHeadCover(reply: pbft.StateReply, epochs: HeadEpochs, verified: VerifiedHeads): HeadCoverResult {
    return this.hooks.checkHeadCover(reply, epochs, verified);
  }

  /** The verifier for a batch a verified head covers (the replica's overridable `headVouched()`). */
  headVouched(verifier: Verifier): Verifier {
    return this.hooks.headVouched(verifier);
  }

  /** Full validation of a NewView (the replica's overridable `validateNewView()`). */
  validateNewView(nv: NewViewMsg, signer: ReplicaId): RejectReason | null {
    return this.hooks.validateNewView(nv, signer);
  }

  // ================================================================ shared helpers

  reject(reason: RejectReason, from: ReplicaId | "client"): undefined {
    this.rejections.set(reason, (this.rejections.get(reason) ?? 0) + 1);
    this.out.push({ kind: "rejected", reason, from });
  }

  isPrimary(view = this.view): boolean {
    return primaryOf(view, this.cluster) === this.id;
  }

  get highWatermark(): number {
    return this.stableSeq + this.params.logWindow;
  }

  /** The NewView of the view we work in, or null (view 0, or changing views). */
  workingNewView(): pbft.Envelope | null {
    const nv = this.currentNewView;
    return !this.viewChanging && nv !== null && nv.view === this.view ? nv.envelope : null;
  }

  /** The current epoch's context: its members, keys, quorum, parameters and boundary. */
  certContext(): ViewChangeContext & CertContext {
    return {
      clusterId: this.clusterId,
      epoch: this.cur.epoch,
      n: this.cur.n,
      verifier: this.verifier,
      quorum: this.quorumSize(),
      checkpointInterval: this.params.checkpointInterval,
      logWindow: this.params.logWindow,
      startSeq: this.cur.startSeq,
      previous: this.prev === null ? null : this.contextOf(this.prev),
    };
  }

  /** Another known epoch's context (its real quorum: only the current epoch's is the overridable hook's). */
  contextOf(info: EpochInfo): CertContext {
    if (info === this.cur) return this.certContext();
    const quorum = quorumOf(clusterParams(this.clusterId, info.n));
    return { clusterId: this.clusterId, epoch: info.epoch, n: info.n, verifier: this.verifier, quorum };
  }

  /** The known epoch numbered `epoch` (previous, current or next), else null. */
  epochInfo(epoch: number): EpochInfo | null {
    if (epoch === this.cur.epoch) return this.cur;
    if (this.next !== null && epoch === this.next.epoch) return this.next;
    if (this.prev !== null && epoch === this.prev.epoch) return this.prev;
    return null;
  }

  /** The known epoch in force at seq, else null (before the previous one). */
  epochAt(seq: number): EpochInfo | null {
    if (this.next !== null && seq >= this.next.startSeq) return this.next;
    if (seq >= this.cur.startSeq) return this.cur;
    if (this.prev !== null && seq >= this.prev.startSeq) return this.prev;
    return null;
  }

  /** Verification context for an envelope naming `epoch` (null: not decodable, so the current one). */
  readonly resolve = (epoch: number | null): EpochContext | null => {
    if (epoch === null) return this.certContext();
    const info = this.epochInfo(epoch);
    return info === null ? null : this.contextOf(info);
  };

  /**
   * The highest seq whose epoch we know, so the highest we may vote for: a change approved at height h
   * applies after the first multiple of K at or above h, so up to the first multiple of K above what we
   * executed nothing can change (or the pending boundary itself; nothing beyond the end of our epoch).
   */
  votableLimit(): number {
    if (this.next !== null) return this.next.startSeq - 1;
    if (this.pendingBoundary !== null) return this.pendingBoundary;
    const k = this.params.checkpointInterval;
    return Math.ceil((this.lastExecuted + 1) / k) * k;
  }

  /** Opens an envelope in a known epoch (its members and keys), or null. */
  openIn(env: pbft.Envelope.$Properties, info: EpochInfo): ReplicaMsgSigned | null {
    const opened = openEnvelope(env, this.contextOf(info));
    return opened.ok ? opened.value : null;
  }

  /** Decodes our own persisted bytes (already verified when we stored them). */
  decodeTrusted(env: pbft.Envelope.$Properties): ReplicaMsg | null {
    const opened = openEnvelope(env, this.resolve);
    return opened.ok ? opened.value.msg : null;
  }

  /** Signs a message of the current epoch; null when we may not (an observer) or the guard refused. */
  sign(body: MsgBody): pbft.Envelope | null {
    if (this.id < 0) return null;
    const msg = { ...body, epoch: this.cur.epoch } as ReplicaMsg;
    const payload = encodeMsg(msg);
    const slot: VoteSlot = slotOf(msg);
    let signature: Uint8Array;
    try {
      signature = this.signer.sign(signedBytes("replica", this.cluster.clusterId, payload), slot);
    } catch {
      return null; // the double-sign guard refused (or the HSM failed): send nothing
    }
    return pbft.Envelope.create({ payload, signer: this.id, signature });
  }

  broadcast(envelope: pbft.Envelope): undefined {
    this.out.push({ kind: "broadcast", frame: pbft.ReplicaFrame.create({ envelope }) });
  }

  send(to: ReplicaId, envelope: pbft.Envelope): undefined {
    this.out.push({ kind: "send", to, frame: pbft.ReplicaFrame.create({ envelope }) });
  }

  setTimer(timer: TimerId, afterMs: number): undefined {
    this.out.push({ kind: "set-timer", timer, afterMs });
  }

  cancelTimer(timer: TimerId): undefined {
    this.out.push({ kind: "cancel-timer", timer });
  }
}
