// The node's head keeper: it stores a stable checkpoint's proof as a signed head only over its own entry,
// and answers consistency and inclusion proofs that verify against the heads, reading only the entries
// appended since its last answer.
import {
  EMPTY_ROOT,
  fromHex,
  historyLeaf,
  pbft,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from "@pbft/consensus";
import { type Executed, Ledger, MemoryKv, verifyInclusionProof } from "@pbft/ledger";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { headKeys } from "../testing/head-keys.js";
import { HeadKeeper } from "./heads.js";

const { cluster, proof } = headKeys("keeper");

async function append(ledger: Ledger, upTo: number, out: Executed[]): Promise<void> {
  for (let h = ledger.head().height + 1; h <= upTo; h++) {
    // null batches: the ledger checks that the certificate names the batch, signatures are consensus's
    const certificate = pbft.CommitCertificate.create({ view: 0, seq: h, batchDigest: EMPTY_ROOT });
    out.push(await ledger.execute({ seq: h, view: 0, requests: [], certificate }));
  }
}

describe("head keeper", () => {
  it("stores heads over its own entries, and proves consistency and inclusion as the ledger grows", async () => {
    const ledger = await Ledger.open(new MemoryKv(), cluster);
    const out: Executed[] = [];
    await append(ledger, 20, out);
    const keeper = new HeadKeeper({ ledger, cluster, logger: pino({ level: "silent" }) });
    const at = (h: number) => out[h - 1]!;
    keeper.keep(proof(8, at(8).entryHash, at(8).treeRoot));
    keeper.keep(proof(40, at(8).entryHash, at(8).treeRoot)); // above the ledger: not stored
    keeper.keep(proof(16, at(15).entryHash, at(16).treeRoot)); // not our entry at 16: not stored
    await keeper.flushed();
    expect((await ledger.latestSignedHead())?.height).toBe(8);
    const path = await keeper.consistency(4, 8);
    expect(typeof path).not.toBe("string");
    const hashes = (path as string[]).map(fromHex);
    expect(verifyConsistency(4, 8, at(4).treeRoot, at(8).treeRoot, hashes)).toBeNull();
    await append(ledger, 33, out);
    keeper.keep(proof(32, at(32).entryHash, at(32).treeRoot));
    await keeper.flushed();
    const later = (await keeper.consistency(8, 32)) as string[];
    expect(verifyConsistency(8, 32, at(8).treeRoot, at(32).treeRoot, later.map(fromHex))).toBeNull();
    const inclusion = await keeper.inclusion(5);
    expect(() => verifyInclusionProof(inclusion, cluster)).not.toThrow();
    const p = inclusion as unknown as { path: string[] };
    expect(
      verifyInclusion(historyLeaf(at(5).entryHash), 4, 32, p.path.map(fromHex), at(32).treeRoot),
    ).toBeNull();
    expect(await keeper.inclusion(33)).toMatch(/not under a signed head yet \(latest: 32\)/);
    expect(await keeper.consistency(8, 40)).toMatch(/below 40/);
    expect(toHex(at(33).treeRoot)).toBe(toHex(ledger.treeRoot()));
    await ledger.close();
  });
});
