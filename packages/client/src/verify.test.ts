// The browser-side verification against the ledger's own (node:crypto) one, on real receipts: the same
// verdict for the genuine receipt and for every tampered variant.
import { pbft, toHex } from "@pbft/consensus";
import { assembleReceipt, buildReply, Ledger, verifyReceipt as ledgerVerify, MemoryKv } from "@pbft/ledger";
import { describe, expect, it } from "vitest";
import { makeFixture } from "../../ledger/src/test-fixture.js";
import { generateKey, newUlid, signProposal } from "./keys.js";
import { VerificationError, verifyReceipt } from "./verify.js";

const fx = makeFixture("sdk-cluster");

async function receipt(): Promise<Uint8Array> {
  const ledger = await Ledger.open(new MemoryKv(), fx.cluster);
  const reqs = [0, 1, 2].map((i) =>
    fx.request({ id: newUlid(), type: "decision", title: `t${i}`, content: { i }, source: "s" }, i + 1),
  );
  const out = await ledger.execute({ seq: 1, view: 0, requests: reqs, certificate: fx.certify(0, 1, reqs) });
  const entry = out.entry;
  const replies = [0, 2].map((m) => buildReply(entry, 1, fx.attest(m, 1, entry.entryHash)));
  return pbft.Receipt.encode(assembleReceipt(reqs[1]!, replies)).finish();
}

const ours = (b: Uint8Array) => {
  try {
    return verifyReceipt(b, fx.cluster).entryHash;
  } catch (e) {
    expect(e).toBeInstanceOf(VerificationError);
    return "rejected";
  }
};
const theirs = (b: Uint8Array) => {
  try {
    return toHex(ledgerVerify(pbft.Receipt.decode(b), fx.cluster).entryHash);
  } catch {
    return "rejected";
  }
};

describe("receipt verification with @noble", () => {
  it("accepts a genuine receipt with the ledger's decision", async () => {
    const r = await receipt();
    const d = verifyReceipt(r, fx.cluster);
    expect(d).toMatchObject({
      height: 1,
      accepted: true,
      reason: "",
      committedBy: [0, 1, 2],
      attestedBy: [0, 2],
    });
    expect(d.entryHash).toBe(theirs(r));
    expect(JSON.parse(new TextDecoder().decode(d.proposal)).title).toBe("t1");
  });

  it("agrees with the ledger's verifier on every single-byte tampering", async () => {
    const r = await receipt();
    let rejected = 0;
    // Every 7th byte flipped (all of them would take minutes with @noble's verify): each region is hit.
    for (let i = 0; i < r.length; i += 7) {
      const t = Uint8Array.from(r);
      t[i]! ^= 0x01;
      const a = ours(t);
      expect(a, `byte ${i}`).toBe(theirs(t));
      if (a === "rejected") rejected++;
    }
    expect(rejected).toBeGreaterThan(r.length / 7 / 2);
  }, 120_000);

  it("rejects a receipt checked against another genesis", async () => {
    const r = await receipt();
    expect(() => verifyReceipt(r, makeFixture("sdk-cluster").cluster)).toThrow(VerificationError);
  });
});

describe("signing", () => {
  it("encodes the RequestBody exactly as the protobuf codec does", () => {
    const { key } = generateKey();
    const s = signProposal(
      "c1",
      key,
      { id: newUlid(), type: "test", title: "t", content: {}, source: "s" },
      2 ** 47 + 5,
    );
    const body = pbft.RequestBody.decode(s.body);
    expect(body.clusterId).toBe("c1");
    expect(toHex(body.clientKey)).toBe(key.publicKeyHex);
    expect(Number(body.requestNumber)).toBe(2 ** 47 + 5);
    expect(toHex(pbft.RequestBody.encode(body).finish())).toBe(toHex(s.body));
  });

  it("makes monotonic ULIDs", () => {
    const ids = Array.from({ length: 1000 }, () => newUlid(1_700_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});
