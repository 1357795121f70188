// The PBFT replica (Castro & Liskov, OSDI 1999 / TOCS 2002) as a pure state machine: `step(event)`
// returns effects; the caller does all I/O (see ../README.md for the contract). No clock, no randomness,
// no promises: time arrives as timer events, signing and verification are injected.
import {
  batchDigest,
  type CertContext,
  type CheckedPrepared,
  verifyCheckpointProof,
  verifyCommitCertificate,
} from "./certificate.js";
import {
  type CheckedRequest,
  type CheckpointMsg,
  type CommitMsg,
  checkedBatchRoot,
  checkRequest,
  encodeMsg,
  isMember,
  type NewViewMsg,
  openEnvelope,
  type PrePrepareMsg,
  type PrepareMsg,
  type ReplicaMsg,
  type Signed,
  slotOf,
  type ViewChangeMsg,
} from "./codec.js";
import { primaryOf, quorumOf, resolveParams } from "./config.js";
import { CoreInvariantError } from "./errors.js";
import { EvidenceLog, VoteIndex } from "./evidence.js";
import { bytesEqual, fromHex, toHex } from "./hashing.js";
import { pbft } from "./messages.js";
import { type PendingRequest, PendingRequests } from "./requests.js";
import { signedBytes } from "./signing.js";
import type {
  ClusterParams,
  DurableState,
  Effect,
  Equivocation,
  Event,
  RejectReason,
  ReplicaId,
  ReplicaParams,
  Restored,
  Signer,
  TimerId,
  Verifier,
  VoteSlot,
} from "./types.js";
import {
  type CheckedViewChange,
  checkViewChange,
  planNewView,
  type ViewChangeContext,
} from "./viewchange.js";

export interface ReplicaOptions {
  readonly id: ReplicaId;
  readonly cluster: ClusterParams;
  readonly params?: Partial<ReplicaParams>;
  readonly signer: Signer;
  readonly verifier: Verifier;
  readonly restored?: Restored;
}

/** What a replica serving state transfer adds to its batches (`StateReply.new_view`, `checkpoint_proof`). */
export interface StateSummary {
  /** The NewView of the view this replica works in; null in view 0 or while it changes views. */
  readonly newView: pbft.Envelope | null;
  /** Its stable checkpoint proof (empty at seq 0). */
  readonly checkpointProof: readonly pbft.Envelope[];
}

export interface ReplicaStatus {
  readonly id: ReplicaId;
  readonly view: number;
  readonly primary: ReplicaId;
  readonly viewChanging: boolean;
  readonly lastExecutedSeq: number;
  readonly stableSeq: number;
  readonly lowWatermark: number;
  readonly highWatermark: number;
  readonly pendingRequests: number;
  readonly inFlightBatches: number;
}

/** Limits on buffers that outside input can grow (besides the log window itself). */
const FUTURE_BUFFER_MAX = 4096;
const VIEWS_AHEAD_MAX = 1024;
const VIEW_CHANGE_BACKOFF_MAX = 6; // the view-change timeout doubles at most 2^6 times
const CHECKPOINTS_PER_MEMBER_MAX = 8;
/** How often a request timer is re-armed because the cluster made progress meanwhile (see armRequestTimer). */
const REQUEST_REARMS_MAX = 4;
/**
 * State transfer fetches ahead of execution by at most this many chunks: fetched batches wait for the node
 * to append them, so without a bound a node whose disk is slower than its peers' answers would hold the
 * whole transfer in memory. It resumes once execution is within half of it.
 */
const FETCH_AHEAD_CHUNKS = 4;
/**
 * Chunk requests a fetch keeps unanswered at the current peer (it answers a member's requests in order).
 * One at a time leaves the peer and the wire idle while the fetcher verifies and appends, so between hosts a
 * catch-up was bound to one chunk per round trip. On loopback, where the fetcher's CPU is the bound, it
 * measured the same either way.
 */
export const FETCH_IN_FLIGHT_CHUNKS = 2;
const NO_REQUESTS: readonly CheckedRequest[] = [];

interface Vote {
  readonly digestHex: string;
  readonly envelope: pbft.Envelope;
}

/** One sequence number of the log in one view. */
interface Slot {
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

interface CommittedBatch {
  readonly seq: number;
  readonly view: number;
  readonly batch: readonly CheckedRequest[];
  readonly certificate: pbft.CommitCertificate;
  /** Fetched by state transfer: its clients were answered by the members that committed it. */
  readonly transferred?: true;
}

interface PreparedCert {
  readonly view: number;
  readonly proof: pbft.PreparedProof;
}

interface StateFetch {
  /** Ranges asked of the current peer and not yet answered, oldest first. */
  asked: { readonly fromSeq: number; readonly toSeq: number }[];
  target: number;
  peers: ReplicaId[];
  peerIndex: number;
  failures: number; // bad replies since the last progress; at peers.length, wait for the timer
  probe: boolean; // no proven target: just asking whether peers have more; ends when none has
  paused: boolean; // waiting for execution to catch up with what was fetched (no request out, no timer)
}

export class Replica {
  readonly id: ReplicaId;
  readonly cluster: ClusterParams;
  readonly params: ReplicaParams;
  private readonly signer: Signer;
  private readonly verifier: Verifier;

  // ---- durable (persisted) state
  private view = 0;
  private viewChanging = false;
  private stableSeq = 0;
  private stableDigest: Uint8Array = new Uint8Array(0);
  private checkpointProof: readonly pbft.Envelope[] = [];
  private readonly preparedCerts = new Map<number, PreparedCert>();

  // ---- execution
  private lastExecuted = 0;
  private lastEntryHash: Uint8Array = new Uint8Array(32);
  private lastDispatched = 0; // highest seq handed out in an `execute` effect
  private readonly committedBatches = new Map<number, CommittedBatch>();
  private readonly dispatched = new Map<number, CommittedBatch>();
  private readonly clients = new Map<string, { requestNumber: number; seq: number; entryHash: Uint8Array }>();

  // ---- normal case
  private readonly log = new Map<number, Slot>();
  private nextSeq = 1;
  private readonly pending: PendingRequests;
  private batchTimerSet = false;
  private batchDue = false;
  /** After a restart: in this view, send no prepare/commit at or below seq (we may have voted before). */
  private fence: { readonly view: number; readonly seq: number } | null = null;
  private restarted = false;

  // ---- checkpoints and state transfer
  private readonly checkpoints = new Map<number, Map<ReplicaId, Vote>>();
  private readonly checkpointSeqsOf = new Map<ReplicaId, number[]>();
  private readonly latestCheckpointOf = new Map<ReplicaId, number>();
  private knownStable = 0; // highest seq some valid stable-checkpoint proof showed us
  private fetch: StateFetch | null = null;
  /** The housekeeping tick (the state-transfer timer while no fetch runs): catch-up grace, checkpoint resends. */
  private tickArmed = false;
  /** Members we answered with our checkpoint at stableSeq (at most once each per stable checkpoint). */
  private readonly echoedStable = new Set<ReplicaId>();
  /** Members whose checkpoint at stableSeq arrived after it became stable here (once: normal lateness). */
  private readonly lateCheckpointFrom = new Set<ReplicaId>();
  /** Our lowest own unstable checkpoint seq, and our execution, at the previous tick. */
  private unstableWatch = { seq: 0, executed: 0 };

  // ---- view change
  private vcAttempts = 0; // consecutive view changes without a new view (the back-off exponent)
  private vcTimerView = -1; // the view whose view-change timer runs
  /** Others' normal-case messages from older views above our execution: the cluster may be ahead of us. */
  private aheadHint = false;
  /** The next seq to execute if it was stuck (ordered or overtaken, not committed) at the previous tick. */
  private stallWatch = 0;
  private readonly latestViewChange = new Map<ReplicaId, CheckedViewChange>();
  /** The NewView of the view we work in: our own as its primary, else the validated one we entered with. */
  private currentNewView: { view: number; envelope: pbft.Envelope } | null = null;
  /** Per member, the view whose NewView we last sent it for a stale normal-case message (once per view). */
  private readonly staleViewAnswered = new Map<ReplicaId, number>();
  private readonly newViewSeen = new Map<number, pbft.Envelope>();
  private future: { from: ReplicaId; signed: Signed }[] = [];
  private readonly futureCount = new Map<ReplicaId, number>();

  // ---- evidence and metrics
  private readonly votes = new VoteIndex();
  private readonly evidenceLog = new EvidenceLog();
  private readonly rejections = new Map<RejectReason, number>();

  // ---- per-step output
  private out: Effect[] = [];
  private execOut: Effect[] = [];
  private dirty = false;
  private started = false;
  /** Set by the first core fault: the replica refuses every later step. */
  private fault: CoreInvariantError | null = null;

  constructor(opts: ReplicaOptions) {
    this.id = opts.id;
    this.cluster = opts.cluster;
    this.params = resolveParams(opts.params);
    this.signer = opts.signer;
    this.verifier = opts.verifier;
    this.pending = new PendingRequests(Math.min(this.params.batchSizeMax * this.params.logWindow, 100_000));
    if (!isMember(opts.id, opts.cluster))
      throw new RangeError(`replica id ${opts.id} is not a member of a ${opts.cluster.n}-member cluster`);
    const r = opts.restored;
    if (r !== undefined) {
      this.lastExecuted = r.lastExecutedSeq;
      this.lastDispatched = r.lastExecutedSeq;
      this.lastEntryHash = r.lastEntryHash;
      for (const [hex, c] of r.clients) this.clients.set(hex, { ...c });
      const d = r.durable;
      if (d !== null) {
        this.view = d.view;
        this.viewChanging = d.viewChanging;
        this.stableSeq = d.stableSeq;
        this.stableDigest = d.stableDigest;
        this.checkpointProof = d.checkpointProof;
        this.knownStable = d.stableSeq;
        for (const proof of d.prepared) {
          const pp = proof.prePrepare ? this.decodeTrusted(proof.prePrepare) : null;
          if (pp?.kind === "pre-prepare" && pp.seq > d.stableSeq) {
            const prev = this.preparedCerts.get(pp.seq);
            if (prev === undefined || prev.view < pp.view)
              this.preparedCerts.set(pp.seq, { view: pp.view, proof });
          }
        }
        // We may have sent prepares/commits in this view for any seq up to the high watermark of the
        // crashed run (while changing views we sent none in it: the new-view is persisted before any).
        if (!d.viewChanging) this.fence = { view: d.view, seq: d.stableSeq + this.params.logWindow };
        this.restarted = true;
      }
    }
    this.nextSeq = Math.max(this.lastExecuted, this.stableSeq) + 1;
  }

  // ================================================================ public API

  /** Initial effects: the first persist, and the view change a restarted primary must start. */
  start(): Effect[] {
    return this.run("start", () => {
      if (this.started) return;
      this.started = true;
      this.dirty = true;
      if (this.restarted) {
        if (this.viewChanging) {
          // Resume the interrupted view change: re-send (identical bytes if nothing changed).
          this.vcAttempts = 1;
          this.sendViewChange();
          this.armTick();
        } else if (this.isPrimary()) {
          // A restarted primary cannot know which seqs it assigned in this view: leave the view.
          this.startViewChange(this.view + 1);
        }
      }
      if (this.knownStable > this.lastDispatched) this.startFetch(this.knownStable);
      // A restarted replica of a quiet cluster hears nothing that would tell it what was committed while it
      // was down: the (idle) tick asks peers in time.
      this.armTick();
    });
  }

  /**
   * Handles one event. Never throws for anything a peer or client can send (that is refused with a
   * `rejected` effect); throws `CoreInvariantError` on a bug of the core or of the node driving it, and
   * from then on for every call: the node must stop and restart from disk.
   */
  step(event: Event): Effect[] {
    return this.run(eventName(event), () => this.dispatch(event));
  }

  status(): ReplicaStatus {
    let inFlight = 0;
    for (const slot of this.log.values())
      if (slot.seq > this.lastExecuted && slot.prePrepare !== null && slot.view === this.view) inFlight++;
    return {
      id: this.id,
      view: this.view,
      primary: primaryOf(this.view, this.cluster),
      viewChanging: this.viewChanging,
      lastExecutedSeq: this.lastExecuted,
      stableSeq: this.stableSeq,
      lowWatermark: this.stableSeq,
      highWatermark: this.stableSeq + this.params.logWindow,
      pendingRequests: this.pending.size,
      inFlightBatches: inFlight,
    };
  }

  evidence(): readonly Equivocation[] {
    return this.evidenceLog.list();
  }

  rejectionCounts(): ReadonlyMap<RejectReason, number> {
    return this.rejections;
  }

  /** What the node must have persisted (also the payload of every `persist` effect). */
  durableState(): DurableState {
    const prepared: pbft.PreparedProof[] = [];
    const seqs = [...this.preparedCerts.keys()].filter((s) => s > this.stableSeq).sort((a, b) => a - b);
    for (const s of seqs) prepared.push(this.preparedCerts.get(s)!.proof);
    return {
      view: this.view,
      viewChanging: this.viewChanging,
      stableSeq: this.stableSeq,
      stableDigest: this.stableDigest,
      checkpointProof: this.checkpointProof,
      prepared,
    };
  }

  /** What this replica adds to a state reply it serves: both parts are self-certifying, so they may be relayed. */
  stateSummary(): StateSummary {
    const nv = this.currentNewView;
    return {
      newView: !this.viewChanging && nv !== null && nv.view === this.view ? nv.envelope : null,
      checkpointProof: this.checkpointProof,
    };
  }

  // ================================================================ overridable hooks

  /** Votes that make a quorum: 2f+1 for n = 3f+1. The single source of the threshold. */
  protected quorumSize(): number {
    return quorumOf(this.cluster);
  }

  /**
   * Full validation of a NewView (its signer was checked to be the view's primary): 2f+1 valid
   * view-changes for the view from distinct members, and exactly the pre-prepares that the new-view
   * computation yields from those view-changes.
   */
  protected validateNewView(nv: NewViewMsg, _signer: ReplicaId): RejectReason | null {
    const checked = this.checkNewViewChanges(nv);
    if (checked === null) return "invalid-new-view";
    const plan = planNewView(checked);
    if (plan.batches.length !== nv.prePrepares.length) return "invalid-new-view";
    for (let i = 0; i < plan.batches.length; i++) {
      const expected = plan.batches[i]!;
      const opened = openEnvelope(nv.prePrepares[i], this.cluster, this.verifier);
      if (!opened.ok || opened.value.msg.kind !== "pre-prepare") return "invalid-new-view";
      const pp = opened.value.msg;
      if (
        opened.value.signer !== primaryOf(nv.view, this.cluster) ||
        pp.view !== nv.view ||
        pp.seq !== expected.seq ||
        !bytesEqual(pp.digest, expected.digest)
      )
        return "invalid-new-view";
      const root = batchDigest(pp.requests);
      if (root === null || !bytesEqual(root, pp.digest)) return "invalid-new-view";
    }
    return null;
  }

  // ================================================================ step plumbing

  private run(what: string, body: () => void): Effect[] {
    if (this.fault !== null)
      throw new CoreInvariantError(
        `replica ${this.id} refuses ${what}: it stopped at an earlier core fault (${this.fault.message})`,
        this.fault,
      );
    this.out = [];
    this.execOut = [];
    this.dirty = false;
    try {
      body();
    } catch (e) {
      // A bug (ours or the node's), never an input's fault: the state is half-updated and nobody checked
      // it, so nothing of this step leaves and the replica stops for good.
      this.out = [];
      this.execOut = [];
      this.fault = new CoreInvariantError(
        `replica ${this.id}, handling ${what}: ${e instanceof Error ? e.message : String(e)}`,
        e,
      );
      throw this.fault;
    }
    const effects: Effect[] = [];
    if (this.dirty) effects.push({ kind: "persist", state: this.durableState() });
    for (const e of this.out) effects.push(e);
    for (const e of this.execOut) effects.push(e);
    this.out = [];
    this.execOut = [];
    return effects;
  }

  private reject(reason: RejectReason, from: ReplicaId | "client"): undefined {
    this.rejections.set(reason, (this.rejections.get(reason) ?? 0) + 1);
    this.out.push({ kind: "rejected", reason, from });
  }

  private dispatch(event: Event): undefined {
    switch (event?.kind) {
      case "envelope":
        this.onEnvelope(event.from, event.envelope);
        return;
      case "client-request":
        this.onClientRequest(event.from, event.request);
        return;
      case "timer":
        this.onTimer(event.timer);
        return;
      case "executed":
        this.onExecuted(event.seq, event.entryHash);
        return;
      case "state-reply":
        this.onStateReply(event.from, event.reply);
        return;
      default:
        throw new Error("unknown event kind (a bug of the node)");
    }
  }

  private isPrimary(view = this.view): boolean {
    return primaryOf(view, this.cluster) === this.id;
  }

  private get highWatermark(): number {
    return this.stableSeq + this.params.logWindow;
  }

  private certContext(): ViewChangeContext & CertContext {
    return {
      cluster: this.cluster,
      verifier: this.verifier,
      quorum: this.quorumSize(),
      checkpointInterval: this.params.checkpointInterval,
      logWindow: this.params.logWindow,
    };
  }

  /** Decodes our own persisted bytes (already verified when we stored them). */
  private decodeTrusted(env: pbft.Envelope.$Properties): ReplicaMsg | null {
    const opened = openEnvelope(env, this.cluster, this.verifier);
    return opened.ok ? opened.value.msg : null;
  }

  private sign(msg: ReplicaMsg): pbft.Envelope | null {
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

  private broadcast(envelope: pbft.Envelope): undefined {
    this.out.push({ kind: "broadcast", frame: pbft.ReplicaFrame.create({ envelope }) });
  }

  private setTimer(timer: TimerId, afterMs: number): undefined {
    this.out.push({ kind: "set-timer", timer, afterMs });
  }

  private cancelTimer(timer: TimerId): undefined {
    this.out.push({ kind: "cancel-timer", timer });
  }

  // ================================================================ incoming replica messages

  private onEnvelope(from: ReplicaId, envelope: pbft.Envelope): undefined {
    if (!isMember(from, this.cluster)) return this.reject("not-member", "client");
    if (envelope === null || envelope === undefined || typeof envelope !== "object")
      return this.reject("malformed", from);
    if (!isMember(envelope.signer, this.cluster)) return this.reject("not-member", from);
    if (envelope.signer !== from || from === this.id) {
      if (from !== this.id && envelope.signer !== this.id && isNewViewPayload(envelope.payload)) {
        // A NewView is self-certifying: any member may relay it (to a member that missed the view).
        const relayed = openEnvelope(envelope, this.cluster, this.verifier);
        if (relayed.ok && relayed.value.msg.kind === "new-view")
          return this.onNewView(from, relayed.value as Signed<NewViewMsg>);
      }
      return this.reject("sender-mismatch", from);
    }
    const opened = openEnvelope(envelope, this.cluster, this.verifier);
    if (!opened.ok) return this.reject(opened.reason, from);
    this.onSigned(from, opened.value);
  }

  private onSigned(from: ReplicaId, signed: Signed): undefined {
    const m = signed.msg;
    switch (m.kind) {
      case "pre-prepare":
      case "prepare":
      case "commit":
        return this.onNormalCase(from, signed, m);
      case "checkpoint":
        return this.onCheckpoint(from, signed as Signed<CheckpointMsg>);
      case "view-change":
        return this.onViewChange(from, signed as Signed<ViewChangeMsg>);
      case "new-view":
        return this.onNewView(from, signed as Signed<NewViewMsg>);
      case "attestation":
        return this.reject("unexpected", from); // attestations are for clients
    }
  }

  /** View and watermark gate shared by pre-prepare, prepare and commit. */
  private onNormalCase(
    from: ReplicaId,
    signed: Signed,
    m: PrePrepareMsg | PrepareMsg | CommitMsg,
  ): undefined {
    if (m.view < this.view) {
      if (m.seq > this.lastDispatched && !this.aheadHint) {
        this.aheadHint = true;
        this.armTick();
      }
      this.answerStaleView(from);
      return this.reject("stale-view", from);
    }
    if (m.view > this.view || this.viewChanging) {
      // Bounded per member, so that a faulty member cannot crowd out the others' messages.
      const perMember = Math.floor(FUTURE_BUFFER_MAX / this.cluster.n);
      const mine = (this.futureCount.get(from) ?? 0) + 1;
      if (m.view > this.view + VIEWS_AHEAD_MAX || mine > perMember) return this.reject("future-view", from);
      this.futureCount.set(from, mine);
      this.future.push({ from, signed });
      return;
    }
    if (m.seq <= this.stableSeq || m.seq > this.highWatermark) {
      if (m.seq > this.highWatermark && m.kind === "pre-prepare") this.maybeCatchUp();
      return this.reject("outside-watermarks", from);
    }
    if (m.kind === "pre-prepare") {
      if (signed.signer !== primaryOf(m.view, this.cluster)) return this.reject("not-primary", from);
    } else if (m.kind === "prepare" && signed.signer === primaryOf(m.view, this.cluster)) {
      return this.reject("unexpected", from);
    }
    const conflict = this.recordVote(signed, m.kind, m.view, m.seq);
    if (conflict !== null)
      return this.reject(
        m.kind === "pre-prepare" && conflict === "equivocation" ? "conflicting-pre-prepare" : conflict,
        from,
      );
    if (m.kind === "pre-prepare") this.onPrePrepare(from, signed, m);
    else if (m.kind === "prepare") this.onPrepare(from, signed, m);
    else this.onCommit(from, signed, m);
  }

  /**
   * A member still working in an older view (a primary cut off while the others changed views) would
   * otherwise learn of the view only from a later view change: send it the NewView of ours, once per view.
   */
  private answerStaleView(to: ReplicaId): undefined {
    const nv = this.stateSummary().newView;
    if (nv === null || this.staleViewAnswered.get(to) === this.view) return;
    this.staleViewAnswered.set(to, this.view);
    this.out.push({ kind: "send", to, frame: pbft.ReplicaFrame.create({ envelope: nv }) });
  }

  /** "duplicate" or "equivocation" (evidence kept and announced) for a second message in one slot. */
  private recordVote(
    signed: Signed,
    kind: VoteSlot["kind"],
    view: number,
    seq: number,
  ): "duplicate" | "equivocation" | null {
    const seen = this.votes.record(signed.signer, { kind, view, seq }, signed.envelope);
    if (seen === null || seen === "duplicate") return seen;
    this.addEvidence(seen);
    return "equivocation";
  }

  private addEvidence(e: Equivocation): undefined {
    this.evidenceLog.add(e);
    this.out.push({ kind: "equivocation", evidence: e });
  }

  private slotFor(seq: number): Slot {
    let slot = this.log.get(seq);
    if (slot === undefined || slot.view !== this.view) {
      slot = {
        seq,
        view: this.view,
        prePrepare: null,
        digest: null,
        digestHex: null,
        batch: NO_REQUESTS,
        prepares: new Map(),
        commits: new Map(),
        prepared: false,
        committed: false,
      };
      this.log.set(seq, slot);
    }
    return slot;
  }

  private mayVote(seq: number): boolean {
    return this.fence === null || this.fence.view !== this.view || seq > this.fence.seq;
  }

  private onPrePrepare(from: ReplicaId, signed: Signed, m: PrePrepareMsg): undefined {
    const slot = this.slotFor(m.seq);
    if (slot.prePrepare !== null) {
      // A different pre-prepare from the same primary was caught by recordVote; this one is the same batch.
      return this.reject("duplicate", from);
    }
    const checked = this.checkBatch(m.requests, m.digest);
    if (!checked.ok) return this.reject(checked.reason, from);
    this.acceptPrePrepare(slot, signed.envelope, m.digest, checked.batch);
  }

  /** Batch limits, every request (shape, cluster, client signature) and the Merkle digest. */
  private checkBatch(
    requests: readonly pbft.ClientRequest[],
    digest: Uint8Array,
  ): { ok: true; batch: CheckedRequest[] } | { ok: false; reason: RejectReason } {
    if (requests.length > this.params.batchSizeMax) return { ok: false, reason: "batch-too-large" };
    const batch: CheckedRequest[] = [];
    let bytes = 0;
    for (const r of requests) {
      const c = checkRequest(r, this.cluster.clusterId, this.verifier, this.params.batchBytesMax);
      if (!c.ok) return { ok: false, reason: c.reason };
      bytes += c.value.bytes;
      if (bytes > this.params.batchBytesMax) return { ok: false, reason: "batch-too-large" };
      batch.push(c.value);
    }
    if (!bytesEqual(checkedBatchRoot(batch), digest)) return { ok: false, reason: "digest-mismatch" };
    return { ok: true, batch };
  }

  private acceptPrePrepare(
    slot: Slot,
    envelope: pbft.Envelope,
    digest: Uint8Array,
    batch: readonly CheckedRequest[],
  ): undefined {
    slot.prePrepare = envelope;
    slot.digest = digest;
    slot.digestHex = toHex(digest);
    slot.batch = batch;
    if (this.pending.size > 0)
      for (const r of batch) {
        const p = this.pending.find(r.clientHex, r.requestNumber);
        if (p !== undefined) p.ordered = true;
      }
    // Votes that arrived before the pre-prepare for another digest are dropped now.
    for (const [who, v] of slot.prepares) if (v.digestHex !== slot.digestHex) slot.prepares.delete(who);
    for (const [who, v] of slot.commits) if (v.digestHex !== slot.digestHex) slot.commits.delete(who);
    if (!this.isPrimary(slot.view) && this.mayVote(slot.seq)) {
      const env = this.sign({ kind: "prepare", view: slot.view, seq: slot.seq, digest });
      if (env !== null) {
        slot.prepares.set(this.id, { digestHex: slot.digestHex, envelope: env });
        this.broadcast(env);
      }
    }
    this.checkPrepared(slot);
    this.checkCommitted(slot);
    this.armTick(); // watches for the batch getting stuck
  }

  private onPrepare(from: ReplicaId, signed: Signed, m: PrepareMsg): undefined {
    const slot = this.slotFor(m.seq);
    const digestHex = toHex(m.digest);
    if (slot.digestHex !== null && slot.digestHex !== digestHex) return this.reject("digest-mismatch", from);
    slot.prepares.set(signed.signer, { digestHex, envelope: signed.envelope });
    this.checkPrepared(slot);
  }

  private onCommit(from: ReplicaId, signed: Signed, m: CommitMsg): undefined {
    const slot = this.slotFor(m.seq);
    const digestHex = toHex(m.digest);
    if (slot.digestHex !== null && slot.digestHex !== digestHex) return this.reject("digest-mismatch", from);
    slot.commits.set(signed.signer, { digestHex, envelope: signed.envelope });
    this.checkCommitted(slot);
  }

  private checkPrepared(slot: Slot): undefined {
    if (slot.prepared || slot.prePrepare === null) return;
    const matching: pbft.Envelope[] = [];
    for (const v of slot.prepares.values()) if (v.digestHex === slot.digestHex) matching.push(v.envelope);
    const needed = this.quorumSize() - 1;
    if (matching.length < needed) return;
    slot.prepared = true;
    const proof = pbft.PreparedProof.create({
      prePrepare: slot.prePrepare,
      prepares: matching.slice(0, needed),
    });
    const prev = this.preparedCerts.get(slot.seq);
    if (prev === undefined || prev.view <= slot.view) {
      this.preparedCerts.set(slot.seq, { view: slot.view, proof });
      this.dirty = true; // persisted before the commit below leaves the node
    }
    if (this.mayVote(slot.seq)) {
      const env = this.sign({ kind: "commit", view: slot.view, seq: slot.seq, digest: slot.digest! });
      if (env !== null) {
        slot.commits.set(this.id, { digestHex: slot.digestHex!, envelope: env });
        this.broadcast(env);
      }
    }
    this.checkCommitted(slot);
  }

  private checkCommitted(slot: Slot): undefined {
    if (slot.committed || slot.prePrepare === null) return;
    const matching: pbft.Envelope[] = [];
    for (const v of slot.commits.values()) if (v.digestHex === slot.digestHex) matching.push(v.envelope);
    if (matching.length < this.quorumSize()) return;
    slot.committed = true;
    // The slot needs its checked requests no more (they go to execution below): dropping them here, not
    // at the next stable checkpoint, lets a batch's per-request objects die young (far less GC work).
    const batch = slot.batch;
    slot.batch = NO_REQUESTS;
    if (slot.seq <= this.lastDispatched || this.committedBatches.has(slot.seq)) return;
    const certificate = pbft.CommitCertificate.create({
      view: slot.view,
      seq: slot.seq,
      batchDigest: slot.digest!,
      commits: matching,
    });
    this.committedBatches.set(slot.seq, { seq: slot.seq, view: slot.view, batch, certificate });
    this.tryExecute();
  }

  private tryExecute(): undefined {
    for (;;) {
      const next = this.committedBatches.get(this.lastDispatched + 1);
      if (next === undefined) break;
      this.committedBatches.delete(next.seq);
      this.dispatched.set(next.seq, next);
      this.lastDispatched = next.seq;
      this.execOut.push({
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
    if (this.fetch !== null && this.lastDispatched >= this.fetch.target) {
      this.fetch.target = this.lastDispatched + this.params.stateTransferChunkMax;
      this.fetch.probe = true;
    }
  }

  // ================================================================ execution results

  private onExecuted(seq: number, entryHash: Uint8Array): undefined {
    const batch = this.dispatched.get(seq);
    // The node executes exactly the `execute` effects, in order: anything else is its bug.
    if (batch === undefined || seq !== this.lastExecuted + 1 || !(entryHash instanceof Uint8Array))
      throw new Error(
        `executed seq ${seq} but the next batch handed out for execution is ${this.lastExecuted + 1}` +
          ` (handed out up to ${this.lastDispatched})`,
      );
    this.dispatched.delete(seq);
    this.lastExecuted = seq;
    if (
      this.fetch?.paused === true &&
      this.dispatched.size <= (FETCH_AHEAD_CHUNKS / 2) * this.params.stateTransferChunkMax
    )
      this.topUpFetch();
    this.lastEntryHash = entryHash;
    let attestation: pbft.Envelope | null | undefined;
    for (const r of batch.batch) {
      const last = this.clients.get(r.clientHex);
      if (last === undefined)
        this.clients.set(r.clientHex, { requestNumber: r.requestNumber, seq, entryHash });
      else if (r.requestNumber > last.requestNumber) {
        last.requestNumber = r.requestNumber; // records are ours (copied when restored): update in place
        last.seq = seq;
        last.entryHash = entryHash;
      }
      // A transferred batch is attested only for a client still waiting on this member: signing one per
      // fetched entry cost a quarter of a catch-up's CPU, and a client that retransmits is answered anyway.
      let waiting = !batch.transferred;
      if (this.pending.size > 0) {
        waiting ||= this.pending.find(r.clientHex, r.requestNumber) !== undefined;
        this.dropPending(r.clientHex, r.requestNumber);
      }
      if (!waiting) continue;
      if (attestation === undefined) attestation = this.sign({ kind: "attestation", seq, entryHash });
      if (attestation !== null)
        this.out.push({
          kind: "reply",
          clientKey: r.clientKey,
          requestNumber: r.requestNumber,
          seq,
          attestation,
        });
    }
    if (seq % this.params.checkpointInterval === 0) {
      const env = this.sign({ kind: "checkpoint", seq, digest: entryHash });
      if (env !== null) {
        this.storeCheckpoint(this.id, seq, toHex(entryHash), env);
        this.broadcast(env);
        this.checkStable(seq);
        this.armTick();
      }
    }
    if (this.isPrimary() && !this.viewChanging) this.cutBatches();
  }

  // ================================================================ client requests and batching

  private onClientRequest(from: ReplicaId | "client", request: pbft.ClientRequest): undefined {
    if (from !== "client" && !isMember(from, this.cluster)) return this.reject("not-member", "client");
    const c = checkRequest(request, this.cluster.clusterId, this.verifier, this.params.batchBytesMax);
    if (!c.ok) return this.reject(c.reason, from);
    const r = c.value;
    const last = this.clients.get(r.clientHex);
    if (last !== undefined && r.requestNumber <= last.requestNumber) {
      if (r.requestNumber < last.requestNumber) {
        if (from === "client")
          this.out.push({
            kind: "request-refused",
            request: r.request,
            clientKey: r.clientKey,
            reason: "stale-request",
          });
        return this.reject("stale-request", from);
      }
      // Retransmission of the last executed request: answer again from the reply cache.
      const attestation = this.sign({ kind: "attestation", seq: last.seq, entryHash: last.entryHash });
      if (attestation !== null && from === "client")
        this.out.push({
          kind: "reply",
          clientKey: r.clientKey,
          requestNumber: r.requestNumber,
          seq: last.seq,
          attestation,
        });
      return;
    }
    const known = this.pending.find(r.clientHex, r.requestNumber);
    if (known !== undefined) {
      // A client retransmits when it got no reply: relay again (the first relay may be lost) and watch.
      if (from === "client" && !this.isPrimary() && !this.viewChanging) {
        if (!known.ordered) this.forward(r.request);
        known.watched = true;
        if (!known.timerRunning) this.armRequestTimer(known);
      }
      return this.reject("duplicate", from);
    }
    if (from !== "client" && !this.isPrimary()) return this.reject("not-primary", from);
    const entry = this.pending.add(r);
    if (entry === null) return this.reject("queue-full", from);
    if (this.isPrimary()) {
      if (!this.viewChanging) {
        this.pending.enqueue(entry);
        this.cutBatches();
      }
      return;
    }
    // A backup relays the request and suspects the primary if it is not executed in time.
    entry.watched = from === "client";
    if (this.viewChanging) return; // relayed and watched once the new view is in
    this.forward(r.request);
    if (entry.watched) this.armRequestTimer(entry);
  }

  /**
   * A backup watches a request a client gave it. When the timer expires while the cluster executed other
   * batches meanwhile, the primary is busy, not faulty: the timer is re-armed (Castro & Liskov restart it
   * on progress), at most REQUEST_REARMS_MAX times, so that a primary that orders others' requests but
   * not this one is still suspected within (REQUEST_REARMS_MAX + 1) x requestTimeoutMs.
   */
  private armRequestTimer(p: PendingRequest, rearm = false): void {
    p.timerRunning = true;
    p.armedAtSeq = this.lastExecuted;
    p.rearms = rearm ? p.rearms + 1 : 0;
    this.setTimer({ kind: "request", key: p.key }, this.params.requestTimeoutMs);
  }

  /** Forgets a client's pending requests up to `upTo` (executed, or superseded by a later one). */
  private dropPending(clientHex: string, upTo: number): undefined {
    for (const p of this.pending.dropUpTo(clientHex, upTo))
      if (p.timerRunning) this.cancelTimer({ kind: "request", key: p.key });
  }

  private forward(request: pbft.ClientRequest): undefined {
    this.out.push({
      kind: "send",
      to: primaryOf(this.view, this.cluster),
      frame: pbft.ReplicaFrame.create({ forwardedRequest: request }),
    });
  }

  /** Primary: cut batches while the pipeline and the window allow, full ones at once, others on the timer. */
  private cutBatches(): undefined {
    while (this.pending.queuedCount > 0) {
      const inFlight = this.nextSeq - 1 - this.lastExecuted;
      if (inFlight >= this.params.pipelineMax || this.nextSeq > this.highWatermark) return;
      if (!this.mayVote(this.nextSeq)) return;
      const full =
        this.pending.queuedCount >= this.params.batchSizeMax ||
        this.pending.queuedBytes >= this.params.batchBytesMax;
      if (!full && !this.batchDue && this.params.batchDelayMs > 0) {
        if (!this.batchTimerSet) {
          this.batchTimerSet = true;
          this.setTimer({ kind: "batch" }, this.params.batchDelayMs);
        }
        return;
      }
      this.cutOne();
    }
  }

  private cutOne(): undefined {
    const batch = this.pending.takeBatch(this.params.batchSizeMax, this.params.batchBytesMax, (r) => {
      const last = this.clients.get(r.clientHex);
      return last !== undefined && r.requestNumber <= last.requestNumber;
    });
    this.batchDue = false;
    if (batch.length === 0) return;
    const seq = this.nextSeq;
    const requests = batch.map((r) => r.request);
    const digest = checkedBatchRoot(batch);
    const env = this.sign({ kind: "pre-prepare", view: this.view, seq, digest, requests });
    if (env === null) {
      // The guard refused (a seq we assigned before a crash): give this view up.
      for (const r of batch) {
        const p = this.pending.find(r.clientHex, r.requestNumber);
        if (p !== undefined) this.pending.enqueue(p);
      }
      this.startViewChange(this.view + 1);
      return;
    }
    this.nextSeq++;
    this.broadcast(env);
    this.acceptPrePrepare(this.slotFor(seq), env, digest, batch);
  }

  // ================================================================ timers

  private onTimer(timer: TimerId): undefined {
    switch (timer?.kind) {
      case "batch":
        this.batchTimerSet = false;
        if (this.isPrimary() && !this.viewChanging && this.pending.queuedCount > 0) {
          this.batchDue = true;
          this.cutBatches();
        }
        return;
      case "request": {
        const p = this.pending.get(timer.key);
        if (p === undefined || !p.timerRunning) return;
        p.timerRunning = false;
        if (this.viewChanging || this.isPrimary()) return;
        if (this.lastExecuted > p.armedAtSeq && p.rearms < REQUEST_REARMS_MAX) {
          this.armRequestTimer(p, true);
          return;
        }
        this.startViewChange(this.view + 1);
        return;
      }
      case "view-change":
        if (this.viewChanging && timer.view === this.view) this.startViewChange(this.view + 1);
        return;
      case "state-transfer":
        if (this.fetch !== null) this.askNextPeer();
        else {
          this.tickArmed = false;
          this.resendOwnCheckpoints();
          // A view-change or new-view may have been lost: re-send ours (the same bytes); the new
          // primary answers a view-change for a view it already entered with its new-view.
          const ownVc = this.latestViewChange.get(this.id);
          if (this.viewChanging && ownVc?.newView === this.view) this.broadcast(ownVc.envelope);
          this.maybeCatchUp(true);
          // Out of the working view (or seeing it ahead of us): ask peers whether they executed more.
          // Or the next batch is stuck here since the last tick (its commits lost): others may have it.
          // Or our own checkpoint is still unstable a whole tick on and we executed nothing meanwhile: the
          // others may have moved past it (while we execute, the normal case serves us and the checkpoint
          // waits for slower members, normal under load).
          const stalled = this.stalledSeq();
          const unstable = this.lowestUnstableOwnCheckpoint();
          const watch = this.unstableWatch;
          if (
            this.fetch === null &&
            (this.viewChanging ||
              this.aheadHint ||
              (stalled > 0 && stalled === this.stallWatch) ||
              (unstable > 0 && unstable === watch.seq && this.lastExecuted === watch.executed) ||
              this.hasOrphanedRequests() ||
              this.idleTick)
          )
            this.startFetch(this.lastDispatched + this.params.stateTransferChunkMax, true);
          this.stallWatch = stalled;
          this.unstableWatch = { seq: unstable, executed: this.lastExecuted };
          this.aheadHint = false;
          this.armTick();
        }
        return;
      default:
        throw new Error("unknown timer kind (a bug of the node)");
    }
  }

  // ================================================================ checkpoints

  private storeCheckpoint(
    member: ReplicaId,
    seq: number,
    digestHex: string,
    envelope: pbft.Envelope,
  ): undefined {
    let byMember = this.checkpoints.get(seq);
    if (byMember === undefined) {
      byMember = new Map();
      this.checkpoints.set(seq, byMember);
    }
    if ((this.latestCheckpointOf.get(member) ?? 0) < seq) this.latestCheckpointOf.set(member, seq);
    if (byMember.has(member)) return; // the first one counts (a conflicting one is evidence)
    byMember.set(member, { digestHex, envelope });
    const seqs = this.checkpointSeqsOf.get(member) ?? [];
    seqs.push(seq);
    if (seqs.length > CHECKPOINTS_PER_MEMBER_MAX) {
      const dropped = seqs.shift()!;
      this.checkpoints.get(dropped)?.delete(member);
    }
    this.checkpointSeqsOf.set(member, seqs);
  }

  private onCheckpoint(from: ReplicaId, signed: Signed<CheckpointMsg>): undefined {
    const m = signed.msg;
    if (m.seq % this.params.checkpointInterval !== 0) return this.reject("invalid-checkpoint", from);
    if (m.seq < this.stableSeq) {
      // The sender is behind our stable checkpoint (it missed the votes that made it stable and re-sends
      // its own older one): answer once with ours, so f+1 honest answers give it a target to catch up to.
      this.echoStable(from);
      return;
    }
    if (m.seq === this.stableSeq) {
      // Late: stable here already. Seen a second time, it is a re-send: the sender is still missing
      // votes (lost), so answer once with ours.
      const again =
        this.lateCheckpointFrom.has(from) ||
        this.checkpointProof.some((e) => e.signer === from && bytesEqual(e.payload, signed.envelope.payload));
      if (!again) this.lateCheckpointFrom.add(from);
      else this.echoStable(from);
      return;
    }
    // Equivocation is tracked within reach of the log only, so that claims far ahead cannot grow memory.
    if (m.seq <= this.highWatermark + this.params.logWindow) {
      const conflict = this.recordVote(signed, "checkpoint", 0, m.seq);
      if (conflict !== null) return this.reject(conflict, from);
    }
    this.storeCheckpoint(signed.signer, m.seq, toHex(m.digest), signed.envelope);
    this.checkStable(m.seq);
    this.maybeCatchUp();
  }

  /** Sends `to` our own checkpoint at stableSeq, at most once per member and stable checkpoint. */
  private echoStable(to: ReplicaId): undefined {
    if (this.echoedStable.has(to)) return;
    const own =
      this.checkpointProof.find((e) => e.signer === this.id) ??
      this.ownCheckpointAt(this.stableSeq, toHex(this.stableDigest));
    if (own === undefined) return;
    this.echoedStable.add(to);
    this.out.push({ kind: "send", to, frame: pbft.ReplicaFrame.create({ envelope: own }) });
  }

  /** Our own checkpoint at seq if it has that digest (a stable checkpoint adopted from a proof lacks ours). */
  private ownCheckpointAt(seq: number, digestHex: string): pbft.Envelope | undefined {
    const own = this.checkpoints.get(seq)?.get(this.id);
    return own?.digestHex === digestHex ? own.envelope : undefined;
  }

  private checkStable(seq: number): undefined {
    if (seq <= this.stableSeq) return;
    const byMember = this.checkpoints.get(seq);
    const own = byMember?.get(this.id);
    if (byMember === undefined || own === undefined) return;
    const proof: pbft.Envelope[] = [];
    for (const v of byMember.values()) if (v.digestHex === own.digestHex) proof.push(v.envelope);
    if (proof.length < this.quorumSize()) return;
    this.adoptStable(seq, fromHex(own.digestHex), proof);
  }

  /** Moves the low watermark to seq (proof already checked) and discards the log below it. */
  private adoptStable(seq: number, digest: Uint8Array, proof: readonly pbft.Envelope[]): undefined {
    if (seq <= this.stableSeq) return;
    this.stableSeq = seq;
    this.stableDigest = digest;
    this.checkpointProof = proof;
    this.echoedStable.clear();
    this.lateCheckpointFrom.clear();
    if (this.knownStable < seq) this.knownStable = seq;
    this.dirty = true;
    for (const s of this.log.keys()) if (s <= seq) this.log.delete(s);
    for (const s of this.preparedCerts.keys()) if (s <= seq) this.preparedCerts.delete(s);
    for (const s of this.checkpoints.keys()) if (s < seq) this.checkpoints.delete(s);
    this.votes.pruneUpTo(seq);
    for (const s of this.committedBatches.keys())
      if (s <= seq && s <= this.lastDispatched) this.committedBatches.delete(s);
    this.out.push({ kind: "checkpoint-stable", seq });
    if (this.nextSeq <= seq) this.nextSeq = seq + 1;
    if (this.isPrimary() && !this.viewChanging) this.cutBatches();
  }

  // ================================================================ state transfer

  /** The highest seq that f+1 members (so at least one honest) claim, or a proven stable checkpoint. */
  private catchUpTarget(): number {
    const claims = [...this.latestCheckpointOf.entries()].filter(([m]) => m !== this.id).map(([, s]) => s);
    claims.sort((a, b) => b - a);
    const fPlusOne = claims[this.cluster.f] ?? 0;
    return Math.max(fPlusOne, this.knownStable);
  }

  /**
   * Fetches state when we are provably behind: at once when a whole checkpoint interval behind, else
   * after a grace period (normal lag resolves itself through the normal case).
   */
  private maybeCatchUp(graceOver = false): undefined {
    if (this.fetch !== null) return;
    const target = this.catchUpTarget();
    if (target <= this.lastDispatched) return;
    if (
      graceOver ||
      target >= this.lastDispatched + this.params.checkpointInterval ||
      target <= this.stableSeq
    ) {
      this.startFetch(target);
    } else {
      this.armTick();
    }
  }

  /** Arms the housekeeping tick when there is something to watch: an unstable own checkpoint, or a lag. */
  /**
   * A backup holding requests that no timer watches (relayed to it, or left over from an old view): in a
   * quiet cluster nothing else would tell it that the others executed them, so the tick probes peers.
   */
  private idleTick = false;

  private hasOrphanedRequests(): boolean {
    if (this.isPrimary() || this.viewChanging) return false;
    for (const p of this.pending.entries()) if (!p.timerRunning) return true;
    return false;
  }

  private armTick(): undefined {
    if (this.tickArmed || this.fetch !== null) return;
    if (
      !this.viewChanging &&
      !this.aheadHint &&
      this.stalledSeq() === 0 &&
      !this.hasUnstableOwnCheckpoint() &&
      this.catchUpTarget() <= this.lastDispatched &&
      !this.hasOrphanedRequests()
    ) {
      // Idle: a slow tick still asks one peer now and then whether it executed more (PBFT's status
      // exchange), or a replica that missed the last commits of a quiet cluster would never learn of them.
      this.tickArmed = true;
      this.idleTick = true;
      this.setTimer({ kind: "state-transfer" }, this.params.requestTimeoutMs * 4);
      return;
    }
    this.tickArmed = true;
    this.idleTick = false;
    this.setTimer({ kind: "state-transfer" }, Math.max(1, Math.floor(this.params.requestTimeoutMs / 4)));
  }

  private endFetch(): undefined {
    this.fetch = null;
    this.tickArmed = false;
    this.cancelTimer({ kind: "state-transfer" });
    this.armTick();
  }

  /** lastDispatched+1 when it waits: pre-prepared but not committed, or later batches committed past it. */
  private stalledSeq(): number {
    const next = this.lastDispatched + 1;
    if (this.committedBatches.size > 0) return next;
    const slot = this.log.get(next);
    return slot !== undefined && slot.prePrepare !== null && !slot.committed ? next : 0;
  }

  private hasUnstableOwnCheckpoint(): boolean {
    return this.lowestUnstableOwnCheckpoint() > 0;
  }

  /** The lowest seq above stableSeq that we signed a checkpoint for, or 0. */
  private lowestUnstableOwnCheckpoint(): number {
    let lowest = 0;
    for (const [seq, byMember] of this.checkpoints)
      if (seq > this.stableSeq && byMember.has(this.id) && (lowest === 0 || seq < lowest)) lowest = seq;
    return lowest;
  }

  /** Checkpoint messages can be lost; a checkpoint that is not stable yet is re-sent (identical bytes). */
  private resendOwnCheckpoints(): undefined {
    for (const [seq, byMember] of this.checkpoints) {
      const own = byMember.get(this.id);
      if (seq > this.stableSeq && own !== undefined) this.broadcast(own.envelope);
    }
  }

  private startFetch(target: number, probe = false): undefined {
    const peers: ReplicaId[] = [];
    for (let i = 1; i < this.cluster.n; i++) {
      const m = (this.id + i) % this.cluster.n;
      if ((this.latestCheckpointOf.get(m) ?? 0) >= target) peers.push(m);
    }
    for (let i = 1; i < this.cluster.n; i++) {
      const m = (this.id + i) % this.cluster.n;
      if (!peers.includes(m)) peers.push(m);
    }
    this.fetch = { asked: [], target, peers, peerIndex: -1, failures: 0, probe, paused: false };
    this.askNextPeer();
  }

  private askNextPeer(): undefined {
    const f = this.fetch;
    if (f === null) return;
    if (f.probe && f.peerIndex >= 0 && ++f.failures >= f.peers.length) {
      this.endFetch(); // nobody had more
      return;
    }
    f.peerIndex = (f.peerIndex + 1) % f.peers.length;
    f.asked = []; // what the previous peer still owes is asked again of this one
    this.topUpFetch();
  }

  /**
   * Asks the current peer for the next whole chunks while fewer than FETCH_IN_FLIGHT_CHUNKS are unanswered
   * and what is fetched stays within FETCH_AHEAD_CHUNKS of execution. With nothing asked and no room, the
   * fetch pauses until execution catches up (no request out, so no timer).
   */
  private topUpFetch(): undefined {
    const f = this.fetch;
    if (f === null) return;
    const chunk = this.params.stateTransferChunkMax;
    while (f.asked.length > 0 && f.asked[0]!.toSeq <= this.lastDispatched) f.asked.shift();
    let askedTo = Math.max(f.asked.at(-1)?.toSeq ?? 0, this.lastDispatched);
    while (
      askedTo < f.target &&
      f.asked.length < FETCH_IN_FLIGHT_CHUNKS &&
      this.dispatched.size + (askedTo - this.lastDispatched) + chunk <= FETCH_AHEAD_CHUNKS * chunk
    ) {
      const range = { fromSeq: askedTo + 1, toSeq: Math.min(f.target, askedTo + chunk) };
      const first = f.peers[f.peerIndex]!;
      const rest = f.peers.filter((p) => p !== first);
      this.out.push({ kind: "fetch-state", ...range, peers: [first, ...rest] });
      f.asked.push(range);
      askedTo = range.toSeq;
    }
    f.paused = f.asked.length === 0;
    if (f.paused) this.cancelTimer({ kind: "state-transfer" });
    else this.setTimer({ kind: "state-transfer" }, this.params.requestTimeoutMs);
  }

  private onStateReply(from: ReplicaId, reply: pbft.StateReply): undefined {
    if (!isMember(from, this.cluster)) return this.reject("not-member", "client");
    if (
      reply === null ||
      reply === undefined ||
      typeof reply !== "object" ||
      !Array.isArray(reply.batches ?? [])
    )
      return this.fail(from, "invalid-state-reply");
    // What the server adds to its batches comes first: entering its view or learning its stable checkpoint
    // changes what the batches mean (a target for the fetch). Invalid: the whole reply is refused.
    const before = this.fetch;
    const learned = this.onStateSummary(from, reply);
    if (learned === null) return;
    let applied = 0;
    let lastApplied = 0;
    let gap = false;
    const ctx = this.certContext();
    const f = this.fetch;
    const current = f !== null && f === before && f.peers[f.peerIndex] === from;
    for (const b of reply.batches ?? []) {
      if (b === null || typeof b !== "object" || typeof b.seq !== "number" || !Number.isSafeInteger(b.seq))
        return this.fail(from, "invalid-state-reply");
      if (b.seq <= this.lastDispatched) continue;
      if (b.seq !== this.lastDispatched + 1) {
        // A hole before it: the answer to a later request of ours while an earlier one came back short, was
        // lost, or went to a peer we since left. Counted, not held against the peer while we fetch: the
        // hole is asked again, or the timer moves to another peer.
        if (applied === 0 && f !== null) {
          gap = true;
          this.reject("unexpected", from);
          break;
        }
        return this.fail(from, "invalid-state-reply");
      }
      const cert = verifyCommitCertificate(b.certificate, ctx);
      if (!cert.ok || cert.value.seq !== b.seq) return this.fail(from, "invalid-certificate");
      const checked = this.checkBatch((b.requests ?? []) as pbft.ClientRequest[], cert.value.digest);
      if (!checked.ok) return this.fail(from, "invalid-state-reply");
      this.committedBatches.set(b.seq, {
        seq: b.seq,
        view: cert.value.view,
        batch: checked.batch,
        certificate: b.certificate as pbft.CommitCertificate,
        transferred: true,
      });
      this.tryExecute();
      applied++;
      lastApplied = b.seq;
    }
    // A probe knows no proven target; the current peer's head is its guess, so the fetch can ask several
    // chunks at once. A peer claiming too much only wins itself replies with nothing new: it is then left.
    const head = reply.lastSeq;
    if (f !== null && current && f.probe && Number.isSafeInteger(head) && head > f.target) f.target = head;
    if (applied === 0 && !gap) {
      // The current peer of a probe saying it has nothing beyond our state: ask the next one.
      if (this.fetch?.probe === true && current) {
        this.askNextPeer();
        return;
      }
      if (learned) {
        this.maybeCatchUp(); // it brought a view or a stable checkpoint, not batches
        return;
      }
      // Anything else that brought nothing is counted. Only stale batches: perhaps a late answer to a request
      // made while a fetch ran (several are outstanding at a time), so "unexpected" rather than invalid.
      const stale = (reply.batches ?? []).every((b) => (b.seq ?? 0) <= this.lastDispatched);
      return this.reject(stale ? "unexpected" : "invalid-state-reply", from);
    }
    // Progress: ask the same peer for more. Nothing new: wait for the timer to try another.
    if (applied > 0 && this.fetch !== null) {
      this.fetch.failures = 0;
      // A short answer (the peer's frame filled up) leaves the rest of its range unasked: ask from here.
      const range = this.fetch.asked.find((r) => r.fromSeq <= lastApplied && lastApplied <= r.toSeq);
      if (current && range !== undefined && lastApplied < range.toSeq) this.fetch.asked = [];
      this.topUpFetch();
    }
    if (learned) this.maybeCatchUp();
  }

  /**
   * A state reply's `new_view` and `checkpoint_proof`: both checked in full before anything changes. A
   * NewView for a view above ours is entered (its signer must be that view's primary: it is
   * self-certifying, so any member may relay it); a proven stable checkpoint above what we know becomes
   * the fetch's target. Returns whether either taught us something, or null when refused (counted).
   */
  private onStateSummary(from: ReplicaId, reply: pbft.StateReply): boolean | null {
    const proof = reply.checkpointProof ?? [];
    if (!Array.isArray(proof) || proof.length > this.cluster.n) {
      this.fail(from, "invalid-state-reply");
      return null;
    }
    let proven: { seq: number; digest: Uint8Array } | null = null;
    if (proof.length > 0) {
      const first = openEnvelope(proof[0], this.cluster, this.verifier);
      if (!first.ok || first.value.msg.kind !== "checkpoint") {
        this.fail(from, "invalid-checkpoint");
        return null;
      }
      const { seq, digest } = first.value.msg;
      // Only a proof that can teach us something is worth its 2f+1 signature checks.
      if (seq > this.knownStable) {
        if (!verifyCheckpointProof(proof as pbft.Envelope[], seq, digest, this.certContext())) {
          this.fail(from, "invalid-checkpoint");
          return null;
        }
        proven = { seq, digest };
      }
    }
    let learned = false;
    const env = reply.newView;
    if (env !== null && env !== undefined) {
      const opened = openEnvelope(env, this.cluster, this.verifier);
      if (!opened.ok || opened.value.msg.kind !== "new-view") {
        this.fail(from, opened.ok ? "invalid-new-view" : opened.reason);
        return null;
      }
      const nv = opened.value.msg;
      // The server's view: news only when above ours (or the one we are still changing to).
      if (nv.view > this.view || (nv.view === this.view && this.viewChanging)) {
        const reason = this.acceptNewView(opened.value as Signed<NewViewMsg>);
        if (reason !== null) {
          this.fail(from, reason);
          return null;
        }
        learned = true;
      }
    }
    if (proven !== null && proven.seq > this.knownStable) {
      this.knownStable = proven.seq;
      // The proof's checkpoints count as if they had reached us (they may have been lost on the way): once
      // we have executed up to seq, ours completes the stable checkpoint and the low watermark moves.
      const digestHex = toHex(proven.digest);
      for (const e of proof) this.storeCheckpoint(e.signer!, proven.seq, digestHex, e as pbft.Envelope);
      this.checkStable(proven.seq);
      const f = this.fetch;
      if (f !== null && f.target < proven.seq) {
        f.target = proven.seq;
        f.probe = false;
      }
      learned = true;
    }
    return learned;
  }

  /** A bad state reply: count it and ask another peer at once (at most once per peer until progress). */
  private fail(from: ReplicaId, reason: RejectReason): undefined {
    this.reject(reason, from);
    const f = this.fetch;
    if (f !== null && f.peers[f.peerIndex] === from && f.failures < f.peers.length) {
      f.failures++;
      this.askNextPeer();
    }
  }

  // ================================================================ view change

  private startViewChange(newView: number): undefined {
    if (newView <= this.view && (this.viewChanging || newView < this.view)) return;
    if (newView <= this.view) return;
    if (this.vcTimerView >= 0) this.cancelTimer({ kind: "view-change", view: this.vcTimerView });
    this.vcTimerView = -1;
    this.view = newView;
    this.viewChanging = true;
    this.dirty = true;
    this.vcAttempts++;
    if (this.batchTimerSet) {
      this.batchTimerSet = false;
      this.cancelTimer({ kind: "batch" });
    }
    this.batchDue = false;
    this.setFuture(this.future.filter((x) => msgView(x.signed.msg) >= newView));
    this.out.push({ kind: "view-change-started", view: newView });
    this.sendViewChange();
    this.maybeArmViewChangeTimer();
    this.armTick();
    if (this.isPrimary()) this.tryNewView();
  }

  /**
   * Castro & Liskov's first liveness rule: the view-change timer starts only once 2f+1 view-changes for
   * the view are in, so a replica that suspects alone does not run through views on its own.
   */
  private maybeArmViewChangeTimer(): undefined {
    if (!this.viewChanging || this.vcTimerView === this.view) return;
    if (this.viewChangesFor(this.view).length < this.quorumSize()) return;
    this.vcTimerView = this.view;
    const factor = 2 ** Math.min(Math.max(0, this.vcAttempts - 1), VIEW_CHANGE_BACKOFF_MAX);
    this.setTimer({ kind: "view-change", view: this.view }, this.params.viewChangeTimeoutMs * factor);
  }

  private setFuture(buffered: { from: ReplicaId; signed: Signed }[]): undefined {
    this.future = buffered;
    this.futureCount.clear();
    for (const x of buffered) this.futureCount.set(x.from, (this.futureCount.get(x.from) ?? 0) + 1);
  }

  private ownViewChange(): CheckedViewChange | null {
    const prepared = new Map<number, CheckedPrepared>();
    const proofs: pbft.PreparedProof[] = [];
    const seqs = [...this.preparedCerts.keys()].filter((s) => s > this.stableSeq).sort((a, b) => a - b);
    for (const s of seqs) {
      const cert = this.preparedCerts.get(s)!;
      const pp = this.decodeTrusted(cert.proof.prePrepare!);
      if (pp?.kind !== "pre-prepare") continue;
      prepared.set(s, { view: pp.view, seq: s, digest: pp.digest, requests: pp.requests, proof: cert.proof });
      proofs.push(cert.proof);
    }
    const env = this.sign({
      kind: "view-change",
      newView: this.view,
      stableSeq: this.stableSeq,
      stableDigest: this.stableDigest,
      checkpointProof: this.checkpointProof,
      prepared: proofs,
    });
    if (env === null) return null;
    return {
      signer: this.id,
      envelope: env,
      newView: this.view,
      stableSeq: this.stableSeq,
      stableDigest: this.stableDigest,
      checkpointProof: this.checkpointProof,
      prepared,
    };
  }

  private sendViewChange(): undefined {
    const vc = this.ownViewChange();
    if (vc === null) {
      // The signer refused: after a restart the rebuilt view-change differs from the one signed before the
      // crash, and the double-sign guard will never sign a second one for this view. Without our own
      // view-change the view may never gather its quorum, so move on to the next view when the timer fires.
      if (this.viewChanging && this.vcTimerView !== this.view) {
        this.vcTimerView = this.view;
        this.setTimer({ kind: "view-change", view: this.view }, this.params.viewChangeTimeoutMs);
      }
      return;
    }
    this.latestViewChange.set(this.id, vc);
    this.broadcast(vc.envelope);
  }

  private onViewChange(from: ReplicaId, signed: Signed<ViewChangeMsg>): undefined {
    const m = signed.msg;
    if (m.newView < this.view || (m.newView === this.view && !this.viewChanging)) {
      // A member still changing to the view we are in, or to one the cluster has since left (it was down),
      // missed our new-view: send it again, so it follows us into the view we work in and votes again.
      const nv = this.stateSummary().newView;
      if (nv !== null && this.isPrimary())
        this.out.push({ kind: "send", to: from, frame: pbft.ReplicaFrame.create({ envelope: nv }) });
      return this.reject("stale-view", from);
    }
    if (m.newView > this.view + VIEWS_AHEAD_MAX) return this.reject("future-view", from);
    const prev = this.latestViewChange.get(signed.signer);
    if (prev !== undefined) {
      if (prev.newView > m.newView) return this.reject("stale-view", from);
      if (prev.newView === m.newView) {
        if (bytesEqual(prev.envelope.payload, signed.envelope.payload)) return this.reject("duplicate", from);
        this.addEvidence({
          member: signed.signer,
          slot: { kind: "view-change", view: m.newView, seq: 0 },
          first: prev.envelope,
          second: signed.envelope,
        });
        return this.reject("equivocation", from);
      }
    }
    const checked = checkViewChange(signed, this.certContext());
    if (!checked.ok) return this.reject("invalid-view-change", from);
    this.latestViewChange.set(signed.signer, checked.value);
    this.learnStable(checked.value);
    // Join: f+1 members already moving beyond our view means at least one honest replica suspects the primary.
    const above = [...this.latestViewChange.values()].filter(
      (vc) => vc.signer !== this.id && vc.newView > this.view,
    );
    if (above.length >= this.cluster.f + 1) {
      const smallest = Math.min(...above.map((vc) => vc.newView));
      this.startViewChange(smallest);
    }
    if (this.viewChanging && m.newView === this.view) {
      this.maybeArmViewChangeTimer();
      if (this.isPrimary()) this.tryNewView();
    }
  }

  /** A valid stable-checkpoint proof above our state is a reason to fetch state. */
  private learnStable(vc: CheckedViewChange): undefined {
    if (vc.stableSeq > this.knownStable) this.knownStable = vc.stableSeq;
    this.maybeCatchUp();
  }

  private viewChangesFor(view: number): CheckedViewChange[] {
    const own = this.latestViewChange.get(this.id);
    const others = [...this.latestViewChange.values()]
      .filter((vc) => vc.newView === view && vc.signer !== this.id)
      .sort((a, b) => a.signer - b.signer);
    return own?.newView === view ? [own, ...others] : others;
  }

  private tryNewView(): undefined {
    const vcs = this.viewChangesFor(this.view).slice(0, this.quorumSize());
    if (vcs.length < this.quorumSize()) return;
    const plan = planNewView(vcs);
    const prePrepares: pbft.Envelope[] = [];
    for (const b of plan.batches) {
      const env = this.sign({
        kind: "pre-prepare",
        view: this.view,
        seq: b.seq,
        digest: b.digest,
        requests: b.requests,
      });
      if (env === null) return;
      prePrepares.push(env);
    }
    const msg: NewViewMsg = {
      kind: "new-view",
      view: this.view,
      viewChanges: vcs.map((vc) => vc.envelope),
      prePrepares,
    };
    const env = this.sign(msg);
    if (env === null) return;
    this.currentNewView = { view: this.view, envelope: env };
    this.broadcast(env);
    this.enterView(this.view, vcs, prePrepares);
  }

  /** The view-changes of a NewView, each fully checked; null unless a quorum of distinct members for its view. */
  protected checkNewViewChanges(nv: NewViewMsg): CheckedViewChange[] | null {
    const ctx = this.certContext();
    const seen = new Set<ReplicaId>();
    const out: CheckedViewChange[] = [];
    if (nv.viewChanges.length > this.cluster.n) return null;
    for (const env of nv.viewChanges) {
      const opened = openEnvelope(env, this.cluster, this.verifier);
      if (!opened.ok || opened.value.msg.kind !== "view-change") return null;
      const signed = opened.value as Signed<ViewChangeMsg>;
      if (signed.msg.newView !== nv.view || seen.has(signed.signer)) return null;
      const checked = checkViewChange(signed, ctx);
      if (!checked.ok) return null;
      seen.add(signed.signer);
      out.push(checked.value);
    }
    return out.length >= this.quorumSize() ? out : null;
  }

  private onNewView(from: ReplicaId, signed: Signed<NewViewMsg>): undefined {
    const reason = this.acceptNewView(signed);
    if (reason !== null) this.reject(reason, from);
  }

  /** Validates a NewView (sent or relayed by any member) and enters its view; else why not (nothing changed). */
  private acceptNewView(signed: Signed<NewViewMsg>): RejectReason | null {
    const nv = signed.msg;
    if (signed.signer !== primaryOf(nv.view, this.cluster)) return "not-primary";
    const seen = this.newViewSeen.get(nv.view);
    if (seen !== undefined) {
      if (bytesEqual(seen.payload, signed.envelope.payload)) return "duplicate";
      this.addEvidence({
        member: signed.signer,
        slot: { kind: "new-view", view: nv.view, seq: 0 },
        first: seen,
        second: signed.envelope,
      });
      return "equivocation";
    }
    if (nv.view < this.view || (nv.view === this.view && !this.viewChanging)) return "stale-view";
    if (nv.view > this.view + VIEWS_AHEAD_MAX) return "future-view";
    if (nv.viewChanges.length > this.cluster.n || nv.prePrepares.length > this.params.logWindow)
      return "invalid-new-view";
    const reason = this.validateNewView(nv, signed.signer);
    if (reason !== null) return reason;
    this.newViewSeen.set(nv.view, signed.envelope);
    this.currentNewView = { view: nv.view, envelope: signed.envelope };
    // Re-check what we can for our own bookkeeping (a broken validateNewView may have let anything in).
    const vcs = this.checkNewViewChanges(nv) ?? [];
    this.enterView(nv.view, vcs, nv.prePrepares);
    return null;
  }

  private enterView(
    view: number,
    vcs: readonly CheckedViewChange[],
    prePrepares: readonly pbft.Envelope[],
  ): undefined {
    if (this.vcTimerView >= 0) this.cancelTimer({ kind: "view-change", view: this.vcTimerView });
    this.vcTimerView = -1;
    this.view = view;
    this.viewChanging = false;
    this.vcAttempts = 0;
    this.dirty = true;
    for (const [s, slot] of this.log) if (slot.view < view) this.log.delete(s);
    for (const [m, vc] of this.latestViewChange) if (vc.newView <= view) this.latestViewChange.delete(m);
    for (const v of this.newViewSeen.keys()) if (v < view) this.newViewSeen.delete(v);
    for (const p of this.pending.entries()) p.ordered = false;
    this.pending.clearQueue();
    this.batchDue = false;

    // The new view starts at the highest stable checkpoint among the view-changes.
    const plan = planNewView(vcs);
    if (plan.stableSeq > this.stableSeq)
      this.adoptStable(plan.stableSeq, plan.stableDigest, plan.checkpointProof);
    if (plan.stableSeq > this.knownStable) this.knownStable = plan.stableSeq;

    let maxSeq = this.stableSeq;
    for (const env of prePrepares) {
      const opened = openEnvelope(env, this.cluster, this.verifier);
      if (!opened.ok || opened.value.msg.kind !== "pre-prepare") continue;
      const pp = opened.value.msg;
      if (pp.view !== view || opened.value.signer !== primaryOf(view, this.cluster)) continue;
      if (pp.seq > maxSeq) maxSeq = pp.seq;
      if (pp.seq <= this.stableSeq || pp.seq > this.highWatermark) continue;
      this.recordVote(opened.value, "pre-prepare", pp.view, pp.seq);
      const slot = this.slotFor(pp.seq);
      if (slot.prePrepare !== null) continue;
      const checked = this.checkBatch(pp.requests, pp.digest);
      if (!checked.ok) continue;
      this.acceptPrePrepare(slot, env, pp.digest, checked.batch);
    }
    this.nextSeq = Math.max(maxSeq, this.stableSeq, this.lastDispatched) + 1;
    const primary = primaryOf(view, this.cluster);
    this.out.push({ kind: "new-view-entered", view, primary });
    // Commits of the old view may not have reached us (that is often why the view changed): ask peers
    // whether they executed more, or a quiet cluster leaves us behind until its next checkpoint.
    if (this.fetch === null) this.startFetch(this.lastDispatched + this.params.stateTransferChunkMax, true);

    // Pending requests: the new primary queues those not re-issued and stops watching; backups relay
    // those not re-issued and restart the timers of those a client gave them.
    for (const p of this.pending.entries()) {
      if (this.isPrimary()) {
        if (p.timerRunning) this.cancelTimer({ kind: "request", key: p.key });
        p.timerRunning = false;
        if (!p.ordered) this.pending.enqueue(p);
        continue;
      }
      if (!p.ordered) this.forward(p.req.request);
      if (p.watched) this.armRequestTimer(p);
    }
    if (this.isPrimary()) this.cutBatches();

    const replay = this.future.filter((x) => msgView(x.signed.msg) === view);
    this.setFuture(this.future.filter((x) => msgView(x.signed.msg) > view));
    for (const x of replay) this.onSigned(x.from, x.signed);
    this.maybeCatchUp();
  }
}

/**
 * Whether envelope payload bytes start with ReplicaMessage's new_view field (field 6, length-delimited):
 * a cheap filter before verifying an envelope relayed by a member other than its signer.
 */
/** What a step handles, for a fault's message: the event kind (and a timer's kind). */
function eventName(event: Event): string {
  const kind = (event as { kind?: unknown } | null | undefined)?.kind;
  if (typeof kind !== "string") return "an event without a kind";
  return kind === "timer" ? `timer ${String((event as { timer?: { kind?: unknown } }).timer?.kind)}` : kind;
}

function isNewViewPayload(payload: Uint8Array | null | undefined): boolean {
  return payload instanceof Uint8Array && payload[0] === ((6 << 3) | 2);
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
