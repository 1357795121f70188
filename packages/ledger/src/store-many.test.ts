// Several consecutive batches appended with one synced write (a state-transfer chunk).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ulid } from "ulid";
import { afterEach, describe, expect, it } from "vitest";
import type { BatchToExecute } from "./core.js";
import { Ledger } from "./store.js";
import { makeFixture } from "./test-fixture.js";
import { verifyLedger } from "./verify.js";

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), "ledger-many-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const fx = makeFixture();
let n = 1;
function batch(seq: number, size = 2): BatchToExecute {
  const requests = Array.from({ length: size }, () =>
    fx.request({ id: ulid(), type: "decision", title: `r${n}`, content: {}, source: "test" }, n++),
  );
  return { seq, view: 0, requests, certificate: fx.certify(0, seq, requests) };
}

describe("executeMany", () => {
  it("appends consecutive batches in one write; the same entries as one by one; verifies after reopen", async () => {
    const dir = tmp();
    const ledger = await Ledger.open(dir, fx.cluster);
    const first = await ledger.execute(batch(1));
    const out = await ledger.executeMany([batch(2), batch(3), batch(4, 0), batch(5, 3)]);
    expect(out.map((x) => x.entry.height)).toEqual([2, 3, 4, 5]);
    expect(out.every((x) => x.results.every((r) => r.accepted))).toBe(true);
    expect(Buffer.from(out[0]!.header.prevHash)).toEqual(Buffer.from(first.entryHash));
    expect(ledger.head().height).toBe(5);
    expect(Buffer.from(ledger.head().entryHash)).toEqual(Buffer.from(out[3]!.entryHash));
    // A repeat of the head's batch is answered from the ledger.
    const again = await ledger.executeMany([
      { ...batch(5), ...(await ledger.committedBatch(5))! } as BatchToExecute,
    ]);
    expect(Buffer.from(again[0]!.entryHash)).toEqual(Buffer.from(out[3]!.entryHash));
    await ledger.close();
    const verified = await verifyLedger(dir, fx.cluster);
    expect(verified).toMatchObject({ ok: true, height: 5, proposals: 9 });
  });

  it("a gap inside a group writes nothing but evidence and leaves the ledger as it was", async () => {
    const dir = tmp();
    const ledger = await Ledger.open(dir, fx.cluster);
    await ledger.execute(batch(1));
    const two = batch(2);
    await expect(ledger.executeMany([two, batch(4)])).rejects.toMatchObject({ code: "gap", height: 4 });
    expect(ledger.head().height).toBe(1);
    expect(await ledger.get(2)).toBeUndefined();
    // The refused group's first batch did not reach the rules: appended now, it executes as new.
    const out = await ledger.execute(two);
    expect(out.results.every((r) => r.accepted)).toBe(true);
    await ledger.close();
    const reopened = await Ledger.open(dir, fx.cluster);
    expect(reopened.head().height).toBe(2);
    expect(Buffer.from(reopened.head().entryHash)).toEqual(Buffer.from(out.entryHash));
    await reopened.close();
    expect(await verifyLedger(dir, fx.cluster)).toMatchObject({ ok: true, height: 2 });
  });
});
