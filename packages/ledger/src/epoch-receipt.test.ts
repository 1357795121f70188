// Receipts across epochs: an entry of epoch e > 0 verifies with the genesis and an epoch proof (boundary
// headers, their certificates, the signatures vouching for them and each next configuration), and not
// without it or with any part of it changed; epoch-0 receipts verify as before.
import { describe, expect, it } from "vitest";
import { rotateOp, testKey } from "./config-testing.js";
import { ConfigWorld } from "./config-world.js";
import type { Executed } from "./core.js";
import type { EpochProof } from "./epoch-proof.js";
import { verifyEpochProof } from "./epoch-proof.js";
import { LedgerError } from "./errors.js";
import { MemoryLedger } from "./memory-ledger.js";
import { assembleReceipt, buildReply, verifyReceipt } from "./receipt.js";

let ledger: MemoryLedger | undefined;
const w = new ConfigWorld((b) => ledger!.executeMany(b));
ledger = MemoryLedger.create(w.genesis);
const l = ledger;
const record = () => ({ id: w.nextId(), type: "decision", title: "t", content: {}, source: "s" });
const first = await w.submit(record());
const boundaries: number[] = [];
await w.reconfigure([{ op: "add-member", card: w.member("node4", { port: 7040 }).card }]);
await w.reconfigure([
  rotateOp(w.clusterId, w.keyOf("node1"), w.member("node1", { vote: testKey("node1-new") })),
]);
const last = await w.submit(record());

function receiptOf(out: Executed) {
  const epoch = l.epochAt(out.entry.height);
  const atts = w.vouch(epoch, out.entry.height, out.entryHash, "attestation", epoch.config.f + 1);
  const request = out.entry.batch.requests[0]!;
  return assembleReceipt(
    request,
    atts.map((a) => buildReply(out.entry, 0, a)),
  );
}

describe("receipts after reconfiguration", () => {
  it("an epoch-2 receipt verifies from the genesis with the epoch proof, and only with it", () => {
    expect(l.epoch().epoch).toBe(2);
    expect(() => l.epochProof()).toThrow(LedgerError);
    for (const e of l.epochs().slice(1)) {
      const b = e.startHeight - 1;
      boundaries.push(b);
      const entry = l.get(b)!;
      l.saveBoundaryProof(b, w.vouch(l.epochAt(b), b, entry.entryHash));
    }
    const proof = l.epochProof();
    expect(proof.hops.length).toBe(2);
    expect(verifyEpochProof(JSON.parse(JSON.stringify(proof)), w.genesis).map((e) => e.hash)).toEqual(
      l.epochs().map((e) => e.hash),
    );
    const receipt = receiptOf(last.out);
    expect(verifyReceipt(receipt, w.genesis, proof)).toMatchObject({ epoch: 2, accepted: true });
    expect(() => verifyReceipt(receipt, w.genesis)).toThrow(/epoch proof reaching epoch 2/);
    // an epoch-0 receipt verifies without a proof, as before; with one, its height must be in epoch 0
    const old = receiptOf(first.out);
    expect(verifyReceipt(old, w.genesis)).toMatchObject({ epoch: 0, accepted: true });
    expect(verifyReceipt(old, w.genesis, proof)).toMatchObject({ epoch: 0 });
  });

  it("every part of an epoch proof is checked", () => {
    const proof = l.epochProof();
    const receipt = receiptOf(last.out);
    const variant = (change: (p: EpochProof) => void) => {
      const p = JSON.parse(JSON.stringify(proof)) as EpochProof;
      change(p);
      return () => verifyReceipt(receipt, w.genesis, p);
    };
    // a configuration with another member key than the hand-over named
    expect(
      variant((p) => {
        const m = (p.hops[1]!.config as { members: { votePublicKey: string }[] }).members[0]!;
        m.votePublicKey = testKey("intruder").hex;
      }),
    ).toThrow(/hop 1: the configuration is not the one the boundary header names/);
    // too few members vouching for a boundary header
    expect(variant((p) => p.hops[0]!.signatures.splice(1))).toThrow(/hop 0: 1 members vouch .* need 2/);
    // a boundary header changed (its next_config_hash): the vouchers signed another entry hash
    expect(
      variant((p) => {
        p.hops[0]!.header = p.hops[1]!.header;
      }),
    ).toThrow(/hop 0/);
    // the certificate of another boundary
    expect(
      variant((p) => {
        p.hops[1]!.certificate = p.hops[0]!.certificate;
      }),
    ).toThrow(/hop 1: certificate/);
    // hops missing: the receipt's epoch is not reached
    expect(variant((p) => p.hops.pop())).toThrow(/epoch proof reaching epoch 2/);
  });

  it("saveBoundaryProof refuses signatures that do not vouch for the boundary", () => {
    const b = boundaries[0]!;
    const entry = l.get(b)!;
    expect(() => l.saveBoundaryProof(b, w.vouch(l.epochAt(b), b, entry.entryHash, "checkpoint", 1))).toThrow(
      /1 members vouch, need 2/,
    );
    expect(() => l.saveBoundaryProof(b + 1, [])).toThrow(/not the last entry of an epoch/);
    // epoch 1's members cannot vouch for epoch 0's boundary
    expect(() => l.saveBoundaryProof(b, w.vouch(l.epochAt(b + 1), b, entry.entryHash))).toThrow(LedgerError);
  });
});
