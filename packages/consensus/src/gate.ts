// The output-commit gate: the core runs ahead of the disk, its outputs do not. A `persist` effect opens a
// durability point; every output produced after it (in the same step and in every later one) is held until
// that point is durable, then released in the order it was produced. Pure (no I/O, no promises): the node
// and the simulator drive it with their own storage. The node opens one more point for the double-sign
// guard's vote records, so a signed vote never leaves before the guard's record of it is durable.
import type { Effect } from "./types.js";

/** Effects that leave the node (messages, replies, state requests): they wait for durability. */
export type OutputEffect = Extract<
  Effect,
  { kind: "send" | "broadcast" | "reply" | "fetch-state" | "request-refused" }
>;

/**
 * Whether an effect is an output, i.e. must pass the gate. `persist` opens a durability point (see
 * `OutputGate.require`); timers, `execute` and the observability effects (`rejected`, `equivocation`,
 * `view-change-started`, `new-view-entered`, `checkpoint-stable`) pass straight through.
 */
export function isOutput(effect: Effect): effect is OutputEffect {
  switch (effect.kind) {
    case "send":
    case "broadcast":
    case "reply":
    case "fetch-state":
    case "request-refused":
      return true;
    case "persist":
    case "set-timer":
    case "cancel-timer":
    case "execute":
    case "rejected":
    case "view-change-started":
    case "new-view-entered":
    case "checkpoint-stable":
    case "equivocation":
    case "epoch-entered":
      return false;
    default: {
      const never: never = effect;
      throw new TypeError(`unknown effect kind ${(never as { kind?: unknown }).kind}`);
    }
  }
}

/**
 * Holds outputs (of any type T) until every durability point opened before them is reached. Points are
 * numbered from 1 in the order `require` opens them; reaching a point reaches every earlier one (writes
 * are sequential, each carries the whole state). Released outputs keep their production order.
 *
 * Subclasses may override `mustHold` (which outputs wait) and `release` (which held outputs leave when a
 * point is reached) — a deliberately broken gate for the simulator does, to show that it gets caught.
 */
export class OutputGate<T> {
  /** The newest point opened by `require` (0: none yet). */
  protected requestedPoint = 0;
  /** The newest point reached (durable). */
  protected durablePoint = 0;
  /** Held outputs, oldest first, each with the point it waits for. */
  protected queue: { readonly point: number; readonly item: T }[] = [];

  /** Opens a new durability point: every output admitted from now on waits until it is reached. */
  require(): number {
    return ++this.requestedPoint;
  }

  /** What may leave now: `[item]` when nothing it depends on is pending, else `[]` (held, in order). */
  admit(item: T): T[] {
    if (!this.mustHold(item)) return [item];
    this.queue.push({ point: this.requestedPoint, item });
    return [];
  }

  /** Marks `point` (and every point before it) durable; returns the outputs now released, in order. */
  reached(point: number): T[] {
    if (!Number.isSafeInteger(point) || point < 0 || point > this.requestedPoint)
      throw new RangeError(`durability point ${point} was never opened (newest ${this.requestedPoint})`);
    if (point > this.durablePoint) this.durablePoint = point;
    return this.release();
  }

  /**
   * A crash: the held outputs never left and the pending points will never be reached (the restarted
   * node starts from what is durable). Returns what was dropped, oldest first.
   */
  discard(): T[] {
    const dropped = this.queue.map((h) => h.item);
    this.queue = [];
    this.durablePoint = this.requestedPoint;
    return dropped;
  }

  /** Durability points opened and not reached yet. */
  get pending(): number {
    return this.requestedPoint - this.durablePoint;
  }

  /** Outputs held. */
  get held(): number {
    return this.queue.length;
  }

  /** The newest point opened (what a write started now must reach). */
  get newest(): number {
    return this.requestedPoint;
  }

  /** Whether `item` must wait: a point is pending, or earlier outputs are held (order is kept). */
  protected mustHold(_item: T): boolean {
    return this.durablePoint < this.requestedPoint || this.queue.length > 0;
  }

  /** Takes the held outputs whose point is reached, stopping at the first that still waits (order). */
  protected release(): T[] {
    let n = 0;
    while (n < this.queue.length && this.queue[n]!.point <= this.durablePoint) n++;
    if (n === 0) return [];
    return this.queue.splice(0, n).map((h) => h.item);
  }
}
