// What an operator sees of a state transfer (a node catching up from its peers' ledgers): one `info` line
// when it starts and one when it ends, the gauge pbft_state_transfer_target_height (0 when idle), and, for a
// node run in the foreground on a terminal, a progress bar on stderr (never in the JSON log on stdout).
//
// It watches the core's steps (observeSteps, as readiness and the security log do), not the wire:
// - a transfer starts with the first state reply whose batches the core hands out for execution. Not with a
//   `fetch-state` effect: the core also asks its peers now and then whether they executed more (probes
//   after a view change, a stall, or an idle while), and most of those bring nothing: no transfer.
// - its target is the highest of the batches fetched so far and the cluster's height as the readiness
//   tracker reckons it (the (f+1)-th highest progress the other members claimed, so f liars cannot inflate
//   it). Not a `fetch-state`'s toSeq: the core asks a chunk or two ahead at a time, and past its proven
//   target it probes a chunk beyond the peers' heads, so toSeq is never where the transfer ends.
// - it ends once the ledger has reached the target and a peer answers with nothing new (the core's fetch
//   ends that way too), or no batch came for `quietMs` since (peers gone quiet). Reaching the target alone
//   is not the end: execution often catches up with what was fetched before the next chunk arrives, and one
//   transfer would be logged as a dozen.
import type { Effect, Event } from "@pbft/consensus";
import type { Logger } from "pino";

/** A progress bar for a transfer (drawn only in the foreground on a terminal; see cli/progress.ts). */
export interface TransferBar {
  update(height: number, targetHeight: number): void;
  stop(): void;
}

export interface StateTransferWatchOptions {
  readonly logger: Logger;
  /** pbft_state_transfer_target_height. */
  readonly targetGauge: { set(value: number): void };
  /** The cluster's height as far as f+1 members vouch for it (ReadinessTracker.clusterHeight), or 0. */
  readonly clusterHeight?: () => number;
  readonly bar?: (fromHeight: number, targetHeight: number) => TransferBar;
  /** How long after reaching its target, with no batch since, a transfer counts as ended (default 2 s). */
  readonly quietMs?: number;
  readonly now?: () => number;
}

const QUIET_MS = 2000;

interface Transfer {
  readonly fromHeight: number;
  readonly startedAt: number;
  /** The highest batch fetched so far. */
  fetched: number;
  target: number;
  height: number;
  /** When the ledger reached the target (no batch since), or null. */
  reachedAt: number | null;
  readonly bar: TransferBar | undefined;
}

export class StateTransferWatch {
  private transfer: Transfer | null = null;
  private readonly now: () => number;

  constructor(private readonly o: StateTransferWatchOptions) {
    this.now = o.now ?? (() => performance.now());
    o.targetGauge.set(0);
  }

  /** True while a transfer runs (for tests and status). */
  get active(): boolean {
    return this.transfer !== null;
  }

  /** Every event the core steps, with the effects it returned. */
  observe(event: Event, effects: readonly Effect[]): void {
    const t = this.transfer;
    if (event.kind === "state-reply") {
      let first = 0;
      let last = 0;
      for (const e of effects)
        if (e.kind === "execute") {
          if (first === 0) first = e.seq;
          last = e.seq;
        }
      if (last === 0) {
        // Nothing new (a peer has no more, or a stale answer): the end, once the ledger is at the target.
        if (t?.reachedAt != null) this.finish(t);
        return;
      }
      const current = t ?? this.start(first - 1, last);
      current.fetched = Math.max(current.fetched, last);
      current.reachedAt = null;
      this.retarget(current);
    } else if (t !== null) {
      if (event.kind === "executed") {
        t.height = event.seq;
        this.retarget(t);
        if (t.height >= t.target) t.reachedAt ??= this.now();
      } else if (t.reachedAt !== null && this.now() - t.reachedAt >= (this.o.quietMs ?? QUIET_MS))
        this.finish(t);
    }
  }

  /** The node stops: a bar in progress is taken down (no end line: the transfer did not end). */
  stop(): void {
    this.transfer?.bar?.stop();
    this.transfer = null;
    this.o.targetGauge.set(0);
  }

  private start(fromHeight: number, fetched: number): Transfer {
    const target = Math.max(fetched, this.o.clusterHeight?.() ?? 0);
    const t: Transfer = {
      fromHeight,
      startedAt: this.now(),
      fetched,
      target,
      height: fromHeight,
      reachedAt: null,
      bar: this.o.bar?.(fromHeight, target),
    };
    this.transfer = t;
    this.o.targetGauge.set(target);
    this.o.logger.info({ fromHeight, targetHeight: target }, "state transfer started");
    return t;
  }

  /** The target only grows: more fetched, or the cluster moved on meanwhile (then it is not reached yet). */
  private retarget(t: Transfer): void {
    const target = Math.max(t.target, t.fetched, this.o.clusterHeight?.() ?? 0);
    if (target !== t.target) {
      t.target = target;
      t.reachedAt = null;
      this.o.targetGauge.set(target);
    }
    t.bar?.update(t.height, t.target);
  }

  /** Logged with the time the target was reached (not the quiet wait after it). */
  private finish(t: Transfer): void {
    const seconds = Math.max(((t.reachedAt ?? this.now()) - t.startedAt) / 1000, 0.001);
    const entries = t.height - t.fromHeight;
    t.bar?.stop();
    this.transfer = null;
    this.o.targetGauge.set(0);
    this.o.logger.info(
      {
        fromHeight: t.fromHeight,
        height: t.height,
        entries,
        seconds: Math.round(seconds * 100) / 100,
        entriesPerSecond: Math.round(entries / seconds),
      },
      "state transfer finished",
    );
  }
}
