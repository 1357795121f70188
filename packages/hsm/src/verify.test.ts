import { describe, expect, it } from "vitest";
import { Ed25519Verifier, generateSoftwareKeyPair, softwareSign } from "./verify.js";

function signed(bytes: Uint8Array) {
  const kp = generateSoftwareKeyPair();
  return { key: kp.publicKey, bytes, signature: softwareSign(kp.privateKeyPem, bytes) };
}

describe("Ed25519Verifier.verifyClient", () => {
  it("accepts a valid signature, again from its cache, and nothing that differs from it in one byte", () => {
    const v = new Ed25519Verifier([]);
    const s = signed(new Uint8Array(300).fill(3));
    expect(v.verifyClient(s.key, s.bytes, s.signature)).toBe(true);
    expect(v.verifyClient(s.key, s.bytes, s.signature)).toBe(true); // cached
    const bytes = s.bytes.slice();
    bytes[299] = 4;
    expect(v.verifyClient(s.key, bytes, s.signature)).toBe(false);
    const sig = s.signature.slice();
    sig[0] = (sig[0]! + 1) & 0xff;
    expect(v.verifyClient(s.key, s.bytes, sig)).toBe(false);
    const other = signed(s.bytes);
    expect(v.verifyClient(other.key, s.bytes, s.signature)).toBe(false);
  });

  it("a cached triple cannot be reused by moving bytes between the message and the signature", () => {
    const v = new Ed25519Verifier([]);
    const s = signed(new Uint8Array(100).fill(5));
    expect(v.verifyClient(s.key, s.bytes, s.signature)).toBe(true);
    // Same concatenation key || bytes || signature, other split: must not hit the cache.
    const longer = new Uint8Array([...s.bytes, s.signature[0]!]);
    expect(v.verifyClient(s.key, longer, s.signature.subarray(1))).toBe(false);
    const shorter = s.bytes.subarray(0, 99);
    expect(v.verifyClient(s.key, shorter, new Uint8Array([s.bytes[99]!, ...s.signature]))).toBe(false);
  });

  it("large messages (beyond the scratch buffer) are verified and cached too", () => {
    const v = new Ed25519Verifier([]);
    const s = signed(new Uint8Array(40_000).fill(7));
    expect(v.verifyClient(s.key, s.bytes, s.signature)).toBe(true);
    expect(v.verifyClient(s.key, s.bytes, s.signature)).toBe(true);
    const bytes = s.bytes.slice();
    bytes[39_999] = 8;
    expect(v.verifyClient(s.key, bytes, s.signature)).toBe(false);
  });
});
