// Receipts claiming epoch 0 past the first boundary (issue 16's admitted gap). Honest members of epoch 0
// never certify past their boundary, so such a receipt takes a quorum of epoch 0's keys: retired keys later
// compromised (a rotation after a compromise is a documented case). The genesis alone cannot see it (the
// remaining limit, README known gaps); the boundaries a verifier learns from an epoch proof (a node's, or an
// export's epoch hops) or a head it holds refuse it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigWorld } from "./config-world.js";
import type { Executed } from "./core.js";
import type { EpochRecord } from "./epochs.js";
import { exportLedgerToFile } from "./export.js";
import { ledgerThroughEpochs } from "./heads-testing.js";
import { readHistory } from "./history.js";
import { MemoryLedger } from "./memory-ledger.js";
import { assembleReceipt, buildReply, verifyReceipt } from "./receipt.js";

const root = mkdtempSync(join(tmpdir(), "receipt-epochs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const a = await ledgerThroughEpochs(join(root, "a"));
const genesis = a.world.genesis;
const exported = join(root, "a.ndjson");
await exportLedgerToFile(a.ledger, exported);
const epochs = a.ledger.epochs();
const lastEntry = (await a.ledger.get(a.ledger.head().height))!;
const firstEntry = (await a.ledger.get(1))!;
await a.ledger.close();
const proof = (await readHistory(exported, genesis.clusterId)).epochProof;
const firstBoundary = epochs[1]!.startHeight - 1;

// The same genesis, never reconfigured: its entries past the first boundary are "epoch 0" to anyone who
// holds only the genesis (what 2f+1 leaked keys of epoch 0 can make).
let mem: MemoryLedger | undefined;
const c = new ConfigWorld((b) => mem!.executeMany(b));
mem = MemoryLedger.create(c.genesis);
let forged: Executed | undefined;
while (c.height <= firstBoundary + 4)
  forged = (await c.submit({ id: c.nextId(), type: "decision", title: "x", content: {}, source: "s" })).out;

function receiptOf(world: ConfigWorld, epoch: EpochRecord, entry: Executed["entry"], entryHash: Uint8Array) {
  const atts = world.vouch(epoch, entry.height, entryHash, "attestation", epoch.config.f + 1);
  return assembleReceipt(
    entry.batch.requests[0]!,
    atts.map((x) => buildReply(entry, 0, x)),
  );
}

describe("a receipt claiming epoch 0 past the first boundary", () => {
  const receipt = receiptOf(c, c.epoch, forged!.entry, forged!.entryHash);

  it("passes with the genesis alone: the limit the README names", () => {
    expect(c.genesis).toEqual(genesis);
    expect(forged!.entry.height).toBeGreaterThan(firstBoundary);
    expect(verifyReceipt(receipt, genesis)).toMatchObject({ epoch: 0, height: forged!.entry.height });
  });

  it("is refused with the export's epoch proof, even one reaching only epoch 1", () => {
    expect(proof.hops.length).toBe(6);
    expect(() => verifyReceipt(receipt, genesis, proof)).toThrow(
      new RegExp(
        `height ${forged!.entry.height} is not in epoch 0 \\(the epoch proof puts it at heights 1\\.\\.${firstBoundary}\\)`,
      ),
    );
    expect(() => verifyReceipt(receipt, genesis, { ...proof, hops: proof.hops.slice(0, 1) })).toThrow(
      /is not in epoch 0/,
    );
  });

  it("a head the verifier holds must verify and fit the epoch proof; a fork's head contradicts it", () => {
    const lastHead = a.heads.at(-1)!;
    expect(lastHead.epoch).toBe(6);
    expect(() => verifyReceipt(receipt, genesis, undefined, { heads: [lastHead] })).toThrow(
      /a head you hold does not verify: .*epoch 6.*\(unknown-epoch\)/,
    );
    // the forger's own head of epoch 0 above the first boundary: not the history the proof follows
    const forgedHead = c.signedHead(c.epoch, forged!.entry.height, forged!.entryHash, forged!.treeRoot);
    const genuine = receiptOf(a.world, epochs[0]!, firstEntry, firstEntry.entryHash);
    expect(verifyReceipt(genuine, genesis, proof, { heads: [a.heads[0]!] })).toMatchObject({ epoch: 0 });
    expect(() => verifyReceipt(genuine, genesis, proof, { heads: [forgedHead] })).toThrow(
      /contradicts the epoch proof: another history/,
    );
    // with the genesis alone the forger's head agrees with its receipt: nothing to compare against
    expect(verifyReceipt(receipt, genesis, undefined, { heads: [forgedHead] })).toMatchObject({ epoch: 0 });
  });

  it("a genuine receipt of the last epoch verifies with the export's proof and the heads it holds", () => {
    const last = epochs.at(-1)!;
    const genuine = receiptOf(a.world, last, lastEntry, lastEntry.entryHash);
    expect(() => verifyReceipt(genuine, genesis)).toThrow(/epoch proof reaching epoch 6/);
    expect(verifyReceipt(genuine, genesis, proof, { heads: [a.heads[0]!, a.heads.at(-1)!] })).toMatchObject({
      epoch: 6,
      height: lastEntry.height,
    });
  });
});
