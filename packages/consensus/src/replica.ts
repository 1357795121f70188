// The PBFT replica (Castro & Liskov, OSDI 1999 / TOCS 2002) as a pure state machine: `step(event)`
// returns effects; the caller does all I/O (see ../README.md for the contract). No clock, no randomness,
// no promises: time arrives as timer events, signing and verification are injected.
//
// This class is the door: it restores state, routes each event to the concern that handles it and turns
// what the step produced into effects. The protocol itself lives in ./replica/, one collaborator per
// concern over one shared state (`Core`): normal case, batching, execution, checkpoints, state transfer,
// the housekeeping tick, view change, and quorum tracking.
import type { CheckpointMsg, NewViewMsg, Signed, ViewChangeMsg } from "./codec.js";
import { isMember, openEnvelope, peekEpoch } from "./codec.js";
import { ConfigError, clusterParams, primaryOf, quorumOf, resolveParams } from "./config.js";
import { CoreInvariantError } from "./errors.js";
import { toHex } from "./hashing.js";
import type { pbft } from "./messages.js";
import { Batching } from "./replica/batching.js";
import { Checkpoints } from "./replica/checkpoints.js";
import { Core } from "./replica/core.js";
import { Epochs } from "./replica/epochs.js";
import { Execution } from "./replica/execution.js";
import {
  checkHeadCover,
  type HeadCoverResult,
  type HeadEpochs,
  headVouched,
  type VerifiedHeads,
} from "./replica/head-cover.js";
import { Housekeeping } from "./replica/housekeeping.js";
import { NormalCase } from "./replica/normal-case.js";
import { Quorums } from "./replica/quorum.js";
import { StateTransfer } from "./replica/state-transfer.js";
import { ViewChanges } from "./replica/view-change.js";
import type {
  ClusterParams,
  DurableState,
  Effect,
  EpochInfo,
  Equivocation,
  Event,
  RejectReason,
  ReplicaId,
  ReplicaParams,
  Restored,
  Signer,
  TimerId,
  Verifier,
} from "./types.js";

export { FETCH_IN_FLIGHT_CHUNKS } from "./replica/state-transfer.js";

export interface ReplicaOptions {
  /** This member's id in the genesis (epoch 0); null: not a member of it (an observer until it joins). */
  readonly id: ReplicaId | null;
  /** The cluster id and the genesis' size (epoch 0). */
  readonly cluster: ClusterParams;
  /** The genesis' parameters (a later epoch brings its own). */
  readonly params?: Partial<ReplicaParams>;
  readonly signer: Signer;
  readonly verifier: Verifier;
  readonly restored?: Restored;
  /** Hash of the genesis (cluster.json) the history starts from, signed into every checkpoint. */
  readonly genesisHash?: Uint8Array;
}

/** What a replica serving state transfer adds to its batches (`StateReply.new_view`, `checkpoint_proof`). */
export interface StateSummary {
  /** The NewView of the view this replica works in; null in view 0 or while it changes views. */
  readonly newView: pbft.Envelope | null;
  /** Its stable checkpoint proof (empty at seq 0). */
  readonly checkpointProof: readonly pbft.Envelope[];
}

export interface ReplicaStatus {
  /** Our id in the epoch we work in; null for an observer. */
  readonly id: ReplicaId | null;
  readonly epoch: number;
  readonly members: number;
  /** A change is approved and applies after this seq; null when none is pending. */
  readonly pendingBoundary: number | null;
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

export class Replica {
  /** Everything the replica knows, and the concerns that act on it. */
  private readonly c: Core;

  /** Our id in the epoch we work in; null for an observer (not a member of it). */
  get id(): ReplicaId | null {
    return this.c.cur.selfId;
  }
  /** The cluster as in the epoch we work in (its n and f). */
  get cluster(): ClusterParams {
    return this.c.cluster;
  }
  /** The parameters of the epoch we work in. */
  get params(): ReplicaParams {
    return this.c.params;
  }
  /** The epoch we work in. */
  get epoch(): EpochInfo {
    return this.c.cur;
  }

  constructor(opts: ReplicaOptions) {
    const genesisCluster = clusterParams(opts.cluster.clusterId, opts.cluster.n);
    if (opts.id !== null && !isMember(opts.id, genesisCluster))
      throw new RangeError(`replica id ${opts.id} is not a member of a ${opts.cluster.n}-member cluster`);
    const genesis: EpochInfo = {
      epoch: 0,
      startSeq: 1,
      n: opts.cluster.n,
      selfId: opts.id,
      params: resolveParams(opts.params),
    };
    const r = opts.restored;
    const known = r?.epochs !== undefined && r.epochs.length > 0 ? r.epochs : [genesis];
    let picked: ReturnType<typeof Epochs.pick>;
    try {
      picked = Epochs.pick(known, r?.durable?.stableSeq ?? 0);
    } catch (e) {
      throw new ConfigError(`restored epochs: ${(e as Error).message}`);
    }
    // The hooks are called through the instance, so a subclass's override is the one every concern uses.
    const c = new Core(opts.cluster.clusterId, picked.cur, opts.signer, opts.verifier, {
      quorumSize: () => this.quorumSize(),
      validateNewView: (nv, signer) => this.validateNewView(nv, signer),
      checkHeadCover: (reply, epochs, verified) => this.checkHeadCover(reply, epochs, verified),
      headVouched: (verifier) => this.headVouched(verifier),
    });
    c.prev = picked.prev;
    c.next = picked.next;
    c.epochs = new Epochs(c);
    this.c = c;
    c.quorums = new Quorums(c);
    c.normal = new NormalCase(c);
    c.execution = new Execution(c);
    c.batching = new Batching(c);
    c.checkpoints = new Checkpoints(c);
    c.transfer = new StateTransfer(c);
    c.housekeeping = new Housekeeping(c);
    c.viewChanges = new ViewChanges(c);
    c.deliver = (from, signed) => this.onSigned(from, signed);
    c.deliverEnvelope = (from, envelope) => this.onEnvelope(from, envelope);
    if (opts.genesisHash !== undefined) c.genesisHash = opts.genesisHash;
    if (r !== undefined) {
      if (r.pendingBoundary !== undefined && c.next === null && r.pendingBoundary > r.lastExecutedSeq)
        c.pendingBoundary = r.pendingBoundary;
      if (r.lastExecutedSeq > 0) c.ownDigests.set(r.lastExecutedSeq, toHex(r.lastEntryHash));
      c.lastExecuted = r.lastExecutedSeq;
      c.lastDispatched = r.lastExecutedSeq;
      c.lastEntryHash = r.lastEntryHash;
      if (r.lastTimeMs !== undefined && Number.isSafeInteger(r.lastTimeMs) && r.lastTimeMs > 0)
        c.lastTimeMs = r.lastTimeMs;
      if (r.lastTreeRoot !== undefined && r.lastTreeRoot.length > 0) c.lastTreeRoot = r.lastTreeRoot;
      for (const [hex, client] of r.clients) c.clients.set(hex, { ...client });
      const d = r.durable;
      if (d !== null) {
        c.view = d.view;
        c.viewChanging = d.viewChanging;
        c.stableSeq = d.stableSeq;
        c.stableDigest = d.stableDigest;
        c.checkpointProof = d.checkpointProof;
        c.knownStable = d.stableSeq;
        for (const proof of d.prepared) {
          const pp = proof.prePrepare ? c.decodeTrusted(proof.prePrepare) : null;
          if (pp?.kind === "pre-prepare" && pp.seq > d.stableSeq) {
            const prev = c.preparedCerts.get(pp.seq);
            if (prev === undefined || prev.view < pp.view)
              c.preparedCerts.set(pp.seq, { view: pp.view, proof });
          }
        }
        // We may have sent prepares/commits in this view for any seq up to the high watermark of the
        // crashed run (while changing views we sent none in it: the new-view is persisted before any).
        if (!d.viewChanging) c.fence = { view: d.view, seq: d.stableSeq + c.params.logWindow };
        c.restarted = true;
      }
    }
    c.nextSeq = Math.max(c.lastExecuted, c.stableSeq) + 1;
  }

  // ================================================================ public API

  /** Initial effects: the first persist, and the view change a restarted primary must start. */
  start(): Effect[] {
    const c = this.c;
    return this.run("start", () => {
      if (c.started) return;
      c.started = true;
      c.dirty = true;
      if (c.restarted) {
        if (c.viewChanging) {
          // Resume the interrupted view change: re-send (identical bytes if nothing changed).
          c.vcAttempts = 1;
          c.viewChanges.sendViewChange();
          c.housekeeping.armTick();
        } else if (c.isPrimary()) {
          // A restarted primary cannot know which seqs it assigned in this view: leave the view.
          c.viewChanges.startViewChange(c.view + 1, "restarted-primary");
        }
      }
      // Restarted after executing a boundary whose checkpoint was not stable yet: the votes for it were
      // in memory only, and nothing later can be ordered until it is, so sign ours again (the same bytes).
      const b = c.next === null ? -1 : c.next.startSeq - 1;
      if (c.lastExecuted === b && c.stableSeq < b)
        c.checkpoints.takeCheckpoint(b, c.lastEntryHash, c.lastTreeRoot);
      if (c.knownStable > c.lastDispatched) c.transfer.startFetch(c.knownStable);
      // A restarted replica of a quiet cluster hears nothing that would tell it what was committed while it
      // was down: the (idle) tick asks peers in time.
      c.housekeeping.armTick();
    });
  }

  /**
   * Handles one event. Never throws for anything a peer or client can send (that is refused with a
   * `rejected` effect); throws `CoreInvariantError` on a bug of the core or of the node driving it, and
   * from then on for every call: the node must stop and restart from disk.
   */
  step(event: Event, nowMs?: number): Effect[] {
    // The caller's clock reading (issue 18): the primary's pre-prepare time, a backup's bound. A reading that
    // is not a time is ignored (the core never throws on its input).
    if (nowMs !== undefined && Number.isSafeInteger(nowMs) && nowMs >= 0) this.c.nowMs = nowMs;
    return this.run(eventName(event), () => this.dispatch(event));
  }

  status(): ReplicaStatus {
    const c = this.c;
    let inFlight = 0;
    for (const slot of c.log.values())
      if (slot.seq > c.lastExecuted && slot.prePrepare !== null && slot.view === c.view) inFlight++;
    return {
      id: this.id,
      epoch: c.cur.epoch,
      members: c.cur.n,
      pendingBoundary: c.epochs.end(),
      view: c.view,
      primary: primaryOf(c.view, this.cluster),
      viewChanging: c.viewChanging,
      lastExecutedSeq: c.lastExecuted,
      stableSeq: c.stableSeq,
      lowWatermark: c.stableSeq,
      highWatermark: c.stableSeq + this.params.logWindow,
      pendingRequests: c.pending.size,
      inFlightBatches: inFlight,
    };
  }

  evidence(): readonly Equivocation[] {
    return this.c.evidenceLog.list();
  }

  rejectionCounts(): ReadonlyMap<RejectReason, number> {
    return this.c.rejections;
  }

  /** What the node must have persisted (also the payload of every `persist` effect). */
  durableState(): DurableState {
    const c = this.c;
    const prepared: pbft.PreparedProof[] = [];
    const seqs = [...c.preparedCerts.keys()].filter((s) => s > c.stableSeq).sort((a, b) => a - b);
    for (const s of seqs) prepared.push(c.preparedCerts.get(s)!.proof);
    return {
      view: c.view,
      viewChanging: c.viewChanging,
      stableSeq: c.stableSeq,
      stableDigest: c.stableDigest,
      checkpointProof: c.checkpointProof,
      prepared,
    };
  }

  /** What this replica adds to a state reply it serves: both parts are self-certifying, so they may be relayed. */
  stateSummary(): StateSummary {
    return { newView: this.c.workingNewView(), checkpointProof: this.c.checkpointProof };
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
    return this.c.viewChanges.validate(nv);
  }

  /**
   * A state reply's signed head (2f+1 signatures of its epoch) and the chain of headers from its first batch
   * up to the head's entry hash (replica/head-cover.ts): a cover lets the batches be checked by hashes.
   */
  protected checkHeadCover(
    reply: pbft.StateReply,
    epochs: HeadEpochs,
    verified: VerifiedHeads,
  ): HeadCoverResult {
    return checkHeadCover(reply, epochs, verified);
  }

  /** What a verified head vouches for in a batch it covers: its requests' signatures, not its certificate's. */
  protected headVouched(verifier: Verifier): Verifier {
    return headVouched(verifier);
  }

  // ================================================================ step plumbing

  private run(what: string, body: () => void): Effect[] {
    const c = this.c;
    if (c.fault !== null)
      throw new CoreInvariantError(
        `replica ${this.id} refuses ${what}: it stopped at an earlier core fault (${c.fault.message})`,
        c.fault,
      );
    c.out = [];
    c.execOut = [];
    c.dirty = false;
    try {
      body();
      // The switch to a new epoch happens between steps' concerns, never in the middle of one of them.
      while (c.epochs.ready()) c.epochs.switchEpoch();
    } catch (e) {
      // A bug (ours or the node's), never an input's fault: the state is half-updated and nobody checked
      // it, so nothing of this step leaves and the replica stops for good.
      c.out = [];
      c.execOut = [];
      c.fault = new CoreInvariantError(
        `replica ${this.id}, handling ${what}: ${e instanceof Error ? e.message : String(e)}`,
        e,
      );
      throw c.fault;
    }
    const effects: Effect[] = [];
    if (c.dirty) effects.push({ kind: "persist", state: this.durableState() });
    for (const e of c.out) effects.push(e);
    for (const e of c.execOut) effects.push(e);
    c.out = [];
    c.execOut = [];
    return effects;
  }

  private dispatch(event: Event): undefined {
    switch (event?.kind) {
      case "envelope":
        this.onEnvelope(event.from, event.envelope);
        return;
      case "client-request":
        this.c.batching.onClientRequest(event.from, event.request);
        return;
      case "timer":
        this.onTimer(event.timer);
        return;
      case "executed":
        this.c.execution.onExecuted(
          event.seq,
          event.entryHash,
          event.treeRoot,
          event.nextEpoch,
          event.pendingBoundary,
        );
        return;
      case "state-reply":
        this.c.transfer.onStateReply(event.from, event.reply);
        return;
      default:
        throw new Error("unknown event kind (a bug of the node)");
    }
  }

  /** A replica message as received: membership and signature checked before anything else. */
  private onEnvelope(from: ReplicaId, envelope: pbft.Envelope): undefined {
    const c = this.c;
    if (!isMember(from, this.cluster)) return c.reject("not-member", "client");
    if (envelope === null || envelope === undefined || typeof envelope !== "object")
      return c.reject("malformed", from);
    // Every message names its epoch; only the one we work in goes on (see Epochs.onOtherEpoch).
    const epoch = peekEpoch(envelope.payload);
    if (epoch !== null && epoch !== c.cur.epoch) return c.epochs.onOtherEpoch(from, envelope, epoch);
    if (!isMember(envelope.signer, this.cluster)) return c.reject("not-member", from);
    if (envelope.signer !== from || from === this.id) {
      if (from !== this.id && envelope.signer !== this.id && isNewViewPayload(envelope.payload)) {
        // A NewView is self-certifying: any member may relay it (to a member that missed the view).
        const relayed = openEnvelope(envelope, c.certContext());
        if (relayed.ok && relayed.value.msg.kind === "new-view")
          return c.viewChanges.onNewView(from, relayed.value as Signed<NewViewMsg>);
      }
      return c.reject("sender-mismatch", from);
    }
    const opened = openEnvelope(envelope, c.certContext());
    if (!opened.ok) return c.reject(opened.reason, from);
    this.onSigned(from, opened.value);
  }

  /** A verified message, to the concern that handles its kind (also for messages replayed in a new view). */
  private onSigned(from: ReplicaId, signed: Signed): undefined {
    const m = signed.msg;
    switch (m.kind) {
      case "pre-prepare":
      case "prepare":
      case "commit":
        return this.c.normal.onNormalCase(from, signed, m);
      case "checkpoint":
        return this.c.checkpoints.onCheckpoint(from, signed as Signed<CheckpointMsg>);
      case "view-change":
        return this.c.viewChanges.onViewChange(from, signed as Signed<ViewChangeMsg>);
      case "new-view":
        return this.c.viewChanges.onNewView(from, signed as Signed<NewViewMsg>);
      case "attestation":
        return this.c.reject("unexpected", from); // attestations are for clients
    }
  }

  private onTimer(timer: TimerId): undefined {
    const c = this.c;
    switch (timer?.kind) {
      case "batch":
        return c.batching.onBatchTimer();
      case "request":
        return c.batching.onRequestTimer(timer.key);
      case "relay":
        return c.batching.onRelayTimer();
      case "view-change":
        return c.viewChanges.onViewChangeTimer(timer.view);
      case "state-transfer":
        // A fetch's retry (its peer did not answer in time), else the housekeeping tick.
        if (c.fetch !== null) return c.transfer.askNextPeer();
        return c.housekeeping.onTick();
      default:
        throw new Error("unknown timer kind (a bug of the node)");
    }
  }
}

/** What a step handles, for a fault's message: the event kind (and a timer's kind). */
function eventName(event: Event): string {
  const kind = (event as { kind?: unknown } | null | undefined)?.kind;
  if (typeof kind !== "string") return "an event without a kind";
  return kind === "timer" ? `timer ${String((event as { timer?: { kind?: unknown } }).timer?.kind)}` : kind;
}

/**
 * Whether envelope payload bytes start with ReplicaMessage's new_view field (field 6, length-delimited):
 * a cheap filter before verifying an envelope relayed by a member other than its signer.
 */
function isNewViewPayload(payload: Uint8Array | null | undefined): boolean {
  return payload instanceof Uint8Array && payload[0] === ((6 << 3) | 2);
}
