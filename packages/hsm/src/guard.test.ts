import { spawn } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { VoteSlot } from "@pbft/consensus";
import { beforeAll, describe, expect, it } from "vitest";
import { HsmError } from "./errors.js";
import { DoubleSignGuard } from "./guard.js";
import { digest, refused, slot, tmpGuardPath } from "./guard-testing.js";
import { createVoteSigner, type SignOutcome } from "./signer.js";
import { makeTokenFixture, type TokenFixture } from "./testing-fixture.js";
import { HsmToken } from "./token.js";
import { ed25519Verify } from "./verify.js";

const tmp = tmpGuardPath;

describe("double-sign guard", () => {
  it("refuses a different payload for a signed slot, allows the identical one, across a reopen", () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path);
    g.authorize(slot("prepare", 1, 5), digest("a"));
    g.authorize(slot("prepare", 1, 5), digest("a"));
    expect(refused(() => g.authorize(slot("prepare", 1, 5), digest("b")))).toBe(true);
    g.close();
    const again = DoubleSignGuard.open(path);
    expect(refused(() => again.authorize(slot("prepare", 1, 5), digest("b")))).toBe(true);
    again.authorize(slot("prepare", 1, 5), digest("a"));
    again.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("refuses lower views (the high-water mark) but allows seqs out of order within a view", () => {
    const g = DoubleSignGuard.open(tmp());
    g.authorize(slot("commit", 2, 6), digest("x"));
    g.authorize(slot("commit", 2, 5), digest("y")); // reordered delivery in the same view
    expect(refused(() => g.authorize(slot("commit", 1, 7), digest("z")))).toBe(true);
    g.authorize(slot("prepare", 1, 7), digest("z")); // marks are per kind
    g.authorize(slot("commit", 3, 5), digest("w")); // a new view may re-vote a seq
    expect(refused(() => g.authorize(slot("commit", 2, 9), digest("v")))).toBe(true);
    g.close();
  });

  it("checkpoints: one digest per seq, nothing at or below the floor, also after a reopen", () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path);
    g.authorize(slot("checkpoint", 0, 64), digest("s64"));
    expect(refused(() => g.authorize(slot("checkpoint", 0, 64), digest("t64")))).toBe(true);
    g.advanceFloor(64);
    expect(refused(() => g.authorize(slot("checkpoint", 0, 64), digest("s64")))).toBe(true);
    g.close();
    const again = DoubleSignGuard.open(path);
    expect(refused(() => again.authorize(slot("checkpoint", 0, 32), digest("u")))).toBe(true);
    again.authorize(slot("checkpoint", 0, 128), digest("s128"));
    again.close();
  });

  it("the floor forgets the slots it closes, so memory and file hold about one window, also after a reopen", () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path, { compactRecordsMin: 64 });
    for (let s = 1; s <= 400; s++) {
      g.authorize(slot("prepare", 0, s), digest(`p${s}`));
      g.authorize(slot("commit", 0, s), digest(`c${s}`));
      g.authorize(slot("attestation", 0, s), digest(`a${s}`));
      if (s % 50 === 0 && s < 400) g.advanceFloor(s);
    }
    expect(g.rememberedSlots()).toBe(3 * 50); // seqs 351..400: above the last floor
    g.close();
    const again = DoubleSignGuard.open(path, { compactRecordsMin: 64 });
    expect(again.rememberedSlots()).toBe(3 * 50);
    // Compaction keeps the file within 4x what matters (without forgetting it would hold all 1,207 records).
    expect(again.recordCount()).toBeLessThanOrEqual(4 * (3 * 50 + 1));
    // Above the floor nothing changed; at or below it checkpoints stay refused, and an attestation of an
    // old entry (a retransmitted request's reply) can be signed again.
    expect(refused(() => again.authorize(slot("commit", 0, 351), digest("x")))).toBe(true);
    expect(refused(() => again.authorize(slot("checkpoint", 0, 350), digest("x")))).toBe(true);
    again.authorize(slot("attestation", 0, 10), digest("a10"));
    again.close();
  });

  it("a torn last record (kill -9 mid-write) is dropped; damage before the tail is refused as corrupt", () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path);
    g.authorize(slot("prepare", 0, 1), digest("a"));
    g.authorize(slot("prepare", 0, 2), digest("b"));
    g.close();
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, 64 + 30)); // second record half written
    const again = DoubleSignGuard.open(path);
    again.authorize(slot("prepare", 0, 2), digest("c")); // the torn vote was never released
    expect(refused(() => again.authorize(slot("prepare", 0, 1), digest("z")))).toBe(true);
    again.close();
    const damaged = readFileSync(path);
    damaged[10]! ^= 0xff;
    writeFileSync(path, Buffer.concat([damaged, damaged]));
    expect(() => DoubleSignGuard.open(path)).toThrow(/guard/);
  });
});

describe("double-sign guard with the token, killed with SIGKILL between persisting and returning", () => {
  let fx: TokenFixture;
  beforeAll(() => {
    fx = makeTokenFixture();
  });

  const here = dirname(fileURLToPath(import.meta.url));
  const dist = join(here, "..", "dist", "index.js");

  function child(
    script: string,
    env: Record<string, string>,
  ): Promise<{ out: string; signal: NodeJS.Signals | null; code: number | null; kill: () => void }> {
    return new Promise((resolve) => {
      const p = spawn(process.execPath, ["--input-type=module", "-e", script], {
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      p.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("persisted")) p.kill("SIGKILL");
      });
      p.stderr.on("data", (d: Buffer) => {
        out += d.toString();
      });
      p.on("exit", (code, signal) => resolve({ out, signal, code, kill: () => p.kill("SIGKILL") }));
    });
  }

  it("the restarted signer still refuses the conflicting payload and signs the identical one", async () => {
    const guardPath = join(fx.dir, "guard.log");
    const common = `
      import { DoubleSignGuard, HsmToken, createVoteSigner, readPin } from ${JSON.stringify(dist)};
      const token = HsmToken.open({ tokenLabel: ${JSON.stringify(fx.tokenLabel)}, pin: readPin({ envVar: "TEST_PIN" }) });
      const slot = { kind: "commit", view: 3, seq: 42 };
      const te = new TextEncoder();`;
    const first = await child(
      `${common}
      const block = new Int32Array(new SharedArrayBuffer(4));
      const guard = DoubleSignGuard.open(${JSON.stringify(guardPath)}, { afterPersist: () => { process.stdout.write("persisted\\n"); Atomics.wait(block, 0, 0, 30000); } });
      const signer = createVoteSigner({ token, keyLabel: ${JSON.stringify(fx.keyLabel)}, guard });
      signer.sign(te.encode("payload A"), slot);
      process.stdout.write("returned\\n");`,
      { TEST_PIN: fx.pin },
    );
    expect(first.signal).toBe("SIGKILL");
    expect(first.out).toContain("persisted");
    expect(first.out).not.toContain("returned");

    const second = await child(
      `${common}
      const guard = DoubleSignGuard.open(${JSON.stringify(guardPath)});
      const signer = createVoteSigner({ token, keyLabel: ${JSON.stringify(fx.keyLabel)}, guard });
      try { signer.sign(te.encode("payload B"), slot); console.log("conflict signed"); } catch (e) { console.log("conflict refused:", e.code); }
      const sig = signer.sign(te.encode("payload A"), slot);
      console.log("identical signed:", sig.length);`,
      { TEST_PIN: fx.pin },
    );
    expect(second.code).toBe(0);
    expect(second.out).toContain("conflict refused: guard-refused");
    expect(second.out).toContain("identical signed: 64");
    expect(first.out + second.out).not.toContain(fx.pin);
  });

  it("the synchronous Signer with its sync overlapped by the helper thread: SIGKILL before the return", async () => {
    const guardPath = join(fx.dir, "guard-thread.log");
    const common = `
      import { DoubleSignGuard, HsmToken, createVoteSigner, readPin } from ${JSON.stringify(dist)};
      const token = HsmToken.open({ tokenLabel: ${JSON.stringify(fx.tokenLabel)}, pin: readPin({ envVar: "TEST_PIN" }) });
      const slot = { kind: "prepare", view: 4, seq: 9 };
      const te = new TextEncoder();
      let blocking = false;
      const block = new Int32Array(new SharedArrayBuffer(4));
      const guard = DoubleSignGuard.open(${JSON.stringify(guardPath)}, { afterPersist: () => { if (blocking) { process.stdout.write("persisted\\n"); Atomics.wait(block, 0, 0, 30000); } } });
      const signer = createVoteSigner({ token, keyLabel: ${JSON.stringify(fx.keyLabel)}, guard });
      signer.sign(te.encode("warm-up"), { kind: "prepare", view: 4, seq: 1 }); // starts the helper thread
      for (let i = 0; i < 200 && !guard.syncThreadRunning(); i++) await new Promise((r) => setTimeout(r, 50));
      console.log("thread running:", guard.syncThreadRunning());`;
    const first = await child(
      `${common}
      blocking = true;
      signer.sign(te.encode("payload A"), slot);
      process.stdout.write("returned\\n");`,
      { TEST_PIN: fx.pin },
    );
    expect(first.signal).toBe("SIGKILL");
    expect(first.out).toContain("thread running: true");
    expect(first.out).not.toContain("returned");

    const second = await child(
      `${common}
      try { signer.sign(te.encode("payload B"), slot); console.log("conflict signed"); } catch (e) { console.log("conflict refused:", e.code); }
      console.log("identical signed:", signer.sign(te.encode("payload A"), slot).length);
      signer.close();`,
      { TEST_PIN: fx.pin },
    );
    expect(second.code).toBe(0);
    expect(second.out).toContain("thread running: true");
    expect(second.out).toContain("conflict refused: guard-refused");
    expect(second.out).toContain("identical signed: 64");
  });

  it("authorizeThen: a refusal never calls sign; a throwing sign still leaves the vote durable", () => {
    for (const syncThread of [true, false]) {
      const path = join(fx.dir, `guard-then-${syncThread}.log`);
      const g = DoubleSignGuard.open(path, { syncThread });
      expect(g.authorizeThen(slot("commit", 1, 1), digest("a"), () => "signed")).toBe("signed");
      let called = false;
      expect(() =>
        g.authorizeThen(slot("commit", 1, 1), digest("b"), () => {
          called = true;
        }),
      ).toThrow(HsmError);
      expect(called).toBe(false);
      expect(() =>
        g.authorizeThen(slot("commit", 1, 2), digest("c"), () => {
          throw new Error("token gone");
        }),
      ).toThrow("token gone");
      g.close();
      const again = DoubleSignGuard.open(path, { syncThread });
      expect(refused(() => again.authorize(slot("commit", 1, 2), digest("d")))).toBe(true);
      expect(again.syncThreadRunning()).toBe(false);
      again.close();
    }
  });

  it("signMany: one outcome per vote, signatures that verify, refusals in place; the sync Signer agrees", async () => {
    const token = HsmToken.open({ tokenLabel: fx.tokenLabel, pin: fx.pin });
    const guard = DoubleSignGuard.open(join(fx.dir, "guard-many.log"));
    const signer = createVoteSigner({ token, keyLabel: fx.keyLabel, guard });
    const te = new TextEncoder();
    const bytes = (s: string) => te.encode(s);
    const outcomes = await signer.signMany([
      { bytes: bytes("c1"), slot: slot("commit", 1, 1) },
      { bytes: bytes("c1'"), slot: slot("commit", 1, 1) },
      { bytes: bytes("c2"), slot: slot("commit", 1, 2) },
    ]);
    expect(outcomes.map((o) => ("refused" in o ? o.refused.code : "signed"))).toEqual([
      "signed",
      "guard-refused",
      "signed",
    ]);
    const sig = (o: SignOutcome) => ("signature" in o ? o.signature : new Uint8Array());
    expect(ed25519Verify(signer.publicKey, bytes("c1"), sig(outcomes[0]!))).toBe(true);
    expect(ed25519Verify(signer.publicKey, bytes("c2"), sig(outcomes[2]!))).toBe(true);
    expect(signer.sign(bytes("c2"), slot("commit", 1, 2))).toEqual(sig(outcomes[2]!));
    expect(() => signer.sign(bytes("c2'"), slot("commit", 1, 2))).toThrow(HsmError);
    expect(await signer.signMany([])).toEqual([]);
    signer.close();
  });

  it("group commit: signMany signs while syncing, releases after; a SIGKILL before release loses nothing", async () => {
    const guardPath = join(fx.dir, "guard-group.log");
    const common = `
      import { DoubleSignGuard, HsmToken, createVoteSigner, readPin } from ${JSON.stringify(dist)};
      const token = HsmToken.open({ tokenLabel: ${JSON.stringify(fx.tokenLabel)}, pin: readPin({ envVar: "TEST_PIN" }) });
      const te = new TextEncoder();
      const votes = (p) => [1, 2, 3].map((seq) => ({ bytes: te.encode(p + seq), slot: { kind: "prepare", view: 5, seq } }));`;
    const first = await child(
      `${common}
      const block = new Int32Array(new SharedArrayBuffer(4));
      const guard = DoubleSignGuard.open(${JSON.stringify(guardPath)}, { afterPersist: () => { process.stdout.write("persisted\\n"); Atomics.wait(block, 0, 0, 30000); } });
      const signer = createVoteSigner({ token, keyLabel: ${JSON.stringify(fx.keyLabel)}, guard });
      await signer.signMany(votes("A"));
      process.stdout.write("returned\\n");`,
      { TEST_PIN: fx.pin },
    );
    expect(first.signal).toBe("SIGKILL");
    expect(first.out).toContain("persisted");
    expect(first.out).not.toContain("returned");

    const second = await child(
      `${common}
      const guard = DoubleSignGuard.open(${JSON.stringify(guardPath)});
      const signer = createVoteSigner({ token, keyLabel: ${JSON.stringify(fx.keyLabel)}, guard });
      const conflicting = await signer.signMany(votes("B"));
      console.log("conflicts refused:", conflicting.filter((o) => "refused" in o && o.refused.code === "guard-refused").length);
      const identical = await signer.signMany([...votes("A"), { bytes: te.encode("A4"), slot: { kind: "prepare", view: 5, seq: 4 } }]);
      console.log("identical signed:", identical.filter((o) => "signature" in o && o.signature.length === 64).length);
      try { signer.sign(te.encode("B4"), { kind: "prepare", view: 5, seq: 4 }); } catch (e) { console.log("sync conflict:", e.code); }`,
      { TEST_PIN: fx.pin },
    );
    expect(second.code).toBe(0);
    expect(second.out).toContain("conflicts refused: 3");
    expect(second.out).toContain("identical signed: 4");
    expect(second.out).toContain("sync conflict: guard-refused");
    expect(first.out + second.out).not.toContain(fx.pin);
  });
});

describe("guard file: preallocated space, group commit, compaction", () => {
  const vote = (kind: VoteSlot["kind"], view: number, seq: number, text: string) => ({
    slot: slot(kind, view, seq),
    digest: digest(text),
  });

  it("preallocates zeroed space; a reopen finds the end of the records and zeros are not corruption", () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path);
    for (let s = 1; s <= 3; s++) g.authorize(slot("prepare", 0, s), digest(`p${s}`));
    g.close();
    expect(statSync(path).size).toBe(1024 * 64); // one chunk: 3 records, then zeros
    const again = DoubleSignGuard.open(path);
    expect(again.recordCount()).toBe(3);
    expect(refused(() => again.authorize(slot("prepare", 0, 2), digest("x")))).toBe(true);
    again.authorize(slot("prepare", 0, 4), digest("p4")); // written after the third, not at the end
    again.close();
    const bytes = readFileSync(path);
    expect(bytes.subarray(3 * 64, 4 * 64).some((b) => b !== 0)).toBe(true);
    expect(bytes.subarray(4 * 64).every((b) => b === 0)).toBe(true);
    const third = DoubleSignGuard.open(path);
    expect(third.recordCount()).toBe(4);
    expect(refused(() => third.authorize(slot("prepare", 0, 4), digest("y")))).toBe(true);
    third.close();
  });

  it("grows by another chunk when the space is full, and a legacy file without zeros still opens", () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path);
    const votes = Array.from({ length: 1000 }, (_, k) => vote("commit", 0, k + 1, `c${k}`));
    g.authorizeMany(votes);
    g.authorizeMany(votes.map((v) => ({ ...v, slot: { ...v.slot, seq: v.slot.seq + 1000 } })));
    g.close();
    expect(statSync(path).size).toBe(2 * 1024 * 64);
    // The same records with no space after them, as an append-only file of an earlier version wrote.
    writeFileSync(path, readFileSync(path).subarray(0, 2000 * 64));
    const again = DoubleSignGuard.open(path);
    expect(again.recordCount()).toBe(2000);
    expect(refused(() => again.authorize(slot("commit", 0, 2000), digest("other")))).toBe(true);
    again.authorize(slot("commit", 0, 2001), digest("new"));
    again.close();
    expect(DoubleSignGuard.open(path).recordCount()).toBe(2001);
  });

  it("group commit: votes checked in order, duplicates and conflicts within a group, durable on resolve", async () => {
    const path = tmp();
    let persisted = 0;
    const g = DoubleSignGuard.open(path, { afterPersist: () => persisted++ });
    g.authorize(slot("prepare", 2, 1), digest("old"));
    const { refusals, durable } = g.authorizeMany([
      vote("prepare", 2, 1, "old"), // identical re-signing: allowed, no write
      vote("prepare", 2, 1, "new"), // conflict with a signed slot
      vote("commit", 3, 7, "a"),
      vote("commit", 3, 7, "a"), // identical to the one just before, in the same group
      vote("commit", 3, 7, "b"), // conflicts with one earlier in the same group
      vote("commit", 2, 8, "c"), // below the mark the group just raised
      vote("checkpoint", 0, 64, "s"),
    ]);
    expect(refusals.map((r) => r?.code ?? null)).toEqual([
      null,
      "guard-refused",
      null,
      null,
      "guard-refused",
      "guard-refused",
      null,
    ]);
    // Before `durable` resolves, a conflicting synchronous vote is already refused.
    expect(refused(() => g.authorize(slot("commit", 3, 7), digest("z")))).toBe(true);
    await durable;
    expect(persisted).toBe(2); // the single vote, then the group once
    expect(g.recordCount()).toBe(3);
    g.close();
    const again = DoubleSignGuard.open(path);
    expect(again.recordCount()).toBe(3);
    expect(refused(() => again.authorize(slot("checkpoint", 0, 64), digest("t")))).toBe(true);
    expect(refused(() => again.authorize(slot("commit", 2, 9), digest("d")))).toBe(true);
    expect(() => again.authorizeMany(Array.from({ length: 1025 }, () => vote("commit", 3, 1, "e")))).toThrow(
      RangeError,
    );
    again.close();
  });

  it("a group cut short by a crash is dropped; a record of a later group after a hole is corruption", async () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path);
    g.authorize(slot("prepare", 0, 1), digest("single"));
    await g.authorizeMany([
      vote("prepare", 0, 2, "a"),
      vote("prepare", 0, 3, "b"),
      vote("prepare", 0, 4, "c"),
    ]).durable;
    g.close();
    const good = readFileSync(path);
    // The group's second record never reached the disk, its third did: none of the three was released.
    const torn = Buffer.from(good);
    torn.fill(0, 2 * 64, 3 * 64);
    writeFileSync(path, torn);
    const again = DoubleSignGuard.open(path);
    expect(again.recordCount()).toBe(2); // the single vote and the group's first record, which did persist
    again.authorize(slot("prepare", 0, 3), digest("other")); // never released: may be signed differently
    expect(refused(() => again.authorize(slot("prepare", 0, 2), digest("other")))).toBe(true);
    again.close();
    // A torn single vote followed by a later group's records: the later group was written after the
    // single vote was synced, so a hole before it is damage, not a crash.
    const damaged = Buffer.from(good);
    damaged[30]! ^= 0xff;
    writeFileSync(path, damaged);
    expect(() => DoubleSignGuard.open(path)).toThrow(/guard-corrupt|bad record/);
  });

  it("compacts on open and when the space is full, keeping the marks, the floor and the open slots", async () => {
    const path = tmp();
    const g = DoubleSignGuard.open(path, { compactRecordsMin: 64 });
    for (let v = 0; v < 100; v++) g.authorize(slot("view-change", v, 0), digest(`vc${v}`));
    for (let s = 1; s <= 100; s++) g.authorize(slot("checkpoint", 0, s), digest(`cp${s}`));
    g.advanceFloor(90);
    g.authorize(slot("attestation", 0, 5), digest("att"));
    g.close();
    expect(DoubleSignGuard.open(path).recordCount()).toBe(202);
    writeFileSync(`${path}.compact`, "left by a crash before its rename");
    const again = DoubleSignGuard.open(path, { compactRecordsMin: 64 });
    // view-change 99, checkpoints 91..100, the floor, the attestation
    expect(again.recordCount()).toBe(1 + 10 + 1 + 1);
    expect(refused(() => again.authorize(slot("view-change", 98, 0), digest("x")))).toBe(true);
    expect(refused(() => again.authorize(slot("view-change", 99, 0), digest("x")))).toBe(true);
    again.authorize(slot("view-change", 99, 0), digest("vc99"));
    expect(refused(() => again.authorize(slot("checkpoint", 0, 90), digest("cp90")))).toBe(true);
    expect(refused(() => again.authorize(slot("checkpoint", 0, 95), digest("x")))).toBe(true);
    expect(refused(() => again.authorize(slot("attestation", 0, 5), digest("x")))).toBe(true);
    // In operation: fill the preallocated chunk with votes of views that the next view makes dead.
    for (let v = 100; v <= 1100; v += 100)
      await again.authorizeMany(Array.from({ length: 100 }, (_, k) => vote("commit", v, k + 1, `c${v}/${k}`)))
        .durable;
    // 13 + 1,000 records filled the 1,024-record chunk: the 11th group compacted it to 113, then wrote 100.
    expect(again.recordCount()).toBe(213);
    again.authorize(slot("commit", 1100, 1), digest("c1100/0"));
    expect(refused(() => again.authorize(slot("commit", 1100, 1), digest("x")))).toBe(true);
    expect(refused(() => again.authorize(slot("commit", 1000, 1), digest("c1000/0")))).toBe(true);
    again.close();
    expect(statSync(path).size).toBe(1024 * 64);
    expect(() => statSync(`${path}.compact`)).toThrow();
    const third = DoubleSignGuard.open(path);
    expect(third.recordCount()).toBe(213);
    expect(refused(() => third.authorize(slot("commit", 1100, 2), digest("x")))).toBe(true);
    expect(refused(() => third.authorize(slot("commit", 1000, 2), digest("c1000/1")))).toBe(true);
    expect(refused(() => third.authorize(slot("checkpoint", 0, 95), digest("x")))).toBe(true);
    expect(refused(() => third.authorize(slot("view-change", 99, 0), digest("x")))).toBe(true);
    third.close();
  });
});
