import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pbft } from "@pbft/consensus";
import { ulid } from "ulid";
import { afterAll, describe, expect, it } from "vitest";
import { buildReaderEdition } from "./reader.js";
import { assembleReceipt, buildReply, ReceiptError, verifyReceipt } from "./receipt.js";
import { Ledger } from "./store.js";
import { makeFixture } from "./test-fixture.js";

const fx = makeFixture();
const dir = mkdtempSync(join(tmpdir(), "ledger-receipt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("receipts and the reader edition", () => {
  it("proves one decision with f+1 attestations; rejects tampered receipts", async () => {
    const ledger = await Ledger.open(join(dir, "a"), fx.cluster);
    const requests = [0, 1, 2, 3, 4].map((i) =>
      fx.request({ id: ulid(), type: "observation", title: `o${i}`, content: {}, source: "s" }, i + 1),
    );
    const out = await ledger.execute({ seq: 1, view: 0, requests, certificate: fx.certify(0, 1, requests) });
    const replies = [0, 1].map((m) => buildReply(out.entry, 3, fx.attest(m, 1, out.entryHash)));
    const receipt = assembleReceipt(requests[3]!, replies);
    const decoded = pbft.Receipt.decode(pbft.Receipt.encode(receipt).finish());
    const d = verifyReceipt(decoded, fx.cluster);
    expect(d).toMatchObject({ height: 1, accepted: true, reason: "" });
    expect(d.entryHash).toEqual(out.entryHash);
    // one attestation is not enough (f+1 = 2)
    expect(() => verifyReceipt({ ...receipt, attestations: [receipt.attestations[0]!] }, fx.cluster)).toThrow(
      ReceiptError,
    );
    // another request in place of the proven one
    expect(() => verifyReceipt({ ...receipt, request: requests[2] }, fx.cluster)).toThrow(/not in the batch/);
    // a result flipped to rejected
    const forged = pbft.ExecutionResult.encode({ accepted: false, reason: "x", proposalId: "" }).finish();
    expect(() => verifyReceipt({ ...receipt, result: forged }, fx.cluster)).toThrow(/result/);
    // a certificate with only 2 commits
    const weak = fx.certify(0, 1, requests, [0, 1]);
    expect(() => verifyReceipt({ ...receipt, certificate: weak }, fx.cluster)).toThrow(/certificate/);
    await ledger.close();
  });

  it("applies a chain of amendments of every type, refuses amending withdrawn or unknown records", async () => {
    const ledger = await Ledger.open(join(dir, "b"), fx.cluster);
    const rec = {
      id: ulid(),
      type: "decision",
      title: "Budget",
      content: { amount: 10, note: "a" },
      source: "board",
    };
    const other = { id: ulid(), type: "constraint", title: "Quorum", content: { n: 4 }, source: "rules" };
    const am = (amends: string, amendmentType: string, content: object) => ({
      id: ulid(),
      amends,
      amendmentType,
      reason: `${amendmentType} reason`,
      content,
    });
    const proposals = [
      rec,
      other,
      am(rec.id, "clarification", { clarified: true }),
      am(rec.id, "correction", { amount: 12 }),
      am(other.id, "supersession", { n: 7 }),
      am(other.id, "withdrawal", {}),
      am(other.id, "correction", { n: 8 }), // withdrawn: rejected
      am(ulid(), "correction", { n: 8 }), // unknown: rejected
    ];
    const results: string[] = [];
    let seq = 0;
    for (const [i, p] of proposals.entries()) {
      const req = [fx.request(p, i + 1)];
      seq++;
      const out = await ledger.execute({ seq, view: 0, requests: req, certificate: fx.certify(0, seq, req) });
      results.push(out.results[0]!.accepted ? "ok" : out.results[0]!.reason);
    }
    expect(results).toEqual(["ok", "ok", "ok", "ok", "ok", "ok", "record-withdrawn", "unknown-record"]);
    const ed = await buildReaderEdition(fx.cluster.clusterId, ledger.range(1));
    const budget = ed.json.records.find((r) => r.id === rec.id)!;
    expect(budget).toMatchObject({ status: "in-force", content: { amount: 12, note: "a", clarified: true } });
    expect(budget.trace.map((t) => [t.kind, t.height])).toEqual([
      ["original", 1],
      ["clarification", 3],
      ["correction", 4],
    ]);
    expect(budget.trace[2]!.entryHash).toMatch(/^[0-9a-f]{64}$/);
    const quorum = ed.json.records.find((r) => r.id === other.id)!;
    expect(quorum).toMatchObject({ status: "withdrawn", content: { n: 7 } });
    expect(quorum.trace.map((t) => t.kind)).toEqual(["original", "supersession", "withdrawal"]);
    expect(ed.markdown).toContain("## Quorum (withdrawn)");
    expect(ed.html).toContain("<!doctype html>");
    expect(ed.html).toContain("withdrawn");
    await ledger.close();
  });
});
