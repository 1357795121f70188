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
  it("signs each epoch's votes with that epoch's key, forward only, remembered across restarts", async () => {
    const guard = DoubleSignGuard.open(join(dir, "guard.log"));
    const r = ring(guard);
    expect(r.has(keys[0]!) && r.has(keys[1]!)).toBe(true);
    r.setEpochKey(0, keys[0]!);
    const a = r.signer.sign(new Uint8Array([1]), { ...slot(0, 1), epoch: 0 });
    expect(ed25519Verify(Buffer.from(keys[0]!, "hex"), new Uint8Array([1]), a)).toBe(true);
    expect(r.keyInUse).toEqual({ publicKey: keys[0], epoch: 0 });
    r.setEpochKey(1, keys[1]!); // the rotation applies: epoch 1's key is the new one
    const b = r.signer.sign(new Uint8Array([2]), { ...slot(1, 2), epoch: 1 });
    expect(ed25519Verify(Buffer.from(keys[1]!, "hex"), new Uint8Array([2]), b)).toBe(true);
    // A late epoch-0 vote (say, a view change started before the switch) is not signed with the old key.
    expect(() => r.signer.sign(new Uint8Array([3]), { ...slot(2, 3), epoch: 0 })).toThrow(
      /never signs again/,
    );
    expect(() => r.setEpochKey(2, "ab".repeat(32))).toThrow(/in none of this node's tokens/);
    r.setEpochKey(2, null); // removed: signs nothing for epoch 2
    expect(() => r.signer.sign(new Uint8Array([4]), { ...slot(3, 4), epoch: 2 })).toThrow(
      /not a member of epoch 2/,
    );
    await r.signer.commitVotes();
    r.close();
    guard.close();
    // After a restart from a ledger that knows only epoch 0 (restored from an old backup): still refused.
    const guard2 = DoubleSignGuard.open(join(dir, "guard.log"));
    const again = ring(guard2);
    again.setEpochKey(0, keys[0]!);
    expect(() => again.signer.sign(new Uint8Array([5]), { ...slot(4, 5), epoch: 0 })).toThrow(KeyRingError);
    again.close();
    guard2.close();
  });
});
