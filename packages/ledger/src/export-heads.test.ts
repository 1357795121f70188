// Exports carry their signed head (issue 17). An export cut at an entry boundary with a forged end line used
// to verify as ok: nothing signed said how long the history was. Now the signed head line, or a head the
// auditor kept (minHead), makes it fail as truncated, and a history that differs at a held head as forked.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toHex } from "@pbft/consensus";
import { afterEach, describe, expect, it } from "vitest";
import { decodeEntry } from "./entry.js";
import { exportLedgerToFile, importLedger } from "./export.js";
import { ledgerWithHeads as makeLedger } from "./heads-testing.js";
import type { SignedHead } from "./signed-head.js";
import { Ledger } from "./store.js";
import { makeFixture } from "./test-fixture.js";
import { verifyLedger } from "./verify.js";

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), "export-heads-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const fx = makeFixture();
async function ledgerWithHeads(
  entries: number,
  signers = [0, 1, 2],
): Promise<{ dir: string; heads: SignedHead[] }> {
  const dir = join(tmp(), "data");
  return { dir, heads: await makeLedger(fx, dir, entries, signers) };
}

/** The export cut after entry `keep`, with an end line forged to match, with or without the head line. */
function cutWithForgedEnd(file: string, keep: number, withHead: boolean): string {
  const lines = readFileSync(file, "utf8").trimEnd().split("\n");
  const entries = lines.slice(1, 1 + keep);
  const last = JSON.parse(entries.at(-1)!) as { value: string };
  const e = decodeEntry(fx.cluster.clusterId, Buffer.from(last.value, "hex"));
  if (typeof e === "string") throw new Error(e);
  const head = lines.find((l) => l.startsWith('{"signedHead":'));
  const forgedEnd = JSON.stringify({ end: true, count: keep, headHash: toHex(e.entryHash) });
  const out = join(tmp(), "cut.ndjson");
  writeFileSync(
    out,
    `${[lines[0], ...entries, ...(withHead && head ? [head] : []), forgedEnd].join("\n")}\n`,
  );
  return out;
}

describe("exports and signed heads", () => {
  it("an export ends with the latest signed head; verify reports it and the entries after it", async () => {
    const { dir, heads } = await ledgerWithHeads(20);
    const file = join(tmp(), "x.ndjson");
    const ledger = await Ledger.open(dir, fx.cluster);
    await exportLedgerToFile(ledger, file);
    await ledger.close();
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines.at(-2)).toMatch(/^\{"signedHead":\{"format":"pbft-signed-head\/1"/);
    const r = await verifyLedger(file, fx.cluster);
    expect(r).toMatchObject({
      ok: true,
      height: 20,
      signedHead: { height: 16, entryHash: heads[1]!.entryHash },
    });
    // the data dir reports the same head
    expect(await verifyLedger(dir, fx.cluster)).toMatchObject({ ok: true, signedHead: { height: 16 } });
    // importing keeps it
    const target = join(tmp(), "imported");
    await importLedger(file, target, fx.cluster);
    const imported = await Ledger.open(target, fx.cluster);
    expect((await imported.latestSignedHead())?.height).toBe(16);
    await imported.close();
  });

  it("a truncated export with a forged end line fails: its signed head is above the cut", async () => {
    const { dir } = await ledgerWithHeads(20);
    const ledger = await Ledger.open(dir, fx.cluster);
    const file = join(tmp(), "x.ndjson");
    await exportLedgerToFile(ledger, file);
    await ledger.close();
    const r = await verifyLedger(cutWithForgedEnd(file, 12, true), fx.cluster);
    expect(r).toMatchObject({ ok: false, badHeight: 13 });
    expect(r.ok ? "" : r.reason).toMatch(/ends at height 12, before its signed head at height 16: truncated/);
  });

  it("with the head line removed too, only a head the auditor kept catches the cut (or a fork)", async () => {
    const { dir, heads } = await ledgerWithHeads(20);
    const ledger = await Ledger.open(dir, fx.cluster);
    const file = join(tmp(), "x.ndjson");
    await exportLedgerToFile(ledger, file);
    await ledger.close();
    const cut = cutWithForgedEnd(file, 12, false);
    const plain = await verifyLedger(cut, fx.cluster);
    expect(plain).toMatchObject({ ok: true, height: 12 });
    expect(plain.ok ? plain.signedHead : "failed").toBeUndefined(); // nothing covers it: verify says so
    const held = heads[1]!;
    const truncated = await verifyLedger(cut, fx.cluster, {
      minHead: { height: held.height, entryHash: held.entryHash, treeRoot: held.treeRoot },
    });
    expect(truncated.ok ? "" : truncated.reason).toMatch(
      /before the head you hold \(--min-head\) at height 16/,
    );
    // an older held head is reached and agrees
    const older = heads[0]!;
    expect(
      await verifyLedger(cut, fx.cluster, { minHead: { height: 8, entryHash: older.entryHash } }),
    ).toMatchObject({ ok: true });
    // a held head this history disagrees with: forked
    const forked = await verifyLedger(file, fx.cluster, {
      minHead: { height: 8, entryHash: "ab".repeat(32) },
    });
    expect(forked).toMatchObject({ ok: false, badHeight: 8 });
    expect(forked.ok ? "" : forked.reason).toMatch(/forked history/);
  });

  it("an export whose signed head has too few signers fails, naming it", async () => {
    const { dir } = await ledgerWithHeads(10, [0, 1]);
    const ledger = await Ledger.open(dir, fx.cluster);
    const file = join(tmp(), "x.ndjson");
    await exportLedgerToFile(ledger, file);
    await ledger.close();
    const r = await verifyLedger(file, fx.cluster);
    expect(r).toMatchObject({ ok: false, badHeight: 0 });
    expect(r.ok ? "" : r.reason).toMatch(/signed by 2 members, needs 3.*too-few-signers/);
  });
});
