/**
 * One outbound stream to one remote peer, kept open: dial, and after a failure or a close,
 * re-dial with exponential back-off and jitter. Frames go through a bounded `FrameQueue`.
 *
 * Frames given while a dial is in progress wait in the queue (bounded); frames given while the
 * link is in back-off are dropped as "peer-down" (the protocol above retransmits what matters;
 * a burst of stale frames on reconnection helps nobody). When the stream closes, queued frames
 * are dropped as "peer-down".
 */
import type { PeerId, Stream } from "@libp2p/interface";
import type { Libp2p } from "libp2p";
import type { Logger } from "pino";
import { Backoff, type BackoffOptions, DEFAULT_BACKOFF } from "./backoff.js";
import { FrameQueue, readFrames } from "./frame-stream.js";
import { encodeFrames, type FrameError } from "./framing.js";
import type { StatsCounters } from "./stats.js";

/** A stream that lived this long was accepted by the peer: its close restarts the back-off. */
const STREAM_SETTLED_MS = 1_000;

export type LinkState = "idle" | "connecting" | "open" | "backoff" | "stopped";

export interface PeerLinkOptions {
  readonly node: Libp2p;
  readonly member: number;
  readonly peerId: PeerId;
  readonly protocol: string;
  readonly frameBytesMax: number;
  readonly sendQueueBytesMax: number;
  readonly dialTimeoutMs: number;
  /** Written as the first frame of every stream this link opens (the replica protocol's hello). */
  readonly hello?: Uint8Array;
  readonly backoff?: BackoffOptions;
  readonly counters: StatsCounters;
  readonly logger: Logger;
  /** Frames the remote writes on our outbound stream (the client protocol answers on it). */
  readonly onFrame: (member: number, frame: Uint8Array) => void;
  readonly onViolation: (member: number, err: FrameError) => void;
  /** Called when the link opens or stops being open. */
  readonly onOpenChange: () => void;
}

export class PeerLink {
  private linkState: LinkState = "idle";
  private stream: Stream | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly queue: FrameQueue;
  private readonly backoff: Backoff;
  private everOpened = false;
  private dialAbort: AbortController | null = null;
  private openedAtMs = 0;

  constructor(private readonly opts: PeerLinkOptions) {
    this.queue = new FrameQueue(opts.sendQueueBytesMax, opts.counters);
    this.backoff = new Backoff(opts.backoff ?? DEFAULT_BACKOFF);
  }

  get state(): LinkState {
    return this.linkState;
  }

  get isOpen(): boolean {
    return this.linkState === "open";
  }

  get queuedBytes(): number {
    return this.queue.queuedBytes;
  }

  start(): void {
    if (this.linkState === "idle") void this.connect();
  }

  /** Queues a frame; false (and counted "peer-down") when the link is in back-off or stopped. */
  send(frame: Uint8Array): boolean {
    if (this.linkState === "open" || this.linkState === "connecting") {
      this.queue.enqueue(frame);
      return true;
    }
    this.opts.counters.drop("peer-down");
    return false;
  }

  /** The peer showed signs of life (it connected to us): stop waiting and dial now. */
  kick(): void {
    if (this.linkState !== "backoff") return;
    this.clearRetry();
    void this.connect();
  }

  async stop(): Promise<void> {
    if (this.linkState === "stopped") return;
    const wasOpen = this.linkState === "open";
    this.linkState = "stopped";
    this.clearRetry();
    this.dialAbort?.abort();
    this.queue.clear("closed");
    this.queue.detach();
    const stream = this.stream;
    this.stream = null;
    if (stream !== null) {
      this.opts.counters.streamsOpen--;
      stream.abort(new Error("transport stopped"));
    }
    if (wasOpen) this.opts.onOpenChange();
  }

  private async connect(): Promise<void> {
    this.linkState = "connecting";
    const abort = new AbortController();
    this.dialAbort = abort;
    const timer = setTimeout(() => abort.abort(new Error("dial timed out")), this.opts.dialTimeoutMs);
    let stream: Stream;
    try {
      stream = await this.opts.node.dialProtocol(this.opts.peerId, this.opts.protocol, {
        signal: abort.signal,
      });
    } catch (err) {
      clearTimeout(timer);
      if (this.linkState !== "connecting") return; // stopped meanwhile
      this.opts.counters.dialFailures++;
      this.opts.logger.debug(
        { peer: this.opts.member, err: errorMessage(err) },
        "dial failed; retrying after back-off",
      );
      this.queue.clear("peer-down");
      this.scheduleRetry();
      return;
    } finally {
      if (this.dialAbort === abort) this.dialAbort = null;
    }
    clearTimeout(timer);
    if (this.linkState !== "connecting") {
      stream.abort(new Error("transport stopped"));
      return;
    }
    if (stream.status !== "open" || stream.writeStatus !== "writable") {
      this.opts.counters.dialFailures++;
      this.queue.clear("peer-down");
      this.scheduleRetry();
      return;
    }
    if (this.opts.hello !== undefined) {
      try {
        // Synchronous and before the queue is attached: the hello is the stream's first frame.
        stream.send(encodeFrames([this.opts.hello]));
      } catch {
        this.opts.counters.dialFailures++;
        this.queue.clear("peer-down");
        this.scheduleRetry();
        return;
      }
    }
    this.stream = stream;
    this.linkState = "open";
    this.opts.counters.streamsOpen++;
    if (this.everOpened) this.opts.counters.reconnects++;
    this.everOpened = true;
    this.openedAtMs = Date.now();
    // The back-off restarts only once the stream has lived a while (see onStreamClosed).
    if (this.opts.hello === undefined) this.backoff.reset();
    stream.addEventListener("close", () => this.onStreamClosed(stream), { once: true });
    readFrames(stream, this.opts.frameBytesMax, {
      onFrame: (frame) => this.opts.onFrame(this.opts.member, frame),
      onViolation: (err) => this.opts.onViolation(this.opts.member, err),
    });
    this.queue.attach(stream);
    this.opts.logger.debug({ peer: this.opts.member }, "stream open");
    this.opts.onOpenChange();
  }

  private onStreamClosed(stream: Stream): void {
    if (this.stream !== stream) return;
    this.stream = null;
    this.opts.counters.streamsOpen--;
    this.queue.detach();
    this.queue.clear("peer-down");
    if (this.linkState !== "open") return;
    // A peer that closes our stream at once (it refused our hello: another genesis) is re-dialled with a
    // growing back-off, not in a tight loop.
    if (Date.now() - this.openedAtMs >= STREAM_SETTLED_MS) this.backoff.reset();
    this.opts.logger.debug({ peer: this.opts.member }, "stream closed; reconnecting");
    this.scheduleRetry();
    this.opts.onOpenChange();
  }

  private scheduleRetry(): void {
    this.linkState = "backoff";
    const delayMs = this.backoff.next();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.linkState === "backoff") void this.connect();
    }, delayMs);
    this.retryTimer.unref?.();
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
