// The ledger's history tree and signed heads: every appended entry comes with the tree root over entry
// hashes 1..height (the frontier, rebuilt at open by replay), and signed heads are stored and read back.
import { historyLeaf, merkleRoot, toHex } from "@pbft/consensus";
import { describe, expect, it } from "vitest";
import { MemoryKv } from "./kv.js";
import { headFromProof } from "./signed-head.js";
import { Ledger } from "./store.js";
import { makeFixture } from "./test-fixture.js";

const fx = makeFixture();

describe("ledger history tree and signed heads", () => {
  it("gives the tree root at every height, the same after a reopen; stores and reloads signed heads", async () => {
    const kv = new MemoryKv();
    const ledger = await Ledger.open(kv, fx.cluster);
    const leaves: Uint8Array[] = [];
    for (let h = 1; h <= 13; h++) {
      const requests = [
        fx.request({ id: `01J0000000000000000000000${h.toString().padStart(1, "0")}`, x: h }, h),
      ];
      const out = await ledger.execute({
        seq: h,
        view: 0,
        requests,
        certificate: fx.certify(0, h, requests),
      });
      leaves.push(historyLeaf(out.entryHash));
      expect(toHex(out.treeRoot)).toBe(toHex(merkleRoot(leaves)));
      if (h % 4 === 0) {
        const head = headFromProof(fx.cluster.clusterId, fx.checkpointProof(h, out.entryHash, out.treeRoot))!;
        await ledger.putSignedHead(head);
      }
    }
    expect(toHex(ledger.treeRoot())).toBe(toHex(merkleRoot(leaves)));
    // The ledger's close closes the store; a MemoryKv keeps its data for the reopen.
    const reopened = await Ledger.open(kv, fx.cluster);
    expect(toHex(reopened.treeRoot())).toBe(toHex(merkleRoot(leaves)));
    expect((await reopened.latestSignedHead())?.height).toBe(12);
    expect((await reopened.signedHead(8))?.treeRoot).toBe(toHex(merkleRoot(leaves.slice(0, 8))));
    const heights: number[] = [];
    for await (const h of reopened.signedHeads()) heights.push(h.height);
    expect(heights).toEqual([4, 8, 12]);
  });
});
