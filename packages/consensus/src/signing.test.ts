import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256 } from "./hashing.js";
import { leafHash, merkleRoot } from "./merkle.js";
import { requestHash } from "./signing.js";

const u32be = (n: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
};

describe("request leaves and Merkle nodes", () => {
  it("requestHash(body, sig) = leafHash(u32be(|body|) || body || sig), also past the fast path's buffer", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 80 }), (body, sig) => {
        expect(Buffer.from(requestHash(body, sig))).toEqual(
          Buffer.from(leafHash(u32be(body.length), body, sig)),
        );
      }),
      { numRuns: 200, seed: 1 },
    );
    const big = new Uint8Array(70_000).fill(3);
    expect(Buffer.from(requestHash(big, new Uint8Array(64)))).toEqual(
      Buffer.from(leafHash(u32be(big.length), big, new Uint8Array(64))),
    );
  });

  it("the Merkle root of two leaves is sha256(0x01 || left || right)", () => {
    const a = leafHash(new Uint8Array([1]));
    const b = leafHash(new Uint8Array([2]));
    expect(Buffer.from(merkleRoot([a, b]))).toEqual(Buffer.from(sha256(new Uint8Array([1]), a, b)));
    // results are independent of the reused buffers
    const r1 = merkleRoot([a, b, a]);
    const r2 = merkleRoot([a, b, a]);
    expect(Buffer.from(r1)).toEqual(Buffer.from(r2));
  });
});
