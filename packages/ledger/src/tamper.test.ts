import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ulid } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LedgerError } from "./errors.js";
import { exportLedgerToFile, importLedger } from "./export.js";
import { entryKey } from "./keys.js";
import { LevelKv } from "./level-kv.js";
import { Ledger } from "./store.js";
import { makeFixture } from "./test-fixture.js";
import { verifyLedger } from "./verify.js";

const fx = makeFixture();
const root = mkdtempSync(join(tmpdir(), "ledger-tamper-"));
const dataDir = join(root, "data");
const exportFile = join(root, "export.ndjson");
const ENTRIES = 6;
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A deterministic PRNG so a failing position can be reproduced.
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

beforeAll(async () => {
  const ledger = await Ledger.open(dataDir, fx.cluster);
  let n = 1;
  for (let h = 1; h <= ENTRIES; h++) {
    const requests = Array.from({ length: h % 3 === 0 ? 0 : 3 }, () =>
      fx.request({ id: ulid(), type: "test", title: "t", content: { h }, source: "s" }, n++),
    );
    await ledger.execute({
      seq: h,
      view: h % 3 === 0 ? 1 : 0,
      requests,
      certificate: fx.certify(h % 3 === 0 ? 1 : 0, h, requests),
    });
  }
  await exportLedgerToFile(ledger, exportFile);
  await ledger.close();
});

describe("tamper detection", () => {
  it("flipping any single byte of an export fails verify, naming the height of that line", async () => {
    const original = readFileSync(exportFile);
    const lineStarts = [0];
    for (let i = 0; i < original.length; i++) if (original[i] === 0x0a) lineStarts.push(i + 1);
    const lineOf = (pos: number) => lineStarts.filter((s) => s <= pos).length - 1; // 0-based line
    const rnd = prng(1);
    const file = join(root, "tampered.ndjson");
    for (let round = 0; round < 500; round++) {
      const pos = Math.floor(rnd() * original.length);
      const copy = Buffer.from(original);
      copy[pos] = copy[pos]! ^ (1 + Math.floor(rnd() * 255));
      writeFileSync(file, copy);
      const r = await verifyLedger(file, fx.cluster);
      expect(r.ok, `position ${pos}`).toBe(false);
      if (r.ok) continue;
      const line = lineOf(pos);
      // entry lines are 1..ENTRIES; a flipped newline merges the line with the next
      if (line >= 1 && line <= ENTRIES) expect(r.badHeight, `position ${pos}: ${r.reason}`).toBe(line);
    }
  });

  it("flipping any single byte of a stored LevelDB value fails verify, naming the height", async () => {
    const rnd = prng(2);
    for (let round = 0; round < 60; round++) {
      const height = 1 + Math.floor(rnd() * ENTRIES);
      const db = await LevelKv.open(dataDir);
      const value = (await db.get(entryKey(height)))!;
      const pos = Math.floor(rnd() * value.length);
      const tampered = Buffer.from(value);
      tampered[pos] = tampered[pos]! ^ (1 + Math.floor(rnd() * 255));
      await db.batch([{ type: "put", key: entryKey(height), value: tampered }]);
      await db.close();
      const r = await verifyLedger(dataDir, fx.cluster);
      const db2 = await LevelKv.open(dataDir);
      await db2.batch([{ type: "put", key: entryKey(height), value }]);
      await db2.close();
      expect(r.ok, `height ${height} position ${pos}`).toBe(false);
      if (!r.ok) expect(r.badHeight, `position ${pos}: ${r.reason}`).toBe(height);
    }
    expect(await verifyLedger(dataDir, fx.cluster)).toMatchObject({ ok: true, height: ENTRIES });
  });
});

describe("bad input", () => {
  it("a truncated export fails verify and import, leaving nothing behind", async () => {
    const original = readFileSync(exportFile);
    const file = join(root, "truncated.ndjson");
    for (const cut of [0, 10, Math.floor(original.length / 2), original.length - 5]) {
      writeFileSync(file, original.subarray(0, cut));
      const r = await verifyLedger(file, fx.cluster);
      expect(r.ok).toBe(false);
      const target = join(root, `imp-${cut}`);
      await expect(importLedger(file, target, fx.cluster)).rejects.toBeInstanceOf(LedgerError);
      await expect(
        Ledger.open(join(root, `imp-${cut}`, "nope"), fx.cluster).then((l) => l.close()),
      ).resolves.toBeUndefined();
    }
  });

  it("a wrong cluster.json fails verify at height 1 or at the export header", async () => {
    const other = makeFixture(fx.cluster.clusterId);
    const r = await verifyLedger(dataDir, other.cluster);
    expect(r).toMatchObject({ ok: false, badHeight: 1 });
    const renamed = makeFixture("another-cluster");
    expect(await verifyLedger(exportFile, renamed.cluster)).toMatchObject({ ok: false, badHeight: 0 });
  });

  it("a corrupt or missing database gives a clear error, never a crash", async () => {
    const missing = await verifyLedger(join(root, "does-not-exist"), fx.cluster);
    expect(missing).toMatchObject({ ok: false, badHeight: 0 });
    const junkDir = join(root, "junk");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(junkDir);
    writeFileSync(join(junkDir, "CURRENT"), "garbage\n");
    const junk = await verifyLedger(junkDir, fx.cluster);
    expect(junk.ok).toBe(false);
    await expect(Ledger.open(junkDir, fx.cluster)).rejects.toMatchObject({ code: "open-failed" });
  });
});
