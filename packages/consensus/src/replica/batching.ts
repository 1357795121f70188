// Client requests and batching: a backup watches a client's request (its request timer suspects a primary
// that does not order it) and relays it to the primary when the primary does not order it soon (clients
// send each request to every member, so the primary has it in the normal case); the primary queues requests and cuts batches
// while its pipeline and the log window allow: full ones, and any when nothing is in flight, at once;
// partial ones behind batches in flight when the batch timer fires.
import { type CheckedRequest, checkedBatchRoot, checkRequest, isMember } from "../codec.js";
import { primaryOf } from "../config.js";
import { pbft } from "../messages.js";
import type { PendingRequest } from "../requests.js";
import { proposeTime, timedDigest } from "../time.js";
import type { ReplicaId } from "../types.js";
import type { Core } from "./core.js";

/** How often a request timer is re-armed because the cluster made progress meanwhile (see armRequestTimer). */
const REQUEST_REARMS_MAX = 4;
/** A backup relays a request not ordered within this fraction of the request timeout (see armRequestTimer). */
const RELAY_FRACTION = 4;
/** Doublings of the request timeout for views entered without an execution (the ceiling caps it anyway). */
const TIMEOUT_DOUBLINGS_MAX = 16;

export class Batching {
  constructor(private readonly c: Core) {}

  /**
   * A client's request (from the client, or relayed by a backup to us as primary): a retransmission of
   * the client's last executed one is answered from the reply cache; the primary queues a new one for a
   * batch; a backup relays it to the primary and watches it.
   */
  onClientRequest(from: ReplicaId | "client", request: pbft.ClientRequest): undefined {
    if (from !== "client" && !isMember(from, this.c.cluster)) return this.c.reject("not-member", "client");
    const checked = checkRequest(request, this.c.clusterId, this.c.verifier, this.c.params.batchBytesMax);
    if (!checked.ok) return this.c.reject(checked.reason, from);
    const r = checked.value;
    const last = this.c.clients.get(r.clientHex);
    if (last !== undefined && r.requestNumber <= last.requestNumber) {
      if (r.requestNumber < last.requestNumber) {
        if (from === "client")
          this.c.out.push({
            kind: "request-refused",
            request: r.request,
            clientKey: r.clientKey,
            reason: "stale-request",
          });
        return this.c.reject("stale-request", from);
      }
      // Retransmission of the last executed request: answer again from the reply cache. The attestation
      // signed at execution is sent as it is (it names the entry's epoch); without one, a fresh one only
      // for an entry of the epoch we sign in now (an older epoch's is for its members' keys to attest).
      if (from !== "client") return;
      const attestation =
        last.attestation ??
        (this.c.epochAt(last.seq) === this.c.cur
          ? this.c.sign({ kind: "attestation", seq: last.seq, entryHash: last.entryHash })
          : null);
      if (attestation !== null) {
        last.attestation = attestation;
        this.c.out.push({
          kind: "reply",
          clientKey: r.clientKey,
          requestNumber: r.requestNumber,
          seq: last.seq,
          attestation,
        });
      }
      return;
    }
    const known = this.c.pending.find(r.clientHex, r.requestNumber);
    if (known !== undefined) {
      // A client retransmits when it got no reply: relay at once (again: the first relay may be lost), and watch.
      if (from === "client" && !this.c.isPrimary() && !this.c.viewChanging) {
        if (!known.ordered) {
          this.forward(r.request);
          known.relayed = true;
        }
        known.watched = true;
        if (!known.timerRunning) this.armRequestTimer(known);
      }
      // Not a refusal: clients send each request to every member and backups relay it to the primary, so a
      // request arriving again while it is pending is the protocol's own redundancy (counting it made the
      // rejection metrics move on every request of a healthy cluster).
      return;
    }
    if (from !== "client" && !this.c.isPrimary()) return this.c.reject("not-primary", from);
    const entry = this.c.pending.add(r);
    if (entry === null) return this.c.reject("queue-full", from);
    if (this.c.isPrimary()) {
      if (!this.c.viewChanging) {
        this.c.pending.enqueue(entry);
        this.cutBatches();
      }
      return;
    }
    // A backup watches the request (suspecting the primary if it is not executed in time) and relays it to
    // the primary if it is not ordered soon (the relay phase of its request timer).
    entry.watched = from === "client";
    if (from === "client" && this.c.nowMs !== null) entry.receivedAtMs = this.c.nowMs;
    if (this.c.viewChanging) return; // relayed and watched once the new view is in
    if (!this.c.isVoter || !entry.watched) {
      this.forward(r.request); // an observer watches nothing, so it relays at once
      entry.relayed = true;
      return;
    }
    this.armRequestTimer(entry);
    this.relayLater(entry);
  }

  /**
   * A backup relays a request a client gave it only if the primary has not ordered it within the relay
   * delay (a fraction of the request timeout): clients send each request to every member, so the primary
   * has it unless the client reached only some members, and relaying each at once made the primary
   * receive and check every request n times. One relay timer serves every request waiting for it.
   */
  private relayLater(p: PendingRequest): void {
    this.c.relayQueue.push(p);
    if (!this.c.relayTimerSet) {
      this.c.relayTimerSet = true;
      this.c.setTimer({ kind: "relay" }, this.relayDelayMs());
    }
  }

  /** The relay timer: relays the waiting requests that are due and not ordered; re-armed for the rest. */
  onRelayTimer(): undefined {
    this.c.relayTimerSet = false;
    const queue = this.c.relayQueue;
    // Changing views: the new view relays whatever it does not order (ViewChanges.enterView). The primary relays nothing.
    if (this.c.viewChanging || this.c.isPrimary()) {
      queue.length = 0;
      return;
    }
    const delay = this.relayDelayMs();
    const now = this.c.nowMs;
    let due = 0;
    for (; due < queue.length; due++) {
      const p = queue[due]!;
      // Not due yet (a timer may also fire early): waits for the next round. No clock: all are due.
      if (now !== null && p.receivedAtMs >= 0 && now - p.receivedAtMs < delay) break;
      if (p.relayed || p.ordered || this.c.pending.find(p.req.clientHex, p.req.requestNumber) !== p) continue;
      p.relayed = true;
      this.forward(p.req.request);
      // The primary may have had no copy until now: it gets a whole request timeout from the relay.
      if (p.timerRunning) this.armRequestTimer(p);
    }
    queue.splice(0, due);
    const next = queue[0];
    if (next !== undefined) {
      this.c.relayTimerSet = true;
      const waited = now === null || next.receivedAtMs < 0 ? 0 : now - next.receivedAtMs;
      this.c.setTimer({ kind: "relay" }, Math.max(1, delay - waited));
    }
  }

  /** How long a backup waits for the primary to order a request before relaying it (at least 1 ms). */
  relayDelayMs(): number {
    return Math.max(1, Math.floor(this.requestTimeoutMs() / RELAY_FRACTION));
  }

  /**
   * A backup watches a request a client gave it. When the timer expires while the cluster executed other
   * batches meanwhile, the primary is busy, not faulty: the timer is re-armed (Castro & Liskov restart it
   * on progress), at most REQUEST_REARMS_MAX times, so that a primary that orders others' requests but
   * not this one is still suspected within (REQUEST_REARMS_MAX + 1) request timeouts.
   */
  armRequestTimer(p: PendingRequest, rearm = false): void {
    if (!this.c.isVoter) return; // an observer suspects nobody
    p.timerRunning = true;
    p.armedAtSeq = this.c.lastExecuted;
    p.rearms = rearm ? p.rearms + 1 : 0;
    // Views are counted from the first one in which this replica waited for a request (see requestTimeoutMs).
    this.c.progressView ??= this.c.view;
    this.c.setTimer({ kind: "request", key: p.key }, this.requestTimeoutMs());
  }

  /**
   * The request timeout in force: requestTimeoutMs is its floor; above it, the smoothed request latency
   * this replica measured plus 4 x its mean deviation (Jacobson's retransmission timeout, as TCP's: a high
   * quantile of the latency; more margin made recovery from a crash slower under load), so that a cluster slowed by load or a slow network is not suspected for
   * its slowness (view-change storms); doubled for each view entered since this replica last executed a
   * batch (PBFT's back-off: a timeout too short for the network makes progress after a few views), reset
   * by the next execution; never above requestTimeoutMaxMs (nor below the floor). Pure: the latency is
   * measured with the clock readings `step` is given.
   */
  requestTimeoutMs(): number {
    const p = this.c.params;
    const smooth = this.c.latencySmoothMs;
    const measured = smooth === null ? 0 : Math.ceil(smooth + 4 * this.c.latencyDeviationMs);
    const views = Math.max(0, this.c.view - (this.c.progressView ?? this.c.view));
    const timeout = Math.max(p.requestTimeoutMs, measured) * 2 ** Math.min(views, TIMEOUT_DOUBLINGS_MAX);
    return Math.min(Math.max(p.requestTimeoutMaxMs, p.requestTimeoutMs), timeout);
  }

  /**
   * Execution of a batch ordered in the current view: progress (the timeout's doublings end), and the
   * latency of the slowest request of it that a client gave this replica (a sample of the timeout's
   * estimate, at most the ceiling). A request that waited through a view change is a sample too: the
   * timeout then rises for a while and decays, which is what stops a timeout too short for the network
   * from changing views again and again (a Byzantine primary that slows the cluster raises it too, never
   * above the ceiling). One fetched by state transfer measures this replica's absence and is none.
   */
  onExecutedInView(latencyMs: number | null): undefined {
    this.c.progressView = this.c.view;
    if (latencyMs === null) return;
    latencyMs = Math.min(
      latencyMs,
      Math.max(this.c.params.requestTimeoutMaxMs, this.c.params.requestTimeoutMs),
    );
    const smooth = this.c.latencySmoothMs;
    if (smooth === null) {
      this.c.latencySmoothMs = latencyMs;
      this.c.latencyDeviationMs = latencyMs / 2;
      return;
    }
    this.c.latencyDeviationMs += (Math.abs(latencyMs - smooth) - this.c.latencyDeviationMs) / 4;
    this.c.latencySmoothMs = smooth + (latencyMs - smooth) / 8;
  }

  /** Forgets a client's pending requests up to `upTo` (executed, or superseded by a later one). */
  dropPending(clientHex: string, upTo: number): undefined {
    for (const p of this.c.pending.dropUpTo(clientHex, upTo))
      if (p.timerRunning) this.c.cancelTimer({ kind: "request", key: p.key });
  }

  forward(request: pbft.ClientRequest): undefined {
    this.c.out.push({
      kind: "send",
      to: primaryOf(this.c.view, this.c.cluster),
      frame: pbft.ReplicaFrame.create({ forwardedRequest: request }),
    });
  }

  /**
   * Primary: cut batches while the pipeline and the window allow: full ones at once; a partial one at once
   * when nothing is in flight (an idle pipeline gains nothing by waiting: a lone request must not wait for
   * the batch timer, as BFT-SMaRt proposes whatever is pending when the previous instance ends), else on
   * the batch timer or when a pipeline slot frees, so that batches still grow under load.
   */
  cutBatches(): undefined {
    while (this.c.pending.queuedCount > 0) {
      const inFlight = this.c.nextSeq - 1 - this.c.lastExecuted;
      if (inFlight >= this.c.params.pipelineMax || this.c.nextSeq > this.c.highWatermark) return;
      if (!this.c.normal.mayVote(this.c.nextSeq)) return;
      const full =
        this.c.pending.queuedCount >= this.c.params.batchSizeMax ||
        this.c.pending.queuedBytes >= this.c.params.batchBytesMax;
      if (!full && inFlight > 0 && !this.c.batchDue && this.c.params.batchDelayMs > 0) {
        if (!this.c.batchTimerSet) {
          this.c.batchTimerSet = true;
          this.c.setTimer({ kind: "batch" }, this.c.params.batchDelayMs);
        }
        return;
      }
      this.cutOne();
    }
    // A change is approved and no request waits: null batches up to its boundary, so that a quiet cluster
    // still reaches it and the new configuration applies without client traffic.
    const boundary = this.c.pendingBoundary;
    while (boundary !== null && this.c.nextSeq <= boundary && this.c.pending.queuedCount === 0) {
      const inFlight = this.c.nextSeq - 1 - this.c.lastExecuted;
      if (inFlight >= this.c.params.pipelineMax || this.c.nextSeq > this.c.highWatermark) return;
      if (!this.c.normal.mayVote(this.c.nextSeq) || !this.order([])) return;
    }
  }

  /** Orders one batch: the primary pre-prepares the next seq and takes the pre-prepare itself. */
  private cutOne(): undefined {
    const batch = this.c.pending.takeBatch(this.c.params.batchSizeMax, this.c.params.batchBytesMax, (r) => {
      const last = this.c.clients.get(r.clientHex);
      return last !== undefined && r.requestNumber <= last.requestNumber;
    });
    this.c.batchDue = false;
    if (batch.length === 0) return;
    this.order(batch);
  }

  /** Pre-prepares `batch` (empty: a null batch) at the next seq; false when the guard refused. */
  private order(batch: readonly CheckedRequest[]): boolean {
    const seq = this.c.nextSeq;
    const requests = batch.map((r) => r.request);
    const timeMs = proposeTime(this.c.nowMs, this.c.normal.timeBefore(seq));
    const digest = timedDigest(checkedBatchRoot(batch), timeMs);
    const env = this.c.sign({ kind: "pre-prepare", view: this.c.view, seq, digest, requests, timeMs });
    if (env === null) {
      // The guard refused (a seq we assigned before a crash): give this view up.
      for (const r of batch) {
        const p = this.c.pending.find(r.clientHex, r.requestNumber);
        if (p !== undefined) this.c.pending.enqueue(p);
      }
      this.c.viewChanges.startViewChange(this.c.view + 1, "pre-prepare-refused");
      return false;
    }
    this.c.nextSeq++;
    this.c.broadcast(env);
    this.c.normal.acceptPrePrepare(this.c.normal.slotFor(seq), env, digest, batch, timeMs);
    return true;
  }

  /** The batch timer: a partial batch may be cut now. */
  onBatchTimer(): undefined {
    this.c.batchTimerSet = false;
    if (this.c.isPrimary() && !this.c.viewChanging && this.c.pending.queuedCount > 0) {
      this.c.batchDue = true;
      this.cutBatches();
    }
  }

  /** A watched request was not executed in time: re-armed while the cluster progresses, else suspect the primary. */
  onRequestTimer(key: string): undefined {
    const p = this.c.pending.get(key);
    if (p === undefined || !p.timerRunning) return;
    p.timerRunning = false;
    if (this.c.viewChanging || this.c.isPrimary()) return;
    if (this.c.lastExecuted > p.armedAtSeq && p.rearms < REQUEST_REARMS_MAX) {
      this.armRequestTimer(p, true);
      return;
    }
    this.c.viewChanges.startViewChange(this.c.view + 1, "request-timeout");
  }
}
