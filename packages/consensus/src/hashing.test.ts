import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256, sha256RangeInto } from "./hashing.js";
import { requestHash } from "./signing.js";

const ref = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const bytes = (n: number, seed: number) =>
  Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7) & 255);
const enc = new TextEncoder();

describe("sha256", () => {
  it("matches the FIPS 180-4 examples, whole and in parts", () => {
    const vectors: [string, string][] = [
      ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
      ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
      [
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
      ],
    ];
    for (const [msg, digest] of vectors) {
      const data = enc.encode(msg);
      expect(hex(sha256(data))).toBe(digest);
      const cut = data.length >> 1;
      expect(hex(sha256(data.subarray(0, cut), new Uint8Array(0), data.subarray(cut)))).toBe(digest);
    }
  });

  it("hashes the concatenation of its parts, below and above the 16 KiB scratch buffer", () => {
    for (const n of [0, 1, 64, 200, 8 * 1024, 16 * 1024, 20 * 1024]) {
      const a = bytes(n, 1);
      const b = bytes(n >> 1, 2);
      expect(hex(sha256(a, b))).toBe(hex(ref(a, b)));
      expect(hex(sha256(a))).toBe(hex(ref(a)));
    }
  });

  it("returns a fresh digest: a later call does not change an earlier result", () => {
    const a = sha256(bytes(3, 1), bytes(4, 2));
    const saved = hex(a);
    sha256(bytes(5, 3), bytes(6, 4));
    expect(hex(a)).toBe(saved);
  });

  it("sha256RangeInto hashes a range at an offset, also over its own input", () => {
    const data = bytes(300, 5);
    const out = new Uint8Array(40);
    sha256RangeInto(data, 7, 200, out, 3);
    expect(hex(out.subarray(3, 35))).toBe(hex(ref(data.subarray(7, 207))));
    const inPlace = data.slice();
    sha256RangeInto(inPlace, 0, 64, inPlace, 0);
    expect(hex(inPlace.subarray(0, 32))).toBe(hex(ref(data.subarray(0, 64))));
  });
});

describe("requestHash", () => {
  it("is leafHash(u32be(body length) || body || signature): a known vector", () => {
    // Computed independently (Python hashlib): sha256(00 00000004 "body" "sig").
    expect(hex(requestHash(enc.encode("body"), enc.encode("sig")))).toBe(
      "4f777fd3a6cf5566b97c72d65a572fe3ff37dc065e62e1114dd6730d19ef57a7",
    );
  });

  it("matches the specified bytes for small bodies and for one larger than its 64 KiB buffer", () => {
    for (const n of [0, 1, 55, 200, 1000, 70 * 1024]) {
      const body = bytes(n, 1);
      const sig = bytes(64, 2);
      const len = new Uint8Array(4);
      new DataView(len.buffer).setUint32(0, body.length);
      expect(hex(requestHash(body, sig))).toBe(hex(ref(new Uint8Array([0]), len, body, sig)));
    }
  });
});
