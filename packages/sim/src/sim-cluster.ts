// The simulated world of n members: a clock, a network whose every message (replica frames, forwarded
// requests, state requests and state replies alike) arrives after a drawn delay unless a partition or the
// simulator drops it, timers, and each member's storage device. Effects are carried out as a node does:
// persists and the guard's vote records become writes, outputs wait in the shipped OutputGate until the
// writes they depend on complete, committed batches are appended by the shipped ledger when their write
// completes, then `executed` is stepped.
import {
  type ClusterParams,
  clusterParams,
  type Effect,
  type Event,
  isOutput,
  type OutputEffect,
  OutputGate,
  pbft,
  type Replica,
  type ReplicaId,
  type ReplicaOptions,
  type ReplicaParams,
  type TimerId,
  timerKey,
  toHex,
} from "@pbft/consensus";
import { FakeVerifier } from "@pbft/consensus/testing";
import { type ClusterConfig, HEAD_REACH, storedHeaderBytes, verifyEd25519 } from "@pbft/ledger";
import { SIM_CLOCK_EPOCH_MS } from "./checkers/time.js";
import { defaultBuild, epochInfoOf, type Output, SimNode } from "./sim-node.js";

/**
 * Replica votes carry fake signatures under each member's vote public key of the epoch (so a rotated key
 * is a different key); client requests are fake-signed (the simulated clients) or real Ed25519 (the
 * configuration driver signs changes and approvals with the members' real vote keys, as `pbft config
 * approve` does, because the ledger's rules verify approvals with Ed25519).
 */
class SimVerifier extends FakeVerifier {
  override verifyClient(clientKey: Uint8Array, bytes: Uint8Array, signature: Uint8Array): boolean {
    return super.verifyClient(clientKey, bytes, signature) || verifyEd25519(clientKey, bytes, signature);
  }
}

/** A state reply's bounds, as a node's (batches per reply, frame bytes). */
const STATE_LIMITS = { countMax: 64, frameBytesMax: 4 << 20 };

interface InFlight {
  readonly from: ReplicaId;
  readonly to: ReplicaId;
  readonly bytes: Uint8Array;
  readonly arrivesAtMs: number;
  /** A removed member re-sending under its old id, through a gater that still maps it (a world's fault). */
  readonly staleId?: number;
}

export type NextEvent =
  | { readonly kind: "message"; readonly index: number; readonly message: InFlight }
  | { readonly kind: "timer"; readonly node: SimNode; readonly timer: TimerId }
  | { readonly kind: "write"; readonly node: SimNode }
  | { readonly kind: "quiet" };

/** The core threw: a bug of ours, never an input's fault. The seed fails with the invariant `internal-error`. */
export class CoreFault extends Error {
  constructor(
    readonly member: ReplicaId,
    readonly event: string,
    cause: unknown,
  ) {
    super(`replica ${member} threw on ${event}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "CoreFault";
  }
}

export interface SimClusterOptions {
  /** Genesis members; nodes n..n+spares-1 start as observers (members an epoch may add). */
  readonly n: number;
  readonly spares?: number;
  readonly clusterId: string;
  readonly config: ClusterConfig;
  readonly params: Partial<ReplicaParams>;
  readonly make?: (opts: ReplicaOptions) => Replica;
  /** The gate every member uses (the simulator's broken-gate test passes a leaky one). */
  readonly makeGate?: () => OutputGate<Output>;
}

export class SimCluster {
  readonly cluster: ClusterParams;
  /** Each epoch's member vote keys by id, as the ledgers computed them. */
  readonly epochKeys = new Map<number, readonly string[]>();
  readonly verifier = new SimVerifier((epoch) => this.epochKeys.get(epoch) ?? []);
  readonly nodes: SimNode[] = [];
  /** Nodes that report the next epoch at the approving entry instead of the boundary (a broken node). */
  earlySwitch: ReadonlySet<number> = new Set();
  /** Frames a receiver's gater dropped: the sender is not a member of the epoch the receiver works in. */
  gated = 0;
  nowMs = 0;
  wire: InFlight[] = [];
  /** Delay of a message sent now, and of a write issued now. */
  delayMs: () => number = () => 1;
  writeMs: () => number = () => 0;
  /** True drops a message from -> to (a partition). */
  drop: (from: ReplicaId, to: ReplicaId) => boolean = () => false;
  /** A Byzantine member's tampering layer: rewrites (or drops, with null) a replica frame it sends. */
  tamper: ((from: ReplicaId, to: ReplicaId, frame: pbft.ReplicaFrame) => pbft.ReplicaFrame | null) | null =
    null;
  /** Sees every frame a member's gate released, before any tampering (the double-vote checker). */
  observe: ((from: ReplicaId, frame: pbft.ReplicaFrame) => void) | null = null;

  constructor(readonly opts: SimClusterOptions) {
    this.cluster = clusterParams(opts.clusterId, opts.n);
    this.epochKeys.set(
      0,
      opts.config.members.map((m) => m.votePublicKey),
    );
    const makeGate = opts.makeGate ?? (() => new OutputGate<Output>());
    for (let id = 0; id < opts.n + (opts.spares ?? 0); id++) {
      const build = defaultBuild(
        { id: id < opts.n ? id : null, cluster: this.cluster, params: opts.params, verifier: this.verifier },
        opts.make,
      );
      this.nodes.push(new SimNode(id, `member-${id}`, opts.config, build, makeGate));
    }
  }

  /** The node whose member has `name`. */
  byName(name: string | undefined): SimNode | undefined {
    return name === undefined ? undefined : this.nodes.find((n) => n.name === name);
  }

  /** Where an output goes: nodes resolved with the ids of the epoch its sender works in now. */
  private targets(n: SimNode, e: OutputEffect): number[] {
    const to = (id: number | undefined) => this.byName(id === undefined ? undefined : n.members[id])?.id;
    switch (e.kind) {
      case "send": {
        const t = to(e.to);
        return t === undefined ? [] : [t];
      }
      case "broadcast":
        return n.members.flatMap((name) => {
          const m = this.byName(name);
          return m === undefined || m.id === n.id ? [] : [m.id];
        });
      case "fetch-state": {
        const t = to(e.peers[0]);
        return t === undefined ? [] : [t];
      }
      default:
        return [];
    }
  }

  /** The member's wall clock: simulated time from a plausible epoch, off by its skew. */
  clockOf(n: SimNode): number {
    return SIM_CLOCK_EPOCH_MS + this.nowMs + n.clockSkewMs;
  }

  node(id: ReplicaId): SimNode {
    return this.nodes[id]!;
  }

  start(): void {
    for (const n of this.nodes) this.run(n, "start", () => n.replica.start());
  }

  step(n: SimNode, event: Event): void {
    if (n.crashed) return;
    this.run(n, event.kind, () => n.replica.step(event, this.clockOf(n)));
  }

  private run(n: SimNode, what: string, body: () => Effect[]): void {
    let effects: Effect[];
    try {
      effects = body();
    } catch (e) {
      throw new CoreFault(n.id, what, e);
    }
    this.apply(n, effects);
  }

  /** The node's order: vote records and persists open durability points; outputs wait for them. */
  private apply(n: SimNode, effects: readonly Effect[]): void {
    const votes = n.signer.takeUnsynced();
    if (votes.length > 0) this.write(n, n.gate.require(), () => n.signer.synced(votes));
    for (const e of effects) {
      if (isOutput(e)) {
        for (const out of n.gate.admit({ effect: e, targets: this.targets(n, e) })) this.emit(n, out);
        continue;
      }
      switch (e.kind) {
        case "persist": {
          const state = e.state;
          this.write(n, n.gate.require(), () => n.ledger.saveConsensusState(state));
          break;
        }
        case "set-timer":
          n.timers.set(timerKey(e.timer), { timer: e.timer, dueMs: this.nowMs + e.afterMs });
          break;
        case "cancel-timer":
          n.timers.delete(timerKey(e.timer));
          break;
        case "execute":
          this.append(n, e);
          break;
        case "epoch-entered":
          n.enterEpoch(e.epoch);
          break;
        case "checkpoint-stable":
          n.stableProofs.push({ seq: e.seq, proof: e.proof });
          break;
        case "rejected":
          n.rejected.push(e);
          if (n.rejected.length > 5_000) n.rejected.splice(0, 2_500);
          break;
        default:
          break;
      }
    }
  }

  private enqueueWrite(n: SimNode, run: () => void): void {
    const last = n.writes.at(-1)?.doneAtMs ?? this.nowMs;
    n.writes.push({ doneAtMs: Math.max(last, this.nowMs + this.writeMs()), run });
  }

  private write(n: SimNode, point: number, apply: () => void): void {
    this.enqueueWrite(n, () => {
      apply();
      for (const out of n.gate.reached(point)) this.emit(n, out);
    });
  }

  /** The ledger appends the batch when its write completes; then the core hears `executed`. */
  private append(n: SimNode, e: Extract<Effect, { kind: "execute" }>): void {
    this.enqueueWrite(n, () => {
      const [out] = n.ledger.executeMany([
        { seq: e.seq, view: e.view, requests: e.requests, certificate: e.certificate },
      ]);
      const keys = out!.results.map((r, i) => executedKey(r, e.requests[i]!));
      n.noteAppended(e.seq, out!.entryHash, e.requests, keys);
      this.step(n, {
        kind: "executed",
        seq: e.seq,
        entryHash: out!.entryHash,
        treeRoot: out!.treeRoot,
        ...this.reconfig(n, e.seq, out!),
      });
    });
  }

  /** What the node's ledger tells the core with `executed`: a pending boundary, the next epoch. */
  private reconfig(
    n: SimNode,
    seq: number,
    out: ReturnType<SimNode["ledger"]["executeMany"]>[number],
  ): { nextEpoch?: ReturnType<typeof epochInfoOf>; pendingBoundary?: number } {
    const current = n.replica.epoch.epoch;
    if (this.earlySwitch.has(n.id)) {
      // Broken (test code only): the next configuration applies right after the approving entry.
      const approved = n.ledger.openChanges().find((ch) => ch.status === "approved");
      if (
        out.pendingBoundary !== undefined &&
        approved !== undefined &&
        !n.epochsSeen.some((x) => x.epoch > current)
      ) {
        const next = {
          epoch: current + 1,
          startHeight: seq + 1,
          hash: approved.nextHash,
          config: approved.next,
        };
        n.epochsSeen.push({ epoch: next.epoch, startSeq: seq + 1, hash: next.hash });
        this.epochKeys.set(
          next.epoch,
          next.config.members.map((m) => m.votePublicKey),
        );
        return { nextEpoch: epochInfoOf(next, n.name) };
      }
      if (n.epochsSeen.some((x) => x.epoch > current) || out.nextEpoch) return {};
    }
    if (out.nextEpoch !== undefined) {
      const next = out.nextEpoch;
      this.epochKeys.set(
        next.epoch,
        next.config.members.map((m) => m.votePublicKey),
      );
      n.epochsSeen.push({ epoch: next.epoch, startSeq: next.startHeight, hash: next.hash });
      // A node that state-transferred past a boundary before switching hears of later epochs after it switched.
      if (next.epoch !== current + 1) return {};
      return { nextEpoch: epochInfoOf(next, n.name) };
    }
    if (out.pendingBoundary !== undefined && out.pendingBoundary >= seq && out.epoch === current)
      return { pendingBoundary: out.pendingBoundary };
    return {};
  }

  private emit(n: SimNode, { effect: out, targets }: Output): void {
    switch (out.kind) {
      case "send":
      case "broadcast":
        this.observe?.(n.id, out.frame);
        for (const to of targets) this.post(n.id, to, out.frame);
        return;
      case "reply":
        this.observe?.(n.id, pbft.ReplicaFrame.create({ envelope: out.attestation }));
        n.replies.push(out);
        return;
      case "fetch-state": {
        n.fetches++;
        for (const to of targets)
          this.post(
            n.id,
            to,
            pbft.ReplicaFrame.create({ stateRequest: { fromSeq: out.fromSeq, toSeq: out.toSeq } }),
          );
        return;
      }
      case "request-refused":
        return;
    }
  }

  post(from: ReplicaId, to: ReplicaId, frame: pbft.ReplicaFrame, staleId?: number): void {
    const out =
      this.tamper === null || !(frame.envelope || frame.stateReply) ? frame : this.tamper(from, to, frame);
    if (out === null) return;
    const bytes = pbft.ReplicaFrame.encode(out).finish();
    const arrivesAtMs = this.nowMs + this.delayMs();
    this.wire.push(
      staleId === undefined ? { from, to, bytes, arrivesAtMs } : { from, to, bytes, arrivesAtMs, staleId },
    );
    if (out.envelope && to !== from) this.node(from).sentLog(bytes);
  }

  /** Delivers the message at `index` (removing it); a partition or a crashed receiver loses it. */
  deliver(index: number): void {
    const [w] = this.wire.splice(index, 1);
    if (w === undefined) return;
    const to = this.node(w.to);
    if (to.crashed || this.drop(w.from, w.to)) return;
    const frame = pbft.ReplicaFrame.decode(w.bytes);
    // Anyone may ask for state; everything else passes the receiver's gater only from a member of the
    // epoch it works in, under that member's id there (or a stale id, where the world says so).
    if (frame.stateRequest) {
      this.serveState(to, w.from, frame.stateRequest);
      return;
    }
    const member = to.members.indexOf(this.node(w.from).name);
    const from = member >= 0 ? member : (w.staleId ?? -1);
    if (from < 0) {
      this.gated++;
      return;
    }
    if (frame.envelope) this.step(to, { kind: "envelope", from, envelope: frame.envelope as pbft.Envelope });
    else if (frame.forwardedRequest)
      this.step(to, {
        kind: "client-request",
        from,
        request: frame.forwardedRequest as pbft.ClientRequest,
      });
    else if (frame.stateReply)
      this.step(to, { kind: "state-reply", from, reply: frame.stateReply as pbft.StateReply });
  }

  /** Answers a state request from the ledger, as the node's state server does (same ledger function). */
  private serveState(server: SimNode, to: ReplicaId, req: pbft.IStateRequest): void {
    const fromSeq = Number(req.fromSeq ?? 0);
    const toSeq = Number(req.toSeq ?? 0);
    if (!Number.isSafeInteger(fromSeq) || !Number.isSafeInteger(toSeq) || fromSeq < 1) return;
    const reply = server.ledger.stateReply(fromSeq, toSeq, STATE_LIMITS);
    const summary = server.replica.stateSummary();
    const full = pbft.StateReply.create({
      batches: reply.batches,
      lastSeq: reply.lastSeq,
      ...(summary.newView ? { newView: summary.newView } : {}),
      checkpointProof: [...summary.checkpointProof],
      ...this.headCover(server, reply.batches.at(-1)?.seq ?? 0),
    });
    this.post(server.id, to, pbft.ReplicaFrame.create({ stateReply: full }));
  }

  /**
   * The signed head covering a reply whose last batch is at `last`, as the node's ledger serves it: the
   * lowest stable checkpoint the server holds within HEAD_REACH above, and the headers up to it.
   */
  private headCover(server: SimNode, last: number): Partial<pbft.IStateReply> {
    if (last === 0) return {};
    const head = server.stableProofs.find((p) => p.seq >= last && p.seq <= last + HEAD_REACH);
    if (head === undefined || head.seq > server.ledger.head().height) return {};
    const headHeaders: Uint8Array[] = [];
    for (const [height, v] of server.ledger.rawRange(last + 1, head.seq))
      headHeaders.push(storedHeaderBytes(height, v));
    return { headProof: [...head.proof], headHeaders };
  }

  submit(to: ReplicaId | "all", request: pbft.ClientRequest): void {
    const targets = to === "all" ? this.nodes.filter((n) => n.replica.id !== null) : [this.node(to)];
    for (const n of targets) this.step(n, { kind: "client-request", from: "client", request });
  }

  fire(n: SimNode, timer: TimerId): void {
    if (!n.timers.delete(timerKey(timer))) return;
    this.step(n, { kind: "timer", timer });
  }

  /** Completes a member's oldest write. */
  completeWrite(n: SimNode): void {
    const w = n.writes.shift();
    if (w !== undefined) w.run();
  }

  crash(id: ReplicaId): void {
    this.node(id).crash();
  }

  restart(id: ReplicaId): void {
    const n = this.node(id);
    n.restart();
    this.run(n, "start", () => n.replica.start());
  }

  /** Every pending timer of every live member. */
  pendingTimers(): { node: SimNode; timer: TimerId; dueMs: number }[] {
    const out: { node: SimNode; timer: TimerId; dueMs: number }[] = [];
    for (const n of this.nodes) {
      if (n.crashed) continue;
      for (const t of n.timers.values()) out.push({ node: n, timer: t.timer, dueMs: t.dueMs });
    }
    return out;
  }

  /** Moves the clock to the earliest event (message, timer or completed write) and names it. */
  next(): NextEvent {
    let best: NextEvent = { kind: "quiet" };
    let at = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.wire.length; i++) {
      const m = this.wire[i]!;
      if (m.arrivesAtMs < at) {
        at = m.arrivesAtMs;
        best = { kind: "message", index: i, message: m };
      }
    }
    for (const n of this.nodes) {
      if (n.crashed) continue;
      const w = n.writes[0];
      if (w !== undefined && w.doneAtMs <= at) {
        at = w.doneAtMs;
        best = { kind: "write", node: n };
      }
      for (const t of n.timers.values())
        if (t.dueMs < at) {
          at = t.dueMs;
          best = { kind: "timer", node: n, timer: t.timer };
        }
    }
    if (best.kind !== "quiet") this.nowMs = Math.max(this.nowMs, at);
    return best;
  }
}

/** `client/number` of a request the ledger executed (not a duplicate, decodable), else null. */
function executedKey(r: pbft.IExecutionResult, request: pbft.IClientRequest): string | null {
  if (r.reason === "duplicate-request" || r.reason === "malformed-request") return null;
  try {
    const body = pbft.RequestBody.decode(request.body ?? new Uint8Array());
    return `${toHex(body.clientKey)}/${Number(body.requestNumber)}`;
  } catch {
    return null;
  }
}
