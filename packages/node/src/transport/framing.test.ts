import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Backoff } from "./backoff.js";
import { encodeFrame, encodeFrames, FrameDecoder, FrameError, varintLength, writeVarint } from "./framing.js";

function decodeAll(decoder: FrameDecoder, bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const frames: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.byteLength]) {
    frames.push(...decoder.push(bytes.subarray(from, cut)));
    from = cut;
  }
  return frames;
}

describe("framing", () => {
  it("varints round-trip at the byte-length boundaries", () => {
    for (const value of [
      0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455, 268_435_456, 0xffff_ffff,
    ]) {
      const buf = new Uint8Array(5);
      const end = writeVarint(buf, 0, value);
      expect(end).toBe(varintLength(value));
      let decoded = 0;
      for (let i = 0; i < end; i++) decoded += (buf[i]! & 0x7f) * 2 ** (7 * i);
      expect(decoded).toBe(value);
    }
  });

  it("decodes frames split at every byte boundary", () => {
    const frames = [
      Uint8Array.from([1]),
      new Uint8Array(200).fill(7),
      randomBytes(300),
      Uint8Array.from([9, 9]),
    ];
    const bytes = encodeFrames(frames);
    for (let cut = 0; cut <= bytes.byteLength; cut++) {
      const got = decodeAll(new FrameDecoder(1024), bytes, [cut]);
      expect(got.map((f) => Buffer.from(f).toString("hex"))).toEqual(
        frames.map((f) => Buffer.from(f).toString("hex")),
      );
    }
    // One byte at a time.
    const oneByOne = decodeAll(
      new FrameDecoder(1024),
      bytes,
      Array.from({ length: bytes.byteLength }, (_, i) => i),
    );
    expect(oneByOne).toHaveLength(frames.length);
  });

  it("hands up copies, not views of the input", () => {
    const bytes = encodeFrame(Uint8Array.from([1, 2, 3]));
    const [frame] = new FrameDecoder(16).push(bytes);
    bytes.fill(0);
    expect(frame).toEqual(Uint8Array.from([1, 2, 3]));
    expect(Object.getPrototypeOf(frame)).toBe(Uint8Array.prototype);
  });

  it("refuses oversize, zero, and over-long lengths, and stays failed", () => {
    const expectReason = (bytes: Uint8Array, reason: string) => {
      const decoder = new FrameDecoder(1000);
      expect(() => decoder.push(bytes)).toThrow(FrameError);
      try {
        decoder.push(encodeFrame(Uint8Array.from([1])));
        expect.unreachable();
      } catch (err) {
        expect((err as FrameError).reason).toBe(reason);
      }
    };
    expectReason(encodeFrame(new Uint8Array(1001)), "too-large");
    expectReason(Uint8Array.from([0xe9, 0x07]), "too-large"); // 1001, header only
    expectReason(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x7f]), "too-large");
    expectReason(Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80]), "bad-length");
    expectReason(Uint8Array.from([0x00]), "bad-length");
    // The exact maximum is fine.
    expect(new FrameDecoder(1000).push(encodeFrame(new Uint8Array(1000)))).toHaveLength(1);
  });

  it("never throws anything but FrameError, and buffers at most one frame, on 10,000 random inputs", () => {
    const max = 4096;
    let frames = 0;
    let errors = 0;
    let otherErrors = 0;
    let overBuffered = 0;
    for (let i = 0; i < 10_000; i++) {
      const decoder = new FrameDecoder(max);
      const input = randomBytes(1 + (i % 512));
      try {
        frames += decoder.push(input.subarray(0, input.length >> 1)).length;
        frames += decoder.push(input.subarray(input.length >> 1)).length;
        if (decoder.bufferedBytes > max) overBuffered++;
      } catch (err) {
        if (err instanceof FrameError) errors++;
        else otherErrors++;
      }
    }
    expect(otherErrors).toBe(0);
    expect(overBuffered).toBe(0);
    expect(frames + errors).toBeGreaterThan(0);
  });

  it("back-off doubles up to the ceiling, with jitter in [0.5, 1), and resets", () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1_000, random: () => 0.999 });
    const delays = Array.from({ length: 6 }, () => b.next());
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    b.reset();
    expect(new Backoff({ initialMs: 100, maxMs: 1_000, random: () => 0 }).next()).toBe(50);
    expect(b.next()).toBe(100);
  });
});
