// Drives the pure replica: one event at a time, its effects carried out in the order the core's contract
// gives (persist durably, then send, then execute in seq order and feed `executed` back). Owns the timers.
import {
  type DurableState,
  type Effect,
  type Event,
  isOutput,
  type OutputEffect,
  OutputGate,
  pbft,
  type Replica,
  type ReplicaId,
  type TimerId,
  timerKey,
  toHex,
} from "@pbft/consensus";
import {
  buildReply,
  decidedAt,
  type Executed,
  type Ledger,
  ProposerDirectory,
  type ReplyTrees,
  replyTrees,
  type StoredEntry,
} from "@pbft/ledger";
import type { Logger } from "pino";
import type { ClientGateway } from "./client-gateway.js";
import type { DurableStateWriter } from "./durable-state.js";
import type { EpochFollower } from "./epoch-follower.js";
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
  /** Persists the consensus state (only what changed since the last write). */
  readonly stateWriter: DurableStateWriter;
  readonly net: FrameSink;
  readonly clients: () => ClientGateway | undefined;
  readonly metrics: NodeMetrics;
  readonly logger: Logger;
  readonly eventQueueMax: number;
  /** Signatures the core made whose guard records are not durable yet: part of what output waits for. */
  readonly votes?: { readonly pending: () => number; readonly commit: () => Promise<void> };
  /**
   * After each stable checkpoint, with its proof (the node raises its double-sign guard's floor: closed
   * slots are forgotten; and keeps the proof as a signed head).
   */
  readonly onStableCheckpoint?: (seq: number, proof: readonly pbft.Envelope[]) => void;
  /** The node's side of configuration epochs (what `executed` carries; what follows `epoch-entered`). */
  readonly epochs?: Pick<EpochFollower, "onExecuted" | "entered">;
  /** Called once when the node cannot go on safely (e.g. its ledger refused a write). */
  readonly onFatal: (error: Error) => void;
}

interface RecentEntry {
  readonly entry: StoredEntry;
  index?: Map<string, number>;
  /** Built at the first reply, shared by the replies to every request of the batch. */
  trees?: ReplyTrees;
}

const RECENT_ENTRIES_MAX = 128;
/** Batches appended with one synced ledger write at most (a state transfer chunk is 64). */
const EXECUTE_GROUP_MAX = 256;

/** Events the core processes in one go before the loop yields to I/O callbacks. */
const EVENTS_PER_SLICE = 64;

/**
 * The core runs ahead of the disk, its outputs do not ("output commit", the core's `OutputGate`): every
 * message, reply or state request a step produces waits until what that step — and every step before it —
 * needs durable is durable: its persisted consensus state (a `persist` opens a durability point), and the
 * guard records of the votes it signed (one more point). Persists coalesce (each carries the whole state,
 * so only the newest needs writing) and the vote records are synced as one group beside it; ledger appends
 * run in the background in seq order, several per synced write, each followed by its `executed` event. So
 * the node keeps stepping while the disk syncs.
 */
export class ReplicaDriver {
  private readonly queue = new EventQueue<Event>();
  /** The core's follow-up events (`executed`): stepped before network input. */
  private readonly urgent: Event[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly recent = new Map<number, RecentEntry>();
  private pumping = false;
  private stopped = false;

  /** Outputs (ready to run) held until the durability points opened before them are reached. */
  private readonly gate = new OutputGate<() => void>();
  /** The newest state persisted by the core and not yet handed to a write. */
  private unwritten: DurableState | null = null;
  private writer: Promise<void> | null = null;
  /** Committed batches waiting for the ledger, and the loop appending them (null when idle). */
  private readonly toExecute: Extract<Effect, { kind: "execute" }>[] = [];
  private executing: Promise<void> | null = null;

  constructor(private readonly o: ReplicaDriverOptions) {}

  /** Carries out the core's start effects (its first persist before anything is sent). */
  start(): void {
    this.apply(this.o.replica.start());
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
    this.gate.discard(); // held outputs never leave: what they depend on may not be durable
    await this.writer;
    await this.executing;
  }

  private kick(): void {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    setImmediate(() => this.pump());
  }

  private pump(): void {
    this.pumping = false;
    try {
      for (let n = 0; n < EVENTS_PER_SLICE && !this.stopped; n++) {
        const event = this.urgent.shift() ?? this.queue.shift();
        if (event === undefined) break;
        // The wall clock reading is consensus time's input (issue 18): the core itself reads no clock.
        this.apply(this.o.replica.step(event, Date.now()));
      }
    } catch (e) {
      this.fatal(e);
      return;
    }
    this.o.metrics.eventQueue.set(this.queue.length);
    if (this.urgent.length > 0 || this.queue.length > 0) this.kick();
  }

  private fatal(e: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.o.onFatal(e instanceof Error ? e : new Error(String(e)));
  }

  /** Runs `out` once everything persisted so far is durable (at once when it already is). */
  private output(out: () => void): void {
    for (const run of this.gate.admit(out)) run();
  }

  /** Something produced from now on must wait for a new durable point (state, or signed votes). */
  private requestDurability(): void {
    this.gate.require();
    if (this.writer === null) this.writer = this.writeLoop();
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.gate.pending > 0 && !this.stopped) {
        const state = this.unwritten;
        const point = this.gate.newest;
        this.unwritten = null;
        const end = this.o.metrics.persistSeconds.startTimer();
        // The consensus state and the vote records of every step up to `point`, synced side by side.
        await Promise.all([state ? this.o.stateWriter.write(state) : undefined, this.o.votes?.commit()]);
        end();
        if (this.stopped) return;
        for (const run of this.gate.reached(point)) run();
      }
    } catch (e) {
      this.fatal(e);
    } finally {
      this.writer = null;
    }
  }

  private apply(effects: readonly Effect[]): void {
    // Votes signed in this step: their messages wait for the guard's records, like state for persist.
    if ((this.o.votes?.pending() ?? 0) > 0) this.requestDurability();
    for (const e of effects) {
      if (isOutput(e)) {
        this.output(this.outputAction(e));
        continue;
      }
      switch (e.kind) {
        case "persist":
          this.unwritten = e.state;
          this.requestDurability();
          break;
        case "set-timer":
          this.setTimer(e.timer, e.afterMs);
          break;
        case "cancel-timer":
          this.cancelTimer(e.timer);
          break;
        case "rejected":
          this.o.metrics.rejections.inc({ reason: e.reason });
          break;
        case "view-change-started":
          this.o.metrics.viewChanges.inc();
          this.o.logger.warn({ view: e.view, reason: e.reason }, "view change started");
          break;
        case "new-view-entered":
          this.o.metrics.view.set(e.view);
          this.o.metrics.isPrimary.set(e.primary === this.o.replica.status().id ? 1 : 0);
          this.o.logger.info({ view: e.view, primary: e.primary }, "entered view");
          break;
        case "checkpoint-stable":
          this.o.metrics.stableCheckpoint.set(e.seq);
          this.o.onStableCheckpoint?.(e.seq, e.proof);
          this.o.logger.debug({ seq: e.seq }, "checkpoint stable");
          break;
        case "equivocation":
          // The warn line (rate-limited, with the member's key fingerprint) is the security log's.
          this.o.metrics.equivocations.inc();
          break;
        case "epoch-entered": {
          // In the order of the outputs: frames produced before it go out under the old epoch's ids.
          const { epoch, selfId } = e;
          this.output(() => {
            this.o.epochs?.entered(epoch, selfId).catch((err: unknown) => this.fatal(err));
          });
          break;
        }
        case "execute":
          // Appended in the background, in seq order, grouped into one synced write with whatever else
          // is waiting; the core hears `executed` for each before any network input that arrived meanwhile.
          this.toExecute.push(e);
          this.executing ??= this.executeLoop();
          break;
        default: {
          const never: never = e;
          void never;
        }
      }
    }
  }

  /** What carrying out an output effect does, prepared now (frames encoded) and run when the gate opens. */
  private outputAction(e: OutputEffect): () => void {
    switch (e.kind) {
      case "send": {
        const bytes = pbft.ReplicaFrame.encode(e.frame).finish();
        return () => this.o.net.send(e.to, bytes);
      }
      case "broadcast": {
        const bytes = pbft.ReplicaFrame.encode(e.frame).finish();
        return () => this.o.net.broadcast(bytes);
      }
      case "reply":
        return () => {
          this.reply(e).catch((err: unknown) => this.o.logger.error({ err, seq: e.seq }, "reply failed"));
        };
      case "fetch-state": {
        const to = e.peers[0];
        if (to === undefined) return () => undefined;
        const bytes = pbft.ReplicaFrame.encode({
          stateRequest: { fromSeq: e.fromSeq, toSeq: e.toSeq },
        }).finish();
        return () => this.o.net.send(to, bytes);
      }
      case "request-refused":
        return () => this.o.clients()?.refused(e.clientKey, e.request, e.reason);
    }
  }

  /**
   * Appends every committed batch waiting, in seq order, with one synced ledger write per round (a state
   * transfer chunk, or the batches that committed while the previous write ran), then steps `executed`
   * for each.
   */
  private async executeLoop(): Promise<void> {
    try {
      while (this.toExecute.length > 0 && !this.stopped) {
        const group = this.toExecute.splice(0, EXECUTE_GROUP_MAX);
        const outs = await this.o.ledger.executeMany(
          group.map((e) => ({ seq: e.seq, view: e.view, requests: e.requests, certificate: e.certificate })),
        );
        if (this.stopped) return;
        for (let i = 0; i < outs.length; i++) this.executed(group[i]!, outs[i]!);
        this.kick();
      }
    } catch (e) {
      this.fatal(e);
    } finally {
      this.executing = null;
    }
  }

  private executed(e: Extract<Effect, { kind: "execute" }>, out: Executed): void {
    // Each request's client key decoded once per batch: the audit lines and the replies' index share it.
    const keys = clientKeysOf(out.entry);
    this.recent.set(e.seq, { entry: out.entry, index: replyIndex(out.entry, keys) });
    if (this.recent.size > RECENT_ENTRIES_MAX) this.recent.delete(this.recent.keys().next().value!);
    const m = this.o.metrics;
    m.batchesCommitted.inc();
    m.batchSize.observe(e.requests.length);
    m.ledgerHeight.set(e.seq);
    // Attribution (issue 18): the configuration in force at the height names the proposer of each request.
    const directory = new ProposerDirectory(this.o.ledger.epochAt(e.seq).config);
    const time = decidedAt(Number(out.header.timeMs ?? 0)) ?? undefined;
    const entryHash = toHex(out.entryHash);
    out.results.forEach((r, i) => {
      m.requestsCommitted.inc({ decision: r.accepted ? "accepted" : "rejected" });
      const proposer = directory.who(keys[i]?.keyHex ?? "");
      // The audit trail: one line per decision.
      this.o.logger.info(
        {
          audit: "decision",
          height: e.seq,
          index: i,
          entryHash,
          proposalId: r.proposalId,
          accepted: r.accepted,
          reason: r.reason || undefined,
          proposer: proposer.name,
          org: proposer.org,
          decidedAt: time,
        },
        "decision committed",
      );
    });
    const epoch = this.o.epochs?.onExecuted(out) ?? {};
    this.urgent.push({
      kind: "executed",
      seq: e.seq,
      entryHash: out.entryHash,
      // An empty root (a repeat below the head) signs no head: the checkpoint then carries none.
      ...(out.treeRoot.length > 0 ? { treeRoot: out.treeRoot } : {}),
      ...epoch,
    });
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
    found.trees ??= replyTrees(found.entry);
    gateway.deliver(e.clientKey, e.requestNumber, buildReply(found.entry, index, e.attestation, found.trees));
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
  found.index ??= replyIndex(found.entry, clientKeysOf(found.entry));
  return found.index.get(`${keyHex}:${requestNumber}`);
}

/** Each request's client key (hex) and number, decoded once; undefined where the body does not decode. */
function clientKeysOf(entry: StoredEntry): ({ keyHex: string; requestNumber: number } | undefined)[] {
  return entry.batch.requests.map((r) => {
    try {
      const body = pbft.RequestBody.decode(r.body ?? new Uint8Array());
      return { keyHex: toHex(body.clientKey), requestNumber: Number(body.requestNumber) };
    } catch {
      return undefined; // an undecodable request has no client to answer
    }
  });
}

/** Request index by "client key hex:request number". */
function replyIndex(
  entry: StoredEntry,
  keys: readonly ({ keyHex: string; requestNumber: number } | undefined)[],
): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < entry.batch.requests.length; i++) {
    const k = keys[i];
    if (k !== undefined) index.set(`${k.keyHex}:${k.requestNumber}`, i);
  }
  return index;
}
