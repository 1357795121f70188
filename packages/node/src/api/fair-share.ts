// Submissions in flight are shared fairly between API callers: a caller may hold at most
// max(1, floor(budget / active callers)) at once, where a caller stays active for `graceMs` after its
// last submission ended (a closed-loop client between two submissions still counts); past its share it
// gets 429 at once. The ordinary rate limits allow ~200/s per key, with which one key's closed loop could
// otherwise fill the cluster's capacity and multiply everyone's latency (the API bench's flood experiment).
export class FairShare {
  private readonly inFlight = new Map<string, number>();
  private readonly lastSeen = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly budget: number,
    private readonly graceMs = 2000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  private activeCallers(t: number): number {
    for (const [caller, at] of this.lastSeen)
      if (t - at > this.graceMs && !this.inFlight.has(caller)) this.lastSeen.delete(caller);
    return this.lastSeen.size;
  }

  /** A release function when `caller` may start one more submission now, else null. */
  acquire(caller: string): (() => void) | null {
    const t = this.now();
    const mine = this.inFlight.get(caller) ?? 0;
    this.lastSeen.set(caller, t);
    const share = Math.max(1, Math.floor(this.budget / this.activeCallers(t)));
    if (mine >= share || this.total >= 2 * this.budget) return null;
    this.inFlight.set(caller, mine + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      this.lastSeen.set(caller, this.now());
      const n = (this.inFlight.get(caller) ?? 1) - 1;
      if (n <= 0) this.inFlight.delete(caller);
      else this.inFlight.set(caller, n);
    };
  }
}
