import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pbft } from "@pbft/consensus";
import { ulid } from "ulid";
import { afterEach, describe, expect, it } from "vitest";
import { LedgerError } from "./errors.js";
import { exportLedgerToFile, importLedger } from "./export.js";
import { Ledger } from "./store.js";
import { makeFixture } from "./test-fixture.js";
import { verifyLedger } from "./verify.js";

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), "ledger-test-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const fx = makeFixture();
const record = (title = "t") => ({
  id: ulid(),
  type: "decision",
  title,
  content: { text: title },
  source: "test",
});

async function fill(ledger: Ledger, entries: number, perEntry: number, start = 1) {
  let n = start;
  for (let h = ledger.head().height + 1; h <= entries; h++) {
    const requests = Array.from({ length: perEntry }, () => fx.request(record(`r${n}`), n++));
    await ledger.execute({ seq: h, view: 0, requests, certificate: fx.certify(0, h, requests) });
  }
  return n;
}

describe("ledger store", () => {
  it("reads a range of committed batches as the single reads do, up to the head and within a byte budget", async () => {
    const ledger = await Ledger.open(tmp(), fx.cluster);
    await fill(ledger, 10, 2);
    const range = await ledger.committedBatchRange(3, 8);
    expect(range.map((b) => b.seq)).toEqual([3, 4, 5, 6, 7, 8]);
    for (const b of range)
      expect(pbft.CommittedBatch.encode(b).finish()).toEqual(
        pbft.CommittedBatch.encode((await ledger.committedBatch(b.seq))!).finish(),
      );
    expect((await ledger.committedBatchRange(9, 20)).map((b) => b.seq)).toEqual([9, 10]);
    expect(await ledger.committedBatchRange(11, 20)).toEqual([]);
    const one = pbft.CommittedBatch.encode(range[0]!).finish().length;
    // Room for two and a half batches: two; and never less than one, however small the budget.
    expect(await ledger.committedBatchRange(3, 8, Math.floor(one * 2.5))).toHaveLength(2);
    expect(await ledger.committedBatchRange(3, 8, 1)).toHaveLength(1);
    await ledger.close();
  });

  it("appends, reads by height, range, proposal id and client request, and survives reopen", async () => {
    const dir = tmp();
    const ledger = await Ledger.open(dir, fx.cluster);
    const r = record("first");
    const req = fx.request(r, 1);
    const out = await ledger.execute({
      seq: 1,
      view: 0,
      requests: [req],
      certificate: fx.certify(0, 1, [req]),
    });
    expect(out.results[0]!.accepted).toBe(true);
    expect(ledger.head()).toEqual({ height: 1, entryHash: out.entryHash, timeMs: 0 });
    const nul = await ledger.execute({ seq: 2, view: 1, requests: [], certificate: fx.certify(1, 2, []) });
    expect(nul.header.requestCount).toBe(0);
    expect((await ledger.get(1))!.entryHash).toEqual(out.entryHash);
    expect((await ledger.byProposalId(r.id))!.entry.height).toBe(1);
    expect((await ledger.byClientRequest(fx.proposer.hex, 1))!.index).toBe(0);
    const heights: number[] = [];
    for await (const e of ledger.range(1, 2)) heights.push(e.height);
    expect(heights).toEqual([1, 2]);
    expect(await ledger.clientTable()).toEqual([
      { clientKey: fx.proposer.hex, requestNumber: 1, seq: 1, entryHash: out.entryHash },
    ]);
    expect((await ledger.committedBatch(1))!.requests).toHaveLength(1);
    await ledger.close();
    const again = await Ledger.open(dir, fx.cluster);
    expect(again.head().height).toBe(2);
    // the rules' state survives: the same id is now a duplicate, the same request number a duplicate request
    const dup = fx.request(r, 2);
    const res = await again
      .execute({
        seq: 3,
        view: 1,
        requests: [dup, fx.request(record(), 2)],
        certificate: fx.certify(1, 3, [dup, fx.request(record(), 2)]),
      })
      .catch((e: unknown) => e);
    expect(res).toBeInstanceOf(LedgerError); // certificate for other bytes (fresh ULID): refused
    const again2 = fx.request(record(), 1);
    const out3 = await again.execute({
      seq: 3,
      view: 1,
      requests: [dup, again2],
      certificate: fx.certify(1, 3, [dup, again2]),
    });
    expect(out3.results.map((x) => x.reason)).toEqual(["duplicate-id", "duplicate-request"]);
    await again.close();
    expect(await verifyLedger(dir, fx.cluster)).toMatchObject({ ok: true, height: 3, proposals: 3 });
  });

  it("records an undecodable request body as malformed-request and verify reproduces it", async () => {
    const dir = tmp();
    const ledger = await Ledger.open(dir, fx.cluster);
    const bad = pbft.ClientRequest.create({
      body: new Uint8Array([0xff, 0xff]),
      signature: new Uint8Array(64),
    });
    const ok = fx.request(record(), 1);
    const out = await ledger.execute({
      seq: 1,
      view: 0,
      requests: [bad, ok],
      certificate: fx.certify(0, 1, [bad, ok]),
    });
    expect(out.results.map((r) => r.reason)).toEqual(["malformed-request", ""]);
    await ledger.close();
    expect(await verifyLedger(dir, fx.cluster)).toMatchObject({ ok: true, height: 1 });
  });

  it("refuses a fork and a gap with typed errors and keeps them as evidence", async () => {
    const ledger = await Ledger.open(tmp(), fx.cluster);
    await fill(ledger, 2, 1);
    const other = [fx.request(record(), 9)];
    await expect(
      ledger.execute({ seq: 2, view: 0, requests: other, certificate: fx.certify(0, 2, other) }),
    ).rejects.toMatchObject({ code: "fork", height: 2 });
    await expect(
      ledger.execute({ seq: 5, view: 0, requests: other, certificate: fx.certify(0, 5, other) }),
    ).rejects.toMatchObject({ code: "gap", height: 5 });
    const ev: number[] = [];
    for await (const e of ledger.evidence()) ev.push(e.height);
    expect(ev).toEqual([2, 5]);
    expect(ledger.head().height).toBe(2);
    // re-appending the identical batch is idempotent
    const e2 = await ledger.committedBatch(2);
    const again = await ledger.execute({
      seq: 2,
      view: 0,
      requests: e2!.requests,
      certificate: e2!.certificate!,
    });
    expect(again.entry.height).toBe(2);
    await ledger.close();
  });

  it("round-trips through export and import, and the import verifies", async () => {
    const ledger = await Ledger.open(tmp(), fx.cluster);
    await fill(ledger, 10, 3);
    const file = join(tmp(), "export.ndjson");
    expect(await exportLedgerToFile(ledger, file)).toBe(10);
    const head = ledger.head();
    await ledger.close();
    expect(await verifyLedger(file, fx.cluster)).toMatchObject({ ok: true, height: 10, proposals: 30 });
    const target = join(tmp(), "imported");
    expect(await importLedger(file, target, fx.cluster)).toBe(10);
    const imported = await Ledger.open(target, fx.cluster);
    expect(imported.head()).toEqual(head);
    await imported.close();
  });
});
