import { pbft } from "@pbft/consensus";
import type { SimNode } from "../sim-node.js";

/** Where every simulated wall clock starts (ms since the Unix epoch): times look like real ones. */
export const SIM_CLOCK_EPOCH_MS = 1_800_000_000_000;

/**
 * Time (DESIGN.md section 4): on every honest member the recorded times never decrease, and no recorded
 * time lies outside the honest members' clocks ± the bound: never later than the fastest honest clock now
 * plus the bound, never earlier than the slowest honest clock at the start minus it. A Byzantine primary's
 * wild time that an honest backup accepted would break one or the other.
 */
export class TimeChecker {
  private readonly checked = new Map<number, { count: number; last: number }>();

  constructor(
    /** Skew of each honest member's clock (ms, by node index); members with a bad clock are not honest here. */
    private readonly honestSkews: ReadonlyMap<number, number>,
    private readonly boundMs: number,
  ) {}

  check(honest: readonly SimNode[], nowMs: number): string | null {
    const skews = [...this.honestSkews.values()];
    const latest = SIM_CLOCK_EPOCH_MS + nowMs + Math.max(0, ...skews) + this.boundMs;
    const earliest = SIM_CLOCK_EPOCH_MS + Math.min(0, ...skews) - this.boundMs;
    for (const n of honest) {
      const seen = this.checked.get(n.id) ?? { count: 0, last: 0 };
      for (let i = seen.count; i < n.appended.length; i++) {
        const e = n.appended[i]!;
        const stored = n.ledger.get(e.seq);
        if (stored === undefined) continue; // the ledger was reopened and lost nothing durable: cannot happen
        const t = Number(pbft.EntryHeader.decode(stored.headerBytes).timeMs ?? 0);
        if (t < seen.last)
          return `replica ${n.id} height ${e.seq}: time ${t} decreases (previous ${seen.last})`;
        if (t !== 0 && (t > latest || t < earliest))
          return `replica ${n.id} height ${e.seq}: time ${t} outside the honest clocks ± ${this.boundMs} ms [${earliest}, ${latest}]`;
        seen.last = t;
      }
      seen.count = n.appended.length;
      this.checked.set(n.id, seen);
    }
    return null;
  }
}
