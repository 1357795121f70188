// PBFT may commit one batch at one seq in two views on two replicas (a view change overtaking a commit).
// Their ledgers must still be one chain: the entry hash covers what the members agreed on, never the view
// of the certificate that committed it locally.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pbft, toHex } from "@pbft/consensus";
import { ulid } from "ulid";
import { afterAll, describe, expect, it } from "vitest";
import type { BatchToExecute } from "./core.js";
import { assembleReceipt, buildReply, verifyReceipt } from "./receipt.js";
import { Ledger } from "./store.js";
import { makeFixture } from "./test-fixture.js";
import { verifyLedger } from "./verify.js";

const fx = makeFixture();
const root = mkdtempSync(join(tmpdir(), "ledger-one-chain-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 1;
function requests(count: number): pbft.ClientRequest[] {
  return Array.from({ length: count }, () =>
    fx.request({ id: ulid(), type: "decision", title: `r${n}`, content: {}, source: "s" }, n++),
  );
}
function committed(seq: number, view: number, reqs: pbft.ClientRequest[], signers: number[]): BatchToExecute {
  return { seq, view, requests: reqs, certificate: fx.certify(view, seq, reqs, signers) };
}

describe("one chain for every honest member", () => {
  it("a batch committed in view 1 on one replica and view 2 on another gives the same entries and receipts", async () => {
    const b1 = requests(2);
    const b2 = requests(3);
    const b3 = requests(3); // the batch the view change overtook
    const b4 = requests(1);
    // Replica 3 committed seq 3 in view 1 (members 3, 0, 1); replicas 0-2 in view 2 (members 0, 1, 2).
    const onReplica3 = [
      committed(1, 0, b1, [0, 1, 2]),
      committed(2, 0, b2, [0, 1, 3]),
      committed(3, 1, b3, [3, 0, 1]),
      committed(4, 2, b4, [0, 1, 2]),
    ];
    const onReplica0 = [...onReplica3.slice(0, 2), committed(3, 2, b3, [0, 1, 2]), onReplica3[3]!];
    const dirA = join(root, "replica3");
    const dirB = join(root, "replica0");
    const a = await Ledger.open(dirA, fx.cluster);
    const b = await Ledger.open(dirB, fx.cluster);
    const outA = await a.executeMany(onReplica3);
    const outB: typeof outA = [];
    for (const x of onReplica0) outB.push(await b.execute(x));

    // Same header bytes and entry hash at every height (so the same checkpoint digests and attestations).
    for (let h = 1; h <= 4; h++) {
      const ea = (await a.get(h))!;
      const eb = (await b.get(h))!;
      expect(toHex(ea.headerBytes), `height ${h}`).toBe(toHex(eb.headerBytes));
      expect(toHex(ea.entryHash), `height ${h}`).toBe(toHex(eb.entryHash));
    }
    expect(toHex(a.head().entryHash)).toBe(toHex(b.head().entryHash));
    // The certificates differ: evidence beside the entry, each proving the same (seq, batch digest).
    const certA = (await a.committedBatch(3))!.certificate!;
    const certB = (await b.committedBatch(3))!.certificate!;
    expect([Number(certA.view), (certA.commits ?? []).map((c) => c.signer)]).toEqual([1, [3, 0, 1]]);
    expect([Number(certB.view), (certB.commits ?? []).map((c) => c.signer)]).toEqual([2, [0, 1, 2]]);
    expect(toHex((await a.get(3))!.batchBytes)).not.toBe(toHex((await b.get(3))!.batchBytes));

    // Receipts for a request of seq 3: from either ledger alone, or with one attestation from each side.
    const index = 1;
    const entryA = outA[2]!.entry;
    const entryB = outB[2]!.entry;
    const att = (m: number) => fx.attest(m, 3, entryA.entryHash); // one hash both sides sign
    const fromA = assembleReceipt(b3[index]!, [
      buildReply(entryA, index, att(3)),
      buildReply(entryA, index, att(0)),
    ]);
    const fromB = assembleReceipt(b3[index]!, [
      buildReply(entryB, index, att(1)),
      buildReply(entryB, index, att(2)),
    ]);
    const mixed = assembleReceipt(b3[index]!, [
      buildReply(entryA, index, att(3)),
      buildReply(entryB, index, att(2)),
    ]);
    const decisions = [fromA, fromB, mixed].map((r) =>
      verifyReceipt(pbft.Receipt.decode(pbft.Receipt.encode(r).finish()), fx.cluster),
    );
    for (const d of decisions) expect(d).toMatchObject({ height: 3, accepted: true });
    expect(new Set(decisions.map((d) => toHex(d.entryHash)))).toEqual(new Set([toHex(entryB.entryHash)]));
    expect(Number(fromA.certificate!.view)).toBe(1);
    expect(Number(fromB.certificate!.view)).toBe(2);

    await a.close();
    await b.close();
    const va = await verifyLedger(dirA, fx.cluster);
    const vb = await verifyLedger(dirB, fx.cluster);
    expect(va).toMatchObject({ ok: true, height: 4, proposals: 9 });
    expect(vb).toMatchObject({ ok: true, height: 4, proposals: 9 });
    if (va.ok && vb.ok) expect(toHex(va.headHash)).toBe(toHex(vb.headHash));
  });

  it("re-appending a stored batch with another view's certificate is a repeat, not a fork", async () => {
    const l = await Ledger.open(join(root, "repeat"), fx.cluster);
    const reqs = requests(2);
    const first = await l.execute(committed(1, 1, reqs, [3, 0, 1]));
    const again = await l.execute(committed(1, 2, reqs, [0, 1, 2]));
    expect(toHex(again.entryHash)).toBe(toHex(first.entryHash));
    expect(Number((await l.committedBatch(1))!.certificate!.view)).toBe(1); // the first one stays
    await l.close();
  });
});
