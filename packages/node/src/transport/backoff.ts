/** Exponential back-off with jitter, for re-dialling a peer. */
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Returns a number in [0, 1); Math.random by default. */
  readonly random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 100, maxMs: 5_000 };

export class Backoff {
  private attempt = 0;
  constructor(private readonly opts: BackoffOptions = DEFAULT_BACKOFF) {}

  /** The delay before the next attempt: min(max, initial * 2^n), scaled by a factor in [0.5, 1). */
  next(): number {
    const ceiling = Math.min(this.opts.maxMs, this.opts.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    const random = this.opts.random ?? Math.random;
    return Math.round(ceiling * (0.5 + 0.5 * random()));
  }

  reset(): void {
    this.attempt = 0;
  }
}
