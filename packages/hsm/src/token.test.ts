import { createPublicKey, verify } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { HsmError } from "./errors.js";
import { makeTokenFixture, type TokenFixture } from "./testing-fixture.js";
import { HsmToken } from "./token.js";
import { ed25519PublicKey } from "./verify.js";

let fx: TokenFixture;
beforeAll(() => {
  fx = makeTokenFixture();
});

function expectHsmError(fn: () => unknown, code: string, secrets: readonly string[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(HsmError);
  const err = caught as HsmError;
  expect(err.code).toBe(code);
  expect(err.hint.length).toBeGreaterThan(10);
  for (const s of secrets) expect(`${err.message} ${err.stack ?? ""}`).not.toContain(s);
}

describe("PKCS#11 token (SoftHSM2)", () => {
  it("signs inside the token; node:crypto verifies with the exported public key", () => {
    const token = HsmToken.open({ tokenLabel: fx.tokenLabel, pin: fx.pin });
    const pub = token.publicKey(fx.keyLabel);
    expect(pub.length).toBe(32);
    const data = new TextEncoder().encode("a vote");
    const sig = token.sign(fx.keyLabel, data);
    expect(sig.length).toBe(64);
    expect(verify(null, data, ed25519PublicKey(pub), sig)).toBe(true);
    expect(verify(null, new TextEncoder().encode("another vote"), ed25519PublicKey(pub), sig)).toBe(false);
    // The same key seen through plain SPKI: the encoding of CKA_EC_POINT was read right.
    expect(
      createPublicKey({
        key: ed25519PublicKey(pub).export({ format: "der", type: "spki" }),
        format: "der",
        type: "spki",
      }).asymmetricKeyType,
    ).toBe("ed25519");
    token.close();
  });

  it("the private key is sensitive and not extractable: CKA_VALUE cannot be read", () => {
    const token = HsmToken.open({ tokenLabel: fx.tokenLabel, pin: fx.pin });
    expect(token.privateKeyAttributes(fx.keyLabel)).toEqual({
      sensitive: true,
      extractable: false,
      valueReadable: false,
    });
    token.close();
  });

  it("a wrong PIN gives wrong-pin, and no PIN appears in the error", () => {
    const wrong = `${fx.pin}x`;
    expectHsmError(() => HsmToken.open({ tokenLabel: fx.tokenLabel, pin: wrong }), "wrong-pin", [
      wrong,
      fx.pin,
      fx.soPin,
    ]);
  });

  it("a missing module, token or key each give their error", () => {
    expectHsmError(
      () =>
        HsmToken.open({ modulePath: "/nonexistent/libpkcs11.so", tokenLabel: fx.tokenLabel, pin: fx.pin }),
      "module-not-found",
      [fx.pin],
    );
    expectHsmError(() => HsmToken.open({ tokenLabel: "no-such-token", pin: fx.pin }), "token-not-found", [
      fx.pin,
    ]);
    const token = HsmToken.open({ tokenLabel: fx.tokenLabel, pin: fx.pin });
    expectHsmError(() => token.sign("no-such-key", new Uint8Array(1)), "key-missing", [fx.pin]);
    expectHsmError(() => token.publicKey("no-such-key"), "key-missing", [fx.pin]);
    expect(token.findVoteKey("no-such-key")).toBeNull();
    token.close();
  });

  it("signs with a session copy of the key, made inside the token, which stays sensitive; same signatures", () => {
    const copying = HsmToken.open({ tokenLabel: fx.tokenLabel, pin: fx.pin });
    const plain = HsmToken.open({ tokenLabel: fx.tokenLabel, pin: fx.pin, sessionKeyCopy: false });
    expect(copying.signsWithSessionCopy(fx.keyLabel)).toBe(true);
    expect(plain.signsWithSessionCopy(fx.keyLabel)).toBe(false);
    const data = new TextEncoder().encode("vote");
    const sig = copying.sign(fx.keyLabel, data);
    expect(plain.sign(fx.keyLabel, data)).toEqual(sig); // Ed25519 is deterministic: the same key
    expect(verify(null, data, ed25519PublicKey(copying.publicKey(fx.keyLabel)), sig)).toBe(true);
    // Audits still read the token object, and it is untouched.
    expect(copying.privateKeyAttributes(fx.keyLabel)).toEqual({
      sensitive: true,
      extractable: false,
      valueReadable: false,
    });
    copying.close();
    plain.close();
  });

  it("a lost session is re-opened and logged in again transparently", () => {
    const token = HsmToken.open({ tokenLabel: fx.tokenLabel, pin: fx.pin });
    const data = new Uint8Array([1, 2, 3]);
    const before = token.sign(fx.keyLabel, data);
    token.close(); // the session is gone now
    expect(token.sign(fx.keyLabel, data)).toEqual(before); // Ed25519 is deterministic
    token.close();
  });
});
