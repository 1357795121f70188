// The harness's cluster with a simulated clock (a discrete-event simulation): each message gets a
// delivery time (sent + latency + jitter, so messages overtake each other), each set-timer effect a
// deadline (now + afterMs). The simulator processes events in time order, so timers fire when due
// rather than at random, and liveness can be bounded in simulated time.
import { Cluster, type Node } from "../testing/harness.js";
import { timerKey } from "../timers.js";
import type { Effect, ReplicaId, TimerId } from "../types.js";

export interface DueTimer {
  readonly id: ReplicaId;
  readonly timer: TimerId;
  readonly dueMs: number;
}

type Wire = Cluster["wire"][number];

export class TimedCluster extends Cluster {
  nowMs = 0;
  /** Delay of a message sent now; the simulator sets it from the world (latency plus seeded jitter). */
  delayMs: () => number = () => 1;
  /** `${replica}|${timerKey}` -> when it is due; stale entries are harmless (the node's map decides). */
  private readonly dueAt = new Map<string, number>();
  private readonly arrivesAt = new WeakMap<Wire, number>();

  override apply(n: Node, effects: readonly Effect[]): void {
    for (const e of effects)
      if (e.kind === "set-timer") this.dueAt.set(`${n.id}|${timerKey(e.timer)}`, this.nowMs + e.afterMs);
    super.apply(n, effects);
    this.stamp();
  }

  override post(from: ReplicaId, to: ReplicaId, frame: Parameters<Cluster["post"]>[2]): void {
    super.post(from, to, frame);
    this.stamp();
  }

  /** Gives every message not yet timed its arrival time (state replies are queued by the harness). */
  private stamp(): void {
    for (let i = this.wire.length - 1; i >= 0; i--) {
      const w = this.wire[i]!;
      if (this.arrivesAt.has(w)) break;
      this.arrivesAt.set(w, this.nowMs + this.delayMs());
    }
  }

  /** Queues a copy of a message in flight (network duplication); it arrives on its own schedule. */
  duplicate(i: number): void {
    const w = this.wire[i];
    if (w !== undefined) this.wire.push({ ...w });
    this.stamp();
  }

  /** Index of the earliest message in flight, or -1 when none is. */
  private earliestMessage(): number {
    let best = -1;
    let bestAt = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.wire.length; i++) {
      const at = this.arrivesAt.get(this.wire[i]!) ?? this.nowMs;
      if (at < bestAt) {
        best = i;
        bestAt = at;
      }
    }
    return best;
  }

  /** Every pending timer of every live replica, with its deadline. */
  pending(): DueTimer[] {
    const out: DueTimer[] = [];
    for (const n of this.nodes) {
      if (n.crashed) continue;
      for (const [key, timer] of n.timers)
        out.push({ id: n.id, timer, dueMs: this.dueAt.get(`${n.id}|${key}`) ?? this.nowMs });
    }
    return out;
  }

  private earliestTimer(): DueTimer | null {
    let best: DueTimer | null = null;
    for (const t of this.pending()) if (best === null || t.dueMs < best.dueMs) best = t;
    return best;
  }

  /**
   * Moves the clock to the next event and says what it is: a message (moved to the head of the wire,
   * ready for deliverOne), a timer, or nothing (the world is quiet: no message, no timer).
   */
  next(): { kind: "message"; wire: Wire } | { kind: "timer"; timer: DueTimer } | { kind: "quiet" } {
    const i = this.earliestMessage();
    const t = this.earliestTimer();
    const msgAt = i < 0 ? Number.POSITIVE_INFINITY : (this.arrivesAt.get(this.wire[i]!) ?? this.nowMs);
    if (t !== null && t.dueMs <= msgAt) {
      this.nowMs = Math.max(this.nowMs, t.dueMs);
      return { kind: "timer", timer: t };
    }
    if (i < 0) return { kind: "quiet" };
    this.nowMs = Math.max(this.nowMs, msgAt);
    const [w] = this.wire.splice(i, 1);
    this.wire.unshift(w!);
    return { kind: "message", wire: w! };
  }
}
