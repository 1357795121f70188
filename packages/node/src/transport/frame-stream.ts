/**
 * Reading and writing length-prefixed frames on a libp2p 3 stream (`send()`, `drain` / `close` /
 * `message` events).
 */
import type { Stream, StreamMessageEvent } from "@libp2p/interface";
import { encodeFrames, FrameDecoder, FrameError } from "./framing.js";
import type { StatsCounters } from "./stats.js";

/** Frames coalesced into one `stream.send()` (one yamux frame, one Noise message at most 64 KiB). */
const BATCH_BYTES_MAX = 60 * 1024;

/**
 * A bounded queue of outbound frames in front of a stream. Frames queued in the same tick are
 * coalesced into one `send()`. When libp2p says the stream needs draining, frames wait here
 * (at most `queueBytesMax` bytes; beyond it the oldest are dropped as "queue-full") until the
 * `drain` event. Without a stream, frames wait until `attach()` (if the owner
 * keeps queueing) or are refused by the owner.
 */
export class FrameQueue {
  private frames: Uint8Array[] = [];
  private head = 0;
  private bytes = 0;
  private stream: Stream | null = null;
  private flushScheduled = false;
  private waitingForDrain = false;

  constructor(
    private readonly queueBytesMax: number,
    private readonly counters: StatsCounters,
  ) {}

  get queuedBytes(): number {
    return this.bytes;
  }

  get queuedFrames(): number {
    return this.frames.length - this.head;
  }

  attach(stream: Stream): void {
    this.stream = stream;
    this.waitingForDrain = false;
    this.scheduleFlush();
  }

  /** Forgets the stream; queued frames stay (use `clear()` to drop them). */
  detach(): void {
    this.stream = null;
    this.waitingForDrain = false;
  }

  /** Drops every queued frame, counting them under `reason`; returns how many. */
  clear(reason: "peer-down" | "closed"): number {
    const dropped = this.queuedFrames;
    if (dropped > 0) this.counters.drop(reason, dropped);
    this.frames = [];
    this.head = 0;
    this.bytes = 0;
    return dropped;
  }

  enqueue(frame: Uint8Array): void {
    this.frames.push(frame);
    this.bytes += frame.byteLength;
    // Drop the oldest frames (never the one just queued) while over the bound.
    while (this.bytes > this.queueBytesMax && this.frames.length - this.head > 1) {
      const oldest = this.frames[this.head]!;
      this.frames[this.head] = EMPTY;
      this.head++;
      this.bytes -= oldest.byteLength;
      this.counters.drop("queue-full");
    }
    this.compact();
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.waitingForDrain || this.stream === null) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const stream = this.stream;
    if (stream === null || this.waitingForDrain) return;
    while (this.head < this.frames.length) {
      if (stream.writeStatus !== "writable") return; // the owner hears 'close' and decides
      if (stream.writableNeedsDrain) {
        this.waitForDrain(stream);
        return;
      }
      const batch: Uint8Array[] = [];
      let batchBytes = 0;
      while (this.head < this.frames.length) {
        const frame = this.frames[this.head]!;
        if (batch.length > 0 && batchBytes + frame.byteLength > BATCH_BYTES_MAX) break;
        batch.push(frame);
        batchBytes += frame.byteLength;
        this.frames[this.head] = EMPTY;
        this.head++;
      }
      this.bytes -= batchBytes;
      let more: boolean;
      try {
        more = stream.send(encodeFrames(batch));
      } catch {
        // Closed under us: the batch is lost; the owner hears 'close'.
        this.counters.drop("peer-down", batch.length);
        this.compact();
        return;
      }
      this.counters.framesOut += batch.length;
      this.counters.bytesOut += batchBytes;
      if (!more) {
        this.compact();
        this.waitForDrain(stream);
        return;
      }
    }
    this.compact();
  }

  private waitForDrain(stream: Stream): void {
    // Not `stream.onDrain()`: in @libp2p/utils 7.4 it keeps its first promise after resolving
    // it, so every later call resolves at once and a writer looping on it spins on microtasks
    // (found by the benchmark: the event loop starved). The 'drain' event fires each time.
    this.waitingForDrain = true;
    const onDrain = (): void => {
      stream.removeEventListener("close", onClose);
      if (this.stream !== stream) return;
      this.waitingForDrain = false;
      this.scheduleFlush(); // libp2p resumes its own buffer first (queued before this microtask)
    };
    const onClose = (): void => {
      stream.removeEventListener("drain", onDrain);
    };
    stream.addEventListener("drain", onDrain, { once: true });
    stream.addEventListener("close", onClose, { once: true });
  }

  private compact(): void {
    if (this.head === this.frames.length) {
      this.frames = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.frames.length) {
      this.frames = this.frames.slice(this.head);
      this.head = 0;
    }
  }
}

const EMPTY = new Uint8Array(0);

export interface FrameReaderHooks {
  /** One complete frame (a fresh copy). */
  onFrame(frame: Uint8Array): void;
  /** A bad or oversized length: the stream has been aborted. */
  onViolation(err: FrameError): void;
}

/** Decodes the frames arriving on `stream`; aborts the stream on a framing violation. */
export function readFrames(stream: Stream, frameBytesMax: number, hooks: FrameReaderHooks): void {
  const decoder = new FrameDecoder(frameBytesMax);
  let failed = false;
  const onChunk = (chunk: Uint8Array): boolean => {
    let frames: Uint8Array[];
    try {
      frames = decoder.push(chunk);
    } catch (err) {
      failed = true;
      const violation =
        err instanceof FrameError
          ? err
          : new FrameError("bad-length", `undecodable frame stream: ${String(err)}`);
      stream.abort(violation);
      hooks.onViolation(violation);
      return false;
    }
    for (const frame of frames) hooks.onFrame(frame);
    return true;
  };
  stream.addEventListener("message", (evt: StreamMessageEvent) => {
    if (failed) return;
    const data = evt.data;
    if (data instanceof Uint8Array) {
      onChunk(data);
      return;
    }
    for (const part of data) {
      if (!onChunk(part)) return;
    }
  });
}
