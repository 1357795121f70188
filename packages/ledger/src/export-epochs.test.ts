// An auditor with nothing but the genesis, across six configuration changes (issues 16 and 17): an export
// carries an epoch hop after each boundary, so it verifies offline and its heads and proofs of the last epoch
// check against the genesis alone, without replaying; a head of a later epoch kept from earlier catches a
// truncated or forked export; an export written before hops existed still verifies.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toHex } from "@pbft/consensus";
import { afterAll, describe, expect, it } from "vitest";
import { decodeEntry } from "./entry.js";
import { verifyEpochProof } from "./epoch-proof.js";
import { exportLedgerToFile, importLedger } from "./export.js";
import { ledgerThroughEpochs } from "./heads-testing.js";
import { readHistory } from "./history.js";
import { proveConsistency, proveInclusion, verifyConsistencyProof, verifyInclusionProof } from "./proofs.js";
import { epochConfigs, type SignedHead, verifySignedHead } from "./signed-head.js";
import { Ledger } from "./store.js";
import { verifyLedger } from "./verify.js";

const root = mkdtempSync(join(tmpdir(), "export-epochs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Epochs 0 and 3 keep the signatures saved at their boundary; the others are vouched for by the head there.
const a = await ledgerThroughEpochs(join(root, "a"), { saveProofs: [0, 3] });
const genesis = a.world.genesis;
const exported = join(root, "a.ndjson");
await exportLedgerToFile(a.ledger, exported);
const lastHead = (await a.ledger.latestSignedHead())!;
const boundaries = a.ledger
  .epochs()
  .slice(1)
  .map((e) => e.startHeight - 1);
await a.ledger.close();
const lines = readFileSync(exported, "utf8").trimEnd().split("\n");

function write(name: string, content: readonly string[]): string {
  const path = join(root, name);
  writeFileSync(path, `${content.join("\n")}\n`);
  return path;
}

/** The export cut after entry `keep` with an end line forged to match and no signed head line. */
function cut(keep: number): string {
  const kept: string[] = [];
  let hash = "";
  for (const line of lines.slice(1)) {
    const m = /^\{"height":(\d+),"value":"([0-9a-f]*)"\}$/.exec(line);
    if (m && Number(m[1]) > keep) break;
    if (line.startsWith('{"signedHead"') || line.startsWith('{"end"')) break;
    kept.push(line);
    if (m) {
      const e = decodeEntry(genesis.clusterId, Buffer.from(m[2]!, "hex"));
      if (typeof e === "string") throw new Error(e);
      hash = toHex(e.entryHash);
    }
  }
  return write(`cut-${keep}.ndjson`, [
    lines[0]!,
    ...kept,
    JSON.stringify({ end: true, count: keep, headHash: hash }),
  ]);
}

const minHeadOf = (h: SignedHead) => ({
  height: h.height,
  entryHash: h.entryHash,
  treeRoot: h.treeRoot,
  signed: h,
});

describe("an export through six configuration changes, from the genesis alone", () => {
  it("carries one epoch hop per boundary, each right after its boundary entry, and verifies offline", async () => {
    expect(a.ledger.epochs().length).toBe(7);
    expect(lastHead.epoch).toBe(6);
    const hopLines = lines.flatMap((l, i) => (l.startsWith('{"epochHop":') ? [i] : []));
    expect(hopLines.length).toBe(6);
    for (const [k, i] of hopLines.entries()) expect(JSON.parse(lines[i - 1]!).height).toBe(boundaries[k]);
    const r = await verifyLedger(exported, genesis);
    expect(r).toMatchObject({ ok: true, epochHops: 6, signedHead: { epoch: 6, height: lastHead.height } });
    if (!r.ok) return;
    expect(r.epochs.map((e) => e.epoch)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // the data dir verifies the same, its stored hops checked against the replay too
    expect(await verifyLedger(join(root, "a"), genesis)).toMatchObject({ ok: true, epochHops: 6 });
  });

  it("its head and proofs of the last epoch verify with the genesis and the export's own epoch proof", async () => {
    const history = await readHistory(exported, genesis.clusterId);
    expect(history.epochProof.hops.length).toBe(6);
    const epochs = epochConfigs(verifyEpochProof(history.epochProof, genesis));
    expect([...epochs.keys()]).toEqual([1, 2, 3, 4, 5, 6]);
    const head = history.heads.at(-1)!;
    expect(() => verifySignedHead(head, genesis)).toThrow(/epoch 6/);
    expect(verifySignedHead(head, genesis, epochs).height).toBe(lastHead.height);
    const height = boundaries.at(-1)! + 2; // an entry of epoch 6
    const inclusion = proveInclusion(
      genesis.clusterId,
      history.leaves,
      height,
      head,
      toHex(history.entryHashes[height - 1]!),
    );
    expect(verifyInclusionProof(JSON.parse(JSON.stringify(inclusion)), genesis, epochs).height).toBe(height);
    // a consistency proof from a head of epoch 2 (the data dir keeps every head) to the export's
    const dirHistory = await readHistory(join(root, "a"), genesis.clusterId);
    expect(dirHistory.epochProof.hops.length).toBe(6);
    const old = dirHistory.heads.find((h) => h.epoch === 2)!;
    const proof = proveConsistency(genesis.clusterId, history.leaves, old, head);
    expect(verifyConsistencyProof(proof, genesis, epochs).to.height).toBe(head.height);
  });

  it("an export without hops (as written before them) still verifies; its epoch proof is empty", async () => {
    const old = write(
      "old.ndjson",
      lines.filter((l) => !l.startsWith('{"epochHop":')),
    );
    expect(await verifyLedger(old, genesis)).toMatchObject({
      ok: true,
      epochHops: 0,
      signedHead: { epoch: 6 },
    });
    expect((await readHistory(old, genesis.clusterId)).epochProof.hops).toEqual([]);
  });

  it("a hop that is changed, moved or vouches for another configuration fails verification", async () => {
    const i = lines.findIndex((l) => l.startsWith('{"epochHop":'));
    const hop = JSON.parse(lines[i]!).epochHop as { signatures: string[]; config: { f: number } };
    const variant = async (name: string, change: (ls: string[]) => void) => {
      const ls = [...lines];
      change(ls);
      return verifyLedger(write(name, ls), genesis);
    };
    // one signature's last byte changed: the line is still canonical, the signature no longer verifies
    const sigs = hop.signatures.map((s, k) =>
      k === 0 ? `${s.slice(0, -2)}${s.endsWith("00") ? "01" : "00"}` : s,
    );
    const badSig = lines[i]!.replace(hop.signatures[0]!, sigs[0]!);
    expect(await variant("bad-sig.ndjson", (ls) => ls.splice(i, 1, badSig))).toMatchObject({
      ok: false,
      badHeight: boundaries[0],
      reason: expect.stringMatching(/epoch hop after entry \d+: hop 0: bad signature/),
    });
    // moved after the next entry: not a boundary there
    expect(
      await variant("moved.ndjson", (ls) => {
        const [h] = ls.splice(i, 1);
        ls.splice(i + 1, 0, h!);
      }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/not the last entry of an epoch/) });
    // not canonical (spaces): refused as a line exports never write
    expect(
      await variant("spaced.ndjson", (ls) =>
        ls.splice(i, 1, ls[i]!.replace('{"epochHop":', '{"epochHop": ')),
      ),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/not an epoch hop as exports write it/) });
    // the hop of epoch 1 put after epoch 0's boundary: another boundary header
    const j = lines.findIndex((l, k) => k > i && l.startsWith('{"epochHop":'));
    expect(await variant("swapped.ndjson", (ls) => ls.splice(i, 1, lines[j]!))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/for another boundary header/),
    });
  });

  it("flipping any single byte of a hop line fails verify (100 random flips)", async () => {
    const original = readFileSync(exported);
    const ranges: [number, number][] = [];
    let at = 0;
    for (const l of lines) {
      const bytes = Buffer.byteLength(l) + 1;
      if (l.startsWith('{"epochHop":')) ranges.push([at, at + bytes - 1]); // the newline too
      at += bytes;
    }
    let s = 7;
    const rnd = () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    const file = join(root, "flipped.ndjson");
    for (let round = 0; round < 100; round++) {
      const [lo, hi] = ranges[Math.floor(rnd() * ranges.length)]!;
      const pos = lo + Math.floor(rnd() * (hi - lo + 1));
      const copy = Buffer.from(original);
      copy[pos] = copy[pos]! ^ (1 + Math.floor(rnd() * 255));
      writeFileSync(file, copy);
      const r = await verifyLedger(file, genesis);
      expect(r.ok, `byte ${pos} flipped`).toBe(false);
    }
  });

  it("import keeps the hops: the imported ledger gives the same epoch proof and exports them again", async () => {
    const dir = join(root, "imported");
    await importLedger(exported, dir, genesis);
    const l = await Ledger.open(dir, genesis);
    try {
      expect(verifyEpochProof(await l.epochProof(), genesis).length).toBe(7);
      const again = join(root, "again.ndjson");
      await exportLedgerToFile(l, again);
      expect(
        readFileSync(again, "utf8")
          .split("\n")
          .filter((x) => x.startsWith('{"epochHop":')).length,
      ).toBe(6);
    } finally {
      await l.close();
    }
  });
});

describe("--min-head with a head of a later epoch", () => {
  const held = () => a.heads.find((h) => h.epoch === 5)!;

  it("a head of epoch 5 kept earlier passes when the export reaches it and agrees", async () => {
    expect(held().height).toBeLessThan(lastHead.height);
    expect(await verifyLedger(exported, genesis, { minHead: minHeadOf(held()) })).toMatchObject({ ok: true });
  });

  it("fails on an export cut before it (forged end line, head line removed)", async () => {
    const file = cut(held().height - 1);
    expect(await verifyLedger(file, genesis)).toMatchObject({ ok: true }); // nothing else catches it
    const r = await verifyLedger(file, genesis, { minHead: minHeadOf(held()) });
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/--min-head.*truncated/) });
    // cut before epoch 5 even began: the held head cannot be checked there, and the export is still short
    const early = await verifyLedger(cut(boundaries[1]!), genesis, { minHead: minHeadOf(held()) });
    expect(early).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/epoch this history does not reach: it ends in epoch 2\): truncated/),
    });
  });

  it("fails on a history forked in the last epoch, and on a held head whose signature is bad", async () => {
    const b = await ledgerThroughEpochs(join(root, "b"), { saveProofs: [0, 3], tag: "fork" });
    await b.ledger.close();
    // the same history up to the last epoch, other records in it: b's head of epoch 6 names another entry
    expect(
      (await readHistory(join(root, "b"), genesis.clusterId)).entryHashes[boundaries.at(-1)! - 1],
    ).toEqual((await readHistory(exported, genesis.clusterId)).entryHashes[boundaries.at(-1)! - 1]);
    const forked = b.heads.find((h) => h.epoch === 6 && h.height <= lastHead.height)!;
    expect(forked.entryHash).not.toBe(a.heads.find((h) => h.height === forked.height)!.entryHash);
    const r = await verifyLedger(exported, genesis, { minHead: minHeadOf(forked) });
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/forked history/) });
    const tampered = {
      ...held(),
      signatures: held().signatures.map((s, k) => (k === 0 ? { ...s, signer: 3 } : s)),
    };
    const bad = await verifyLedger(exported, genesis, { minHead: minHeadOf(tampered) });
    expect(bad).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/head you hold .* does not verify/),
    });
  });
});
