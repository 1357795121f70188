// The SDK across configuration epochs, on artefacts made by the real ledger: a world (packages/ledger
// ConfigWorld over a MemoryLedger) that adds a member and a proposer (epoch 1), then rotates node1's vote
// key (epoch 2). Receipts, records and signed heads of epoch 2 verify from the genesis and the ledger's
// epoch proof, and fail clearly without it or with any part of it forged; the verdicts agree with the
// ledger's own (node:crypto) verifiers on tampered proofs and receipts (fast-check).
import { pbft } from "@pbft/consensus";
import {
  assembleReceipt,
  buildReply,
  ConfigWorld,
  clusterConfigHash,
  type EpochProof,
  type Executed,
  epochConfigs,
  headFromProof,
  verifySignedHead as ledgerHead,
  verifyEpochProof as ledgerProof,
  verifyReceipt as ledgerReceipt,
  MemoryLedger,
  testRotateOp as rotateOp,
  testCertificate,
  testEnvelope,
  testKey,
} from "@pbft/ledger";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromHex, toBase64, toHex } from "./bytes.js";
import { EpochProofError, epochAt, verifyEpochProof } from "./epochs.js";
import { verifySignedHead } from "./heads.js";
import { type RecordClaim, verifyRecord } from "./records.js";
import { receiptParts, VerificationError, verifyReceipt } from "./verify.js";

let ledger: MemoryLedger | undefined;
const w = new ConfigWorld((b) => ledger!.executeMany(b));
ledger = MemoryLedger.create(w.genesis);
const l = ledger;
const newProposer = testKey("sdk:new-proposer");
const original = { id: w.nextId(), type: "decision", title: "t", content: { v: 1 }, source: "s" };
const first = await w.submit(original);
await w.reconfigure([
  { op: "add-member", card: w.member("node4", { port: 7040 }).card },
  { op: "add-proposer", name: "new", publicKey: newProposer.hex },
]);
/** Epoch 1's vote keys by member id, kept to sign as the old epoch after its boundary. */
const epoch1Keys = l.epoch().config.members.map((m) => [m.id, w.keyOf(m.name)] as const);
await w.reconfigure([
  rotateOp(w.clusterId, w.keyOf("node1"), w.member("node1", { vote: testKey("node1-new") })),
]);
const amendment = {
  id: w.nextId(),
  amends: original.id,
  amendmentType: "correction",
  reason: "r",
  content: { v: 2 },
};
const amended = await w.submit({ proposal: amendment, client: newProposer });
for (const e of l.epochs().slice(1)) {
  const b = e.startHeight - 1;
  l.saveBoundaryProof(b, w.vouch(l.epochAt(b), b, l.get(b)!.entryHash));
}
const proof = l.epochProof();
const copy = (): EpochProof => JSON.parse(JSON.stringify(proof)) as EpochProof;

function receiptOf(out: Executed, certificate?: pbft.ICommitCertificate, attestedEpoch?: number): Uint8Array {
  const inForce = l.epochAt(out.entry.height);
  const epoch = attestedEpoch === undefined ? inForce : { ...inForce, epoch: attestedEpoch };
  const atts = w.vouch(epoch, out.entry.height, out.entryHash, "attestation", epoch.config.f + 1);
  const r = assembleReceipt(
    out.entry.batch.requests[0]!,
    atts.map((a) => buildReply(out.entry, 0, a)),
  );
  if (certificate) r.certificate = pbft.CommitCertificate.create(certificate);
  return pbft.Receipt.encode(r).finish();
}

const problem = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(VerificationError);
    return (e as VerificationError).problem;
  }
  return "verified";
};

describe("epochs after reconfiguration", () => {
  it("an epoch-2 receipt verifies with the genesis and the epoch proof, as the ledger verifies it", () => {
    expect(l.epoch().epoch).toBe(2);
    const r = receiptOf(amended.out);
    const d = verifyReceipt(r, w.genesis, proof);
    expect(d).toMatchObject({ epoch: 2, accepted: true, attestedBy: [0, 1] });
    expect(d.committedBy).toHaveLength(4); // n = 5, f = 1: quorum ceil(7/2) = 4, not 2f+1
    expect(d.entryHash).toBe(toHex(ledgerReceipt(pbft.Receipt.decode(r), w.genesis, proof).entryHash));
    expect(problem(() => verifyReceipt(r, w.genesis))).toMatch(/an epoch proof reaching epoch 2 is needed/);
    // epoch-0 receipts: as before without a proof; with one, their height must lie in epoch 0
    expect(verifyReceipt(receiptOf(first.out), w.genesis).epoch).toBe(0);
    expect(verifyReceipt(receiptOf(first.out), w.genesis, proof).epoch).toBe(0);
    expect(verifyEpochProof(copy(), w.genesis).map((e) => e.hash)).toEqual(l.epochs().map((e) => e.hash));
  });

  it("refuses a forged next configuration, too few or foreign signatures, a gap in the chain", () => {
    const r = receiptOf(amended.out);
    const variant = (change: (p: EpochProof) => void) => {
      const p = copy();
      change(p);
      return problem(() => verifyReceipt(r, w.genesis, p));
    };
    const members = (p: EpochProof, hop: number) =>
      (p.hops[hop]!.config as { members: { votePublicKey: string }[] }).members;
    expect(variant((p) => (members(p, 1)[0]!.votePublicKey = testKey("intruder").hex))).toMatch(
      /epoch proof: hop 1: the configuration is not the one the boundary header names/,
    );
    expect(variant((p) => p.hops[0]!.signatures.splice(1))).toMatch(/hop 0: 1 members vouch .*need 2/);
    // a signature by a key that is not a member of epoch 0 (the new node4 signing as member 3)
    const foreign = testEnvelope(w.clusterId, 3, testKey("vote:node4"), {
      checkpoint: { seq: l.epochs()[1]!.startHeight - 1, stateDigest: new Uint8Array(32), epoch: 0 },
    });
    expect(
      variant((p) => (p.hops[0]!.signatures[2] = toHex(pbft.Envelope.encode(foreign).finish()))),
    ).toMatch(/hop 0: bad signature from member 3 of epoch 0/);
    expect(
      variant((p) => {
        const env = pbft.Envelope.decode(fromHex(p.hops[0]!.signatures[0]!));
        env.signer = 9;
        p.hops[0]!.signatures[0] = toHex(pbft.Envelope.encode(env).finish());
      }),
    ).toMatch(/hop 0: signer 9 is not a member of epoch 0/);
    // a gap: hop 0 left out, so epoch 1's hop is checked against the genesis
    expect(variant((p) => p.hops.shift())).toMatch(/hop 0: the boundary header is of epoch 1/);
    expect(variant((p) => p.hops.pop())).toMatch(/epoch proof reaching epoch 2 is needed/);
    expect(variant((p) => (p.hops[1]!.certificate = p.hops[0]!.certificate))).toMatch(
      /hop 1: a certificate of epoch 0, but epoch 1/,
    );
    expect(variant((p) => (p.clusterId = "other"))).toMatch(/epoch proof: for another cluster/);
    expect(problem(() => verifyReceipt(r, w.genesis, { format: "x" }))).toMatch(/not a pbft-epoch-proof\/1/);
    expect(() => verifyEpochProof(null, w.genesis)).toThrow(EpochProofError);
    // only the keys of the genesis: epoch 1 names the whole genesis' hash
    const { clusterId, f, members: m, proposers } = w.genesis;
    expect(problem(() => verifyEpochProof(proof, { clusterId, f, members: m, proposers }))).toMatch(
      /hop 0: epoch 1 follows genesis [0-9a-f]{16}…, but the genesis given hashes to/,
    );
  });

  it("refuses a certificate signed by the old epoch's keys after the boundary", () => {
    const out = amended.out;
    const { seq, view, requests } = w.batches[out.entry.height - 1]!;
    // epoch 1's members certifying a batch of epoch 2, naming their own epoch...
    const old = testCertificate(w.clusterId, 1, view, seq, requests, epoch1Keys.slice(0, 4));
    expect(problem(() => verifyReceipt(receiptOf(out, old), w.genesis, proof))).toMatch(
      /a certificate of epoch 1, but epoch 2 is in force at height/,
    );
    // ...or naming epoch 2: node1's old key is not its key in epoch 2
    const forged = testCertificate(w.clusterId, 2, view, seq, requests, epoch1Keys.slice(0, 4));
    expect(problem(() => verifyReceipt(receiptOf(out, forged), w.genesis, proof))).toMatch(
      /bad signature from member 1 of epoch 2/,
    );
    // attestations by epoch 2's members naming epoch 1
    expect(problem(() => verifyReceipt(receiptOf(out, undefined, 1), w.genesis, proof))).toMatch(
      /member 0 signed something else than \(\d+, the entry, epoch 2\)/,
    );
    // an entry naming epoch 1 at a height the proof gives to epoch 2
    const history = verifyEpochProof(proof, w.genesis);
    expect(problem(() => epochAt(history, 1, out.entry.height))).toMatch(/is not in epoch 1/);
  });

  it("refuses an epoch-0 entry past the first boundary (the genesis keys forking after the hand-over)", async () => {
    // The same genesis (same keys) driven without the change: its entries stay of epoch 0.
    let forkLedger: MemoryLedger | undefined;
    const fork = new ConfigWorld((b) => forkLedger!.executeMany(b));
    forkLedger = MemoryLedger.create(fork.genesis);
    expect(clusterConfigHash(fork.genesis)).toBe(clusterConfigHash(w.genesis));
    const boundary = l.epochs()[1]!.startHeight - 1;
    let out: Executed | undefined;
    while (fork.height <= boundary) out = (await fork.submit({ ...original, id: fork.nextId() })).out;
    const atts = fork.vouch(fork.epoch, out!.entry.height, out!.entryHash, "attestation", 2);
    const r = pbft.Receipt.encode(
      assembleReceipt(
        out!.entry.batch.requests[0]!,
        atts.map((a) => buildReply(out!.entry, 0, a)),
      ),
    ).finish();
    expect(verifyReceipt(r, w.genesis).epoch).toBe(0); // the genesis alone cannot know the boundary
    expect(problem(() => verifyReceipt(r, w.genesis, proof))).toBe(
      `height ${out!.entry.height} is not in epoch 0`,
    );
  });

  it("verifies a record whose amendment is of epoch 2, by a proposer epoch 1 added", () => {
    const step = (out: Executed, kind: string, id: string) => {
      const p = receiptParts(receiptOf(out));
      return {
        trace: { height: out.entry.height, entryHash: toHex(out.entryHash), proposalId: id, kind },
        proof: {
          requestBody: toBase64(p.requestBody),
          requestSignature: toBase64(p.requestSignature),
          header: toBase64(p.header),
          index: p.index,
          requestProof: p.requestProof.map(toBase64),
          result: toBase64(p.result),
          resultProof: p.resultProof.map(toBase64),
          certificate: toBase64(p.certificate),
        },
      };
    };
    const steps = [step(first.out, "original", original.id), step(amended.out, "correction", amendment.id)];
    const claim: RecordClaim = {
      ...original,
      content: { v: 2 },
      status: "in-force",
      trace: steps.map((s) => s.trace),
      proofs: steps.map((s) => s.proof),
    };
    const v = verifyRecord(claim, w.genesis, proof);
    expect(v.problems).toEqual([]);
    expect(v.steps.map((s) => s?.epoch)).toEqual([0, 2]);
    expect(verifyRecord(claim, w.genesis).problems.join()).toMatch(/epoch proof reaching epoch 2/);
    const bad = copy();
    bad.hops[0]!.signatures.splice(1);
    expect(verifyRecord(claim, w.genesis, bad)).toMatchObject({ verified: false });
  });

  it("verifies a signed head of epoch 2, and refuses one signed by epoch 1's keys past its boundary", () => {
    const genesisHash = fromHex(clusterConfigHash(w.genesis));
    const head = (
      epoch: number,
      seq: number,
      signers: readonly (readonly [number, ReturnType<typeof testKey>])[],
    ) =>
      headFromProof(
        w.clusterId,
        signers.map(([id, key]) =>
          testEnvelope(w.clusterId, id, key, {
            checkpoint: {
              seq,
              stateDigest: l.get(seq)!.entryHash,
              epoch,
              treeRoot: new Uint8Array(32).fill(7),
              genesisHash,
            },
          }),
        ),
      )!;
    const h = amended.out.entry.height;
    const epoch2Keys = l.epoch().config.members.map((m) => [m.id, w.keyOf(m.name)] as const);
    const good = head(2, h, epoch2Keys.slice(0, 4));
    expect(verifySignedHead(good, w.genesis, proof).signedBy).toEqual([0, 1, 2, 3]);
    expect(ledgerHead(good, w.genesis, epochConfigs(ledgerProof(proof, w.genesis))).height).toBe(h);
    expect(problem(() => verifySignedHead(good, w.genesis))).toMatch(/epoch proof reaching epoch 2/);
    expect(problem(() => verifySignedHead(head(2, h, epoch2Keys.slice(0, 3)), w.genesis, proof))).toMatch(
      /signed by 3 members, 4 needed in epoch 2/,
    );
    // epoch 1's members signing a head at a height of epoch 2 (the ledger's head check alone accepts it)
    expect(problem(() => verifySignedHead(head(1, h, epoch1Keys.slice(0, 4)), w.genesis, proof))).toMatch(
      /height \d+ is not in epoch 1/,
    );
    expect(problem(() => verifySignedHead({ ...good, epoch: 1 }, w.genesis, proof))).toMatch(
      /says otherwise: epoch 2/,
    );
  });
});

describe("the SDK's epoch proof and receipt checks agree with the ledger's", () => {
  const ours = (f: () => unknown) => {
    try {
      f();
      return "accepted";
    } catch (e) {
      expect(e).toBeInstanceOf(VerificationError);
      return "rejected";
    }
  };
  const theirs = (f: () => unknown) => {
    try {
      f();
      return "accepted";
    } catch {
      return "rejected";
    }
  };
  const hexField = fc.constantFrom("header", "certificate", "signature");

  it("on proofs with one byte of a hop's header, certificate or signature changed", () => {
    fc.assert(
      fc.property(fc.nat(1), hexField, fc.nat(), fc.integer({ min: 1, max: 255 }), (hop, field, at, x) => {
        const p = copy();
        const h = p.hops[hop]!;
        const text = field === "signature" ? h.signatures[at % h.signatures.length]! : h[field];
        const b = fromHex(text);
        b[at % b.length]! ^= x;
        if (field === "signature") h.signatures[at % h.signatures.length] = toHex(b);
        else h[field] = toHex(b);
        const verdict = ours(() => verifyEpochProof(p, w.genesis));
        expect(verdict).toBe(theirs(() => ledgerProof(p, w.genesis)));
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it("on proofs with a configuration value changed", () => {
    fc.assert(
      fc.property(fc.nat(1), fc.nat(), fc.string({ maxLength: 4 }), (hop, at, s) => {
        const p = copy();
        const c = p.hops[hop]!.config as Record<string, unknown>;
        const key = Object.keys(c).sort()[at % Object.keys(c).length]!;
        c[key] = typeof c[key] === "string" ? `${c[key]}${s}` : s;
        expect(ours(() => verifyEpochProof(p, w.genesis))).toBe(theirs(() => ledgerProof(p, w.genesis)));
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it("on epoch-2 signed heads with one byte of the checkpoint or a signature changed", () => {
    const h = amended.out.entry.height;
    const signers = l
      .epoch()
      .config.members.slice(0, 4)
      .map((m) => [m.id, w.keyOf(m.name)] as const);
    const genesisHash = fromHex(clusterConfigHash(w.genesis));
    const head = headFromProof(
      w.clusterId,
      signers.map(([id, key]) =>
        testEnvelope(w.clusterId, id, key, {
          checkpoint: {
            seq: h,
            stateDigest: amended.out.entryHash,
            epoch: 2,
            treeRoot: genesisHash,
            genesisHash,
          },
        }),
      ),
    )!;
    const epochs = epochConfigs(ledgerProof(proof, w.genesis));
    fc.assert(
      fc.property(fc.nat(4), fc.nat(), fc.integer({ min: 1, max: 255 }), (which, at, x) => {
        const t = structuredClone(head) as { checkpoint: string; signatures: { signature: string }[] };
        const field = which === 4 ? t : t.signatures[which]!;
        const key = which === 4 ? "checkpoint" : "signature";
        const b = fromHex((field as Record<string, string>)[key]!);
        b[at % b.length]! ^= x;
        (field as Record<string, string>)[key] = toHex(b);
        expect(ours(() => verifySignedHead(t, w.genesis, proof))).toBe(
          theirs(() => ledgerHead(t, w.genesis, epochs)),
        );
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it("on epoch-2 receipts with one byte changed", () => {
    const r = receiptOf(amended.out);
    fc.assert(
      fc.property(fc.nat(r.length - 1), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const t = Uint8Array.from(r);
        t[at]! ^= x;
        expect(ours(() => verifyReceipt(t, w.genesis, proof))).toBe(
          theirs(() => ledgerReceipt(pbft.Receipt.decode(t), w.genesis, proof)),
        );
      }),
      { numRuns: 80 },
    );
  }, 120_000);
});
