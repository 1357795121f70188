// What one replica knows, shared by the collaborators that each handle one concern of the protocol (see
// ../replica.ts for how they are wired): the durable state, execution, the log, checkpoints, state
// transfer and view change, the effects of the step being handled, and the helpers every concern uses.
// Fields are grouped by the concern that mainly writes them; any concern may read them.
import type { CertContext } from "../certificate.js";
import {
  type CheckedRequest,
  encodeMsg,
  type NewViewMsg,
  openEnvelope,
  type ReplicaMsg,
  type Signed,
  slotOf,
} from "../codec.js";
import { primaryOf } from "../config.js";
import type { CoreInvariantError } from "../errors.js";
import { EvidenceLog, VoteIndex } from "../evidence.js";
import { pbft } from "../messages.js";
import { PendingRequests } from "../requests.js";
import { signedBytes } from "../signing.js";
import type {
  ClusterParams,
  Effect,
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
import type { Execution } from "./execution.js";
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
}

/** The overridable hooks of `Replica` (bound to the instance, so a test subclass's override applies). */
export interface ReplicaHooks {
  quorumSize(): number;
  validateNewView(nv: NewViewMsg, signer: ReplicaId): RejectReason | null;
}

export class Core {
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
  lastDispatched = 0; // highest seq handed out in an `execute` effect
  readonly committedBatches = new Map<number, CommittedBatch>();
  readonly dispatched = new Map<number, CommittedBatch>();
  readonly clients = new Map<string, { requestNumber: number; seq: number; entryHash: Uint8Array }>();

  // ---- normal case
  readonly log = new Map<number, Slot>();
  nextSeq = 1;
  readonly pending: PendingRequests;
  batchTimerSet = false;
  batchDue = false;
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

  // ---- view change
  vcAttempts = 0; // consecutive view changes without a new view (the back-off exponent)
  vcTimerView = -1; // the view whose view-change timer runs
  /** Others' normal-case messages from older views above our execution: the cluster may be ahead of us. */
  aheadHint = false;
  /** The next seq to execute if it was stuck (ordered or overtaken, not committed) at the previous tick. */
  stallWatch = 0;
  readonly latestViewChange = new Map<ReplicaId, CheckedViewChange>();
  /** The NewView of the view we work in: our own as its primary, else the validated one we entered with. */
  currentNewView: { view: number; envelope: pbft.Envelope } | null = null;
  /** Per member, the view whose NewView we last sent it for a stale normal-case message (once per view). */
  readonly staleViewAnswered = new Map<ReplicaId, number>();
  readonly newViewSeen = new Map<number, pbft.Envelope>();
  future: { from: ReplicaId; signed: Signed }[] = [];
  readonly futureCount = new Map<ReplicaId, number>();

  // ---- evidence and metrics
  readonly voteIndex = new VoteIndex();
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

  constructor(
    readonly id: ReplicaId,
    readonly cluster: ClusterParams,
    readonly params: ReplicaParams,
    readonly signer: Signer,
    readonly verifier: Verifier,
    private readonly hooks: ReplicaHooks,
  ) {
    this.pending = new PendingRequests(Math.min(params.batchSizeMax * params.logWindow, 100_000));
  }

  // ================================================================ the hooks

  /** Votes that make a quorum (the replica's overridable `quorumSize()`). */
  quorumSize(): number {
    return this.hooks.quorumSize();
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

  certContext(): ViewChangeContext & CertContext {
    return {
      cluster: this.cluster,
      verifier: this.verifier,
      quorum: this.quorumSize(),
      checkpointInterval: this.params.checkpointInterval,
      logWindow: this.params.logWindow,
    };
  }

  /** Decodes our own persisted bytes (already verified when we stored them). */
  decodeTrusted(env: pbft.Envelope.$Properties): ReplicaMsg | null {
    const opened = openEnvelope(env, this.cluster, this.verifier);
    return opened.ok ? opened.value.msg : null;
  }

  sign(msg: ReplicaMsg): pbft.Envelope | null {
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
