/**
 * Frames on a stream: an unsigned LEB128 varint length, then that many bytes.
 *
 * Lengths are 1..frameBytesMax; the varint has at most 5 bytes (frameBytesMax < 2^32). The
 * decoder keeps at most one partial frame (<= frameBytesMax bytes) plus a 5-byte header, so a
 * peer cannot make it buffer more; a bad or oversized length is a `FrameError` and the caller
 * closes the stream.
 */

/** Largest frameBytesMax accepted (the varint must fit in 5 bytes and lengths in a uint32). */
export const FRAME_BYTES_MAX_LIMIT = 0xffff_ffff;
const VARINT_BYTES_MAX = 5;

export type FrameErrorReason = "too-large" | "bad-length";

export class FrameError extends Error {
  override readonly name = "FrameError";
  constructor(
    readonly reason: FrameErrorReason,
    message: string,
  ) {
    super(message);
  }
}

export function assertFrameBytesMax(frameBytesMax: number): void {
  if (!Number.isSafeInteger(frameBytesMax) || frameBytesMax < 1 || frameBytesMax > FRAME_BYTES_MAX_LIMIT) {
    throw new RangeError(
      `frameBytesMax must be an integer in 1..${FRAME_BYTES_MAX_LIMIT}, got ${frameBytesMax}`,
    );
  }
}

/** Number of bytes of the varint encoding of `value` (value >= 0). */
export function varintLength(value: number): number {
  let bytes = 1;
  let rest = value;
  while (rest >= 0x80) {
    rest = Math.floor(rest / 128);
    bytes++;
  }
  return bytes;
}

/** Writes the varint of `value` at `offset`; returns the offset after it. */
export function writeVarint(target: Uint8Array, offset: number, value: number): number {
  let at = offset;
  let rest = value;
  while (rest >= 0x80) {
    target[at++] = (rest & 0x7f) | 0x80;
    rest = Math.floor(rest / 128);
  }
  target[at++] = rest;
  return at;
}

/** One frame with its length prefix, in a new buffer. */
export function encodeFrame(frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(varintLength(frame.byteLength) + frame.byteLength);
  const at = writeVarint(out, 0, frame.byteLength);
  out.set(frame, at);
  return out;
}

/** Several frames, each with its length prefix, concatenated in one new buffer. */
export function encodeFrames(frames: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const frame of frames) total += varintLength(frame.byteLength) + frame.byteLength;
  const out = new Uint8Array(total);
  let at = 0;
  for (const frame of frames) {
    at = writeVarint(out, at, frame.byteLength);
    out.set(frame, at);
    at += frame.byteLength;
  }
  return out;
}

/**
 * Incremental decoder: `push(chunk)` returns the frames completed by that chunk (each a fresh
 * copy the caller may keep), or throws a `FrameError`. After an error the decoder is poisoned
 * (every later push throws the same error): the stream must be closed.
 */
export class FrameDecoder {
  private headerValue = 0;
  private headerBytes = 0;
  private body: Uint8Array | null = null;
  private bodyFilled = 0;
  private failure: FrameError | null = null;

  constructor(private readonly frameBytesMax: number) {
    assertFrameBytesMax(frameBytesMax);
  }

  /** Bytes held for a partial frame (header or body). */
  get bufferedBytes(): number {
    return this.body === null ? this.headerBytes : this.bodyFilled;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    if (this.failure !== null) throw this.failure;
    const frames: Uint8Array[] = [];
    let at = 0;
    const end = chunk.byteLength;
    while (at < end) {
      if (this.body === null) {
        // Header: one varint byte at a time.
        const byte = chunk[at++]!;
        this.headerValue += (byte & 0x7f) * 2 ** (7 * this.headerBytes);
        this.headerBytes++;
        if ((byte & 0x80) !== 0) {
          if (this.headerBytes >= VARINT_BYTES_MAX) {
            throw this.fail("bad-length", `length varint longer than ${VARINT_BYTES_MAX} bytes`);
          }
          if (this.headerValue > this.frameBytesMax) {
            throw this.fail("too-large", `frame length over ${this.frameBytesMax} bytes`);
          }
          continue;
        }
        const length = this.headerValue;
        this.headerValue = 0;
        this.headerBytes = 0;
        if (length === 0) throw this.fail("bad-length", "zero-length frame");
        if (length > this.frameBytesMax) {
          throw this.fail("too-large", `frame of ${length} bytes over the ${this.frameBytesMax}-byte limit`);
        }
        if (end - at >= length) {
          // Whole frame in this chunk: one copy.
          // (Not chunk.slice(): on a Node Buffer that is a view, not a copy.)
          const frame = new Uint8Array(length);
          frame.set(chunk.subarray(at, at + length));
          frames.push(frame);
          at += length;
          continue;
        }
        this.body = new Uint8Array(length);
        this.bodyFilled = 0;
      }
      const body = this.body;
      const take = Math.min(body.byteLength - this.bodyFilled, end - at);
      body.set(chunk.subarray(at, at + take), this.bodyFilled);
      this.bodyFilled += take;
      at += take;
      if (this.bodyFilled === body.byteLength) {
        frames.push(body);
        this.body = null;
        this.bodyFilled = 0;
      }
    }
    return frames;
  }

  private fail(reason: FrameErrorReason, message: string): FrameError {
    this.failure = new FrameError(reason, message);
    this.body = null;
    return this.failure;
  }
}
