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
import type { ClusterConfig } from "@pbft/ledger";
import { defaultBuild, type Output, SimNode } from "./sim-node.js";

/** A state reply's bounds, as a node's (batches per reply, frame bytes). */
const STATE_LIMITS = { countMax: 64, frameBytesMax: 4 << 20 };

interface InFlight {
  readonly from: ReplicaId;
  readonly to: ReplicaId;
  readonly bytes: Uint8Array;
  readonly arrivesAtMs: number;
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
  readonly n: number;
  readonly clusterId: string;
  readonly config: ClusterConfig;
  readonly params: Partial<ReplicaParams>;
  readonly make?: (opts: ReplicaOptions) => Replica;
  /** The gate every member uses (the simulator's broken-gate test passes a leaky one). */
  readonly makeGate?: () => OutputGate<Output>;
}

export class SimCluster {
  readonly cluster: ClusterParams;
  readonly verifier = new FakeVerifier();
  readonly nodes: SimNode[] = [];
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
    const makeGate = opts.makeGate ?? (() => new OutputGate<Output>());
    for (let id = 0; id < opts.n; id++) {
      const build = defaultBuild(
        { id, cluster: this.cluster, params: opts.params, verifier: this.verifier },
        opts.make,
      );
      this.nodes.push(new SimNode(id, opts.config, build, makeGate));
    }
  }

  node(id: ReplicaId): SimNode {
    return this.nodes[id]!;
  }

  start(): void {
    for (const n of this.nodes) this.run(n, "start", () => n.replica.start());
  }

  step(n: SimNode, event: Event): void {
    if (n.crashed) return;
    this.run(n, event.kind, () => n.replica.step(event));
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
        for (const out of n.gate.admit(e)) this.emit(n, out);
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
      this.step(n, { kind: "executed", seq: e.seq, entryHash: out!.entryHash, treeRoot: out!.treeRoot });
    });
  }

  private emit(n: SimNode, out: Output): void {
    switch (out.kind) {
      case "send":
        this.observe?.(n.id, out.frame);
        this.post(n.id, out.to, out.frame);
        return;
      case "broadcast":
        this.observe?.(n.id, out.frame);
        for (const m of this.nodes) if (m.id !== n.id) this.post(n.id, m.id, out.frame);
        return;
      case "reply":
        this.observe?.(n.id, pbft.ReplicaFrame.create({ envelope: out.attestation }));
        n.replies.push(out);
        return;
      case "fetch-state": {
        n.fetches++;
        const to = out.peers[0];
        if (to !== undefined)
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

  post(from: ReplicaId, to: ReplicaId, frame: pbft.ReplicaFrame): void {
    const out = this.tamper === null || !frame.envelope ? frame : this.tamper(from, to, frame);
    if (out === null) return;
    this.wire.push({
      from,
      to,
      bytes: pbft.ReplicaFrame.encode(out).finish(),
      arrivesAtMs: this.nowMs + this.delayMs(),
    });
  }

  /** Delivers the message at `index` (removing it); a partition or a crashed receiver loses it. */
  deliver(index: number): void {
    const [w] = this.wire.splice(index, 1);
    if (w === undefined) return;
    const to = this.node(w.to);
    if (to.crashed || this.drop(w.from, w.to)) return;
    const frame = pbft.ReplicaFrame.decode(w.bytes);
    if (frame.envelope)
      this.step(to, { kind: "envelope", from: w.from, envelope: frame.envelope as pbft.Envelope });
    else if (frame.forwardedRequest)
      this.step(to, {
        kind: "client-request",
        from: w.from,
        request: frame.forwardedRequest as pbft.ClientRequest,
      });
    else if (frame.stateRequest) this.serveState(to, w.from, frame.stateRequest);
    else if (frame.stateReply)
      this.step(to, { kind: "state-reply", from: w.from, reply: frame.stateReply as pbft.StateReply });
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
    });
    this.post(server.id, to, pbft.ReplicaFrame.create({ stateReply: full }));
  }

  submit(to: ReplicaId | "all", request: pbft.ClientRequest): void {
    const targets = to === "all" ? this.nodes : [this.node(to)];
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
