// The node's vote keys across a rotation: it signs with the key of the epoch in force, moves forward only,
// and remembers (durably) which key it used, so an older key never signs again.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DoubleSignGuard, ed25519Verify, HsmToken, initToken, writeSoftHsmConfig } from "@pbft/hsm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KeyRingError, VoteKeyRing } from "./vote-key-ring.js";

let dir: string;
const pin = randomBytes(6).toString("hex");
const keys: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pbft-ring-"));
  process.env.SOFTHSM2_CONF = writeSoftHsmConfig(join(dir, "tokens"), join(dir, "softhsm2.conf"));
  for (const label of ["org", "org-r1"]) {
    initToken({ label, soPin: randomBytes(6).toString("hex"), userPin: pin });
    const t = HsmToken.open({ tokenLabel: label, pin });
    keys.push(Buffer.from(t.generateVoteKey("vote").publicKey).toString("hex"));
    t.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ring(guard: DoubleSignGuard): VoteKeyRing {
  return new VoteKeyRing(
    [
      { tokenLabel: "org", keyLabel: "vote" },
      { tokenLabel: "org-r1", keyLabel: "vote" },
    ],
    (tokenLabel) => HsmToken.open({ tokenLabel, pin }),
    guard,
    join(dir, "guard.key"),
  );
}

const slot = (view: number, seq: number) => ({ kind: "commit" as const, view, seq });

describe("VoteKeyRing", () => {
  it("signs with the key in force, switches forward at a rotation, never back", async () => {
    const guard = DoubleSignGuard.open(join(dir, "guard.log"));
    const r = ring(guard);
    expect(r.has(keys[0]!) && r.has(keys[1]!)).toBe(true);
    expect(() => r.signer.sign(new Uint8Array([1]), slot(0, 1))).toThrow(KeyRingError); // not in use yet
    r.use(keys[0]!, 0);
    const a = r.signer.sign(new Uint8Array([1]), slot(0, 1));
    expect(ed25519Verify(Buffer.from(keys[0]!, "hex"), new Uint8Array([1]), a)).toBe(true);
    r.use(keys[1]!, 1);
    const b = r.signer.sign(new Uint8Array([2]), slot(1, 2));
    expect(ed25519Verify(Buffer.from(keys[1]!, "hex"), new Uint8Array([2]), b)).toBe(true);
    expect(() => r.use(keys[0]!, 2)).toThrow(/a rotated key never signs again/);
    expect(() => r.use("ab".repeat(32), 2)).toThrow(/in none of this node's tokens/);
    r.use(null, 3); // removed: signs nothing
    expect(() => r.signer.sign(new Uint8Array([3]), slot(2, 3))).toThrow(/not a member/);
    await r.signer.commitVotes();
    r.close();
    guard.close();
    // After a restart (say, from a ledger restored to epoch 0): the old key stays refused.
    const guard2 = DoubleSignGuard.open(join(dir, "guard.log"));
    const again = ring(guard2);
    expect(() => again.use(keys[0]!, 0)).toThrow(KeyRingError);
    again.use(keys[1]!, 1);
    again.close();
    guard2.close();
  });
});
