// Progress of the long ledger operations (verify, import) for whoever draws it (the CLI's bars). The hook is
// throttled here, once, so that a caller cannot make verification slower by drawing too often: an entry costs
// at least a commit certificate's signature checks (tens of microseconds), a clock read a few nanoseconds.

/** Where a long operation is: the height reached, and the height it will end at when that is known. */
export interface LedgerProgress {
  /** `verify`: checking entries (verifyLedger, and importLedger's first pass); `import`: writing them. */
  readonly phase: "verify" | "import";
  /** Entries done: the height reached. */
  readonly height: number;
  /**
   * The height the operation ends at, when known: a data directory's stored head (a claim until verified),
   * an export's entry count only once its end line is read (the last call), an import's verified height
   * while it writes.
   */
  readonly total?: number;
}

export interface ProgressOptions {
  readonly onProgress?: (p: LedgerProgress) => void;
  /** Call the hook after this many entries at most (default 1,000)... */
  readonly progressEveryEntries?: number;
  /** ...or once this much time has passed since the last call, whichever comes first (default 100 ms). */
  readonly progressEveryMs?: number;
}

const EVERY_ENTRIES = 1000;
const EVERY_MS = 100;

/** Throttles a progress hook; `null` without one, so a caller without a hook pays nothing. */
export class ProgressReporter {
  /** The expected final height, when a source knows it (set by the source, e.g. from the stored head). */
  total: number | undefined;
  private lastHeight = 0;
  private lastAt = Number.NEGATIVE_INFINITY; // the first entry reports at once: a bar appears right away
  private readonly everyEntries: number;
  private readonly everyMs: number;

  private constructor(
    private readonly hook: (p: LedgerProgress) => void,
    private readonly phase: LedgerProgress["phase"],
    o: ProgressOptions,
    total?: number,
  ) {
    this.everyEntries = Math.max(1, o.progressEveryEntries ?? EVERY_ENTRIES);
    this.everyMs = o.progressEveryMs ?? EVERY_MS;
    this.total = total;
  }

  static of(
    o: ProgressOptions | undefined,
    phase: LedgerProgress["phase"],
    total?: number,
  ): ProgressReporter | null {
    return o?.onProgress ? new ProgressReporter(o.onProgress, phase, o, total) : null;
  }

  /** Entry `height` is done: reported when enough entries or time have passed since the last report. */
  at(height: number): void {
    if (height - this.lastHeight < this.everyEntries) {
      const now = performance.now();
      if (now - this.lastAt < this.everyMs) return;
      this.lastAt = now;
    } else this.lastAt = performance.now();
    this.lastHeight = height;
    this.hook(
      this.total === undefined
        ? { phase: this.phase, height }
        : { phase: this.phase, height, total: this.total },
    );
  }

  /** The operation completed at `height`, now the known total: reported unless `at` just said exactly that. */
  done(height: number): void {
    if (this.lastHeight === height && this.total === height && this.lastAt > Number.NEGATIVE_INFINITY) return;
    this.total = height;
    this.lastHeight = height;
    this.hook({ phase: this.phase, height, total: height });
  }
}
