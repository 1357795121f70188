// Drives the pure replica: one event at a time, its effects carried out in the order the core's contract
// gives (persist durably, then send, then execute in seq order and feed `executed` back). Owns the timers.
import {
  type Effect,
  type Event,
  pbft,
  type Replica,
  type ReplicaId,
  type TimerId,
  timerKey,
  toHex,
} from "@pbft/consensus";
import { buildReply, type Ledger, type StoredEntry } from "@pbft/ledger";
import type { Logger } from "pino";
import type { ClientGateway } from "./client-gateway.js";
import { encodeDurableState } from "./durable-state.js";
import { EventQueue } from "./event-queue.js";
import type { NodeMetrics } from "./metrics.js";

/** What the driver needs of the network: encoded ReplicaFrame bytes to members. */
export interface FrameSink {
  send(to: ReplicaId, frame: Uint8Array): void;
  broadcast(frame: Uint8Array): void;
}

export interface ReplicaDriverOptions {
  readonly replica: Replica;
  readonly ledger: Ledger;
  readonly net: FrameSink;
  readonly clients: () => ClientGateway | undefined;
  readonly metrics: NodeMetrics;
  readonly logger: Logger;
  readonly eventQueueMax: number;
  /** Called once when the node cannot go on safely (e.g. its ledger refused a write). */
  readonly onFatal: (error: Error) => void;
}

interface RecentEntry {
  readonly entry: StoredEntry;
  index?: Map<string, number>;
}

const RECENT_ENTRIES_MAX = 128;

export class ReplicaDriver {
  private readonly queue = new EventQueue<Event>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly recent = new Map<number, RecentEntry>();
  /** Calls into the core other than step (start), run before queued events. */
  private readonly pending: (() => Effect[])[] = [];
  private pumping = false;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;

  constructor(private readonly o: ReplicaDriverOptions) {}

  /** Carries out the core's start effects (its first persist before anything is sent). */
  start(): void {
    this.run(() => this.o.replica.start());
  }

  /** Network input: dropped (and counted) when the core is this far behind. */
  offer(event: Event): boolean {
    if (this.stopped) return false;
    if (this.queue.length >= this.o.eventQueueMax) {
      this.o.metrics.framesDropped.inc({ reason: "overload" });
      return false;
    }
    this.queue.push(event);
    this.kick();
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.queue.clear();
    await this.idle;
  }

  private run(produce: () => Effect[]): void {
    this.pending.push(produce);
    this.kick();
  }

  private kick(): void {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    this.idle = new Promise((resolve) => {
      this.markIdle = resolve;
    });
    queueMicrotask(() => void this.pump());
  }

  private async pump(): Promise<void> {
    try {
      while (!this.stopped) {
        const produce = this.pending.shift();
        if (produce) {
          await this.apply(produce());
          continue;
        }
        const event = this.queue.shift();
        if (event === undefined) break;
        this.o.metrics.eventQueue.set(this.queue.length);
        await this.apply(this.o.replica.step(event));
      }
    } catch (e) {
      this.stopped = true;
      this.o.onFatal(e instanceof Error ? e : new Error(String(e)));
    } finally {
      this.pumping = false;
      this.markIdle();
    }
  }

  private async apply(effects: readonly Effect[]): Promise<void> {
    let persist: Extract<Effect, { kind: "persist" }> | undefined;
    for (const e of effects) if (e.kind === "persist") persist = e;
    if (persist) {
      const end = this.o.metrics.persistSeconds.startTimer();
      await this.o.ledger.saveConsensusState(encodeDurableState(persist.state));
      end();
    }
    const executed: Event[] = [];
    for (const e of effects) {
      switch (e.kind) {
        case "persist":
          break;
        case "send":
          this.o.net.send(e.to, pbft.ReplicaFrame.encode(e.frame).finish());
          break;
        case "broadcast":
          this.o.net.broadcast(pbft.ReplicaFrame.encode(e.frame).finish());
          break;
        case "set-timer":
          this.setTimer(e.timer, e.afterMs);
          break;
        case "cancel-timer":
          this.cancelTimer(e.timer);
          break;
        case "reply":
          await this.reply(e);
          break;
        case "fetch-state": {
          const to = e.peers[0];
          if (to !== undefined)
            this.o.net.send(
              to,
              pbft.ReplicaFrame.encode({ stateRequest: { fromSeq: e.fromSeq, toSeq: e.toSeq } }).finish(),
            );
          break;
        }
        case "rejected":
          this.o.metrics.rejections.inc({ reason: e.reason });
          break;
        case "view-change-started":
          this.o.metrics.viewChanges.inc();
          this.o.logger.warn({ view: e.view }, "view change started");
          break;
        case "new-view-entered":
          this.o.metrics.view.set(e.view);
          this.o.metrics.isPrimary.set(e.primary === this.o.replica.status().id ? 1 : 0);
          this.o.logger.info({ view: e.view, primary: e.primary }, "entered view");
          break;
        case "checkpoint-stable":
          this.o.metrics.stableCheckpoint.set(e.seq);
          this.o.logger.debug({ seq: e.seq }, "checkpoint stable");
          break;
        case "equivocation":
          this.o.metrics.equivocations.inc();
          this.o.logger.warn(
            { member: e.evidence.member, slot: e.evidence.slot },
            "equivocation evidence: two different signed messages for one slot",
          );
          break;
        case "execute":
          executed.push(await this.execute(e));
          break;
        default: {
          const never: never = e;
          void never;
        }
      }
    }
    this.queue.pushFront(executed);
  }

  private async execute(e: Extract<Effect, { kind: "execute" }>): Promise<Event> {
    const out = await this.o.ledger.execute({
      seq: e.seq,
      view: e.view,
      requests: e.requests,
      certificate: e.certificate,
    });
    this.recent.set(e.seq, { entry: out.entry });
    if (this.recent.size > RECENT_ENTRIES_MAX) this.recent.delete(this.recent.keys().next().value!);
    const m = this.o.metrics;
    m.batchesCommitted.inc();
    m.batchSize.observe(e.requests.length);
    m.ledgerHeight.set(e.seq);
    out.results.forEach((r, i) => {
      m.requestsCommitted.inc({ decision: r.accepted ? "accepted" : "rejected" });
      // The audit trail: one line per decision.
      this.o.logger.info(
        {
          audit: "decision",
          height: e.seq,
          index: i,
          entryHash: toHex(out.entryHash),
          proposalId: r.proposalId,
          accepted: r.accepted,
          reason: r.reason || undefined,
        },
        "decision committed",
      );
    });
    return { kind: "executed", seq: e.seq, entryHash: out.entryHash };
  }

  private async reply(e: Extract<Effect, { kind: "reply" }>): Promise<void> {
    const gateway = this.o.clients();
    if (!gateway) return;
    const found = await this.entryFor(e.seq);
    if (!found) return;
    const index = indexOf(found, toHex(e.clientKey), e.requestNumber);
    if (index === undefined) {
      this.o.logger.error({ seq: e.seq }, "reply for a request that is not in the entry");
      return;
    }
    gateway.deliver(e.clientKey, e.requestNumber, buildReply(found.entry, index, e.attestation));
  }

  private async entryFor(seq: number): Promise<RecentEntry | undefined> {
    const hit = this.recent.get(seq);
    if (hit) return hit;
    const entry = await this.o.ledger.get(seq);
    return entry ? { entry } : undefined;
  }

  private setTimer(timer: TimerId, afterMs: number): void {
    const key = timerKey(timer);
    const old = this.timers.get(key);
    if (old) clearTimeout(old);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (this.stopped) return;
        this.queue.push({ kind: "timer", timer });
        this.kick();
      }, afterMs),
    );
  }

  private cancelTimer(timer: TimerId): void {
    const key = timerKey(timer);
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }
}

function indexOf(found: RecentEntry, keyHex: string, requestNumber: number): number | undefined {
  if (!found.index) {
    found.index = new Map();
    found.entry.batch.requests.forEach((r, i) => {
      try {
        const body = pbft.RequestBody.decode(r.body ?? new Uint8Array());
        found.index!.set(`${toHex(body.clientKey)}:${Number(body.requestNumber)}`, i);
      } catch {
        // an undecodable request has no client to answer
      }
    });
  }
  return found.index.get(`${keyHex}:${requestNumber}`);
}
