// A state reply carries each batch's entry header and the stored signed head covering the batches (issue 20),
// so the asker can check them by hashes up to the head: the headers chain to the head's entry hash and the
// head verifies with the genesis; a reply past the newest head (the tail) carries none.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { bytesEqual, pbft, toHex } from "@pbft/consensus";
import { afterEach, describe, expect, it } from "vitest";
import { entryHash } from "./entry.js";
import { ledgerWithHeads } from "./heads-testing.js";
import { headFromProof, verifySignedHead } from "./signed-head.js";
import { Ledger } from "./store.js";
import { makeFixture } from "./test-fixture.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const fx = makeFixture();
const LIMITS = { countMax: 64, frameBytesMax: 4 << 20 };

async function open(entries: number): Promise<Ledger> {
  const dir = join(mkdtempSync(join(tmpdir(), "state-reply-heads-")), "data");
  dirs.push(dirname(dir));
  await ledgerWithHeads(fx, dir, entries); // heads at 8, 16, ...
  return Ledger.open(dir, fx.cluster);
}

describe("state replies under a signed head", () => {
  it("carry the stored headers and the lowest head at or above the last batch, with the headers up to it", async () => {
    const ledger = await open(20);
    try {
      const r = await ledger.stateReply(1, 5, LIMITS);
      expect(r.batches.map((b) => b.seq)).toEqual([1, 2, 3, 4, 5]);
      for (const b of r.batches) {
        const stored = await ledger.get(b.seq);
        expect(toHex(entryHash(fx.cluster.clusterId, b.header))).toBe(toHex(stored!.entryHash));
        expect(pbft.CommittedBatch.encode({ ...b, header: new Uint8Array() }).finish()).toEqual(
          pbft.CommittedBatch.encode(stored!.batch).finish(),
        );
      }
      expect(r.headHeaders).toHaveLength(3); // heights 6, 7, 8
      const head = headFromProof(fx.cluster.clusterId, r.headProof!)!;
      expect(head.height).toBe(8);
      expect(verifySignedHead(head, fx.cluster).signatures).toHaveLength(3);
      // Backwards from the head, every header hashes to the prev hash of the next one.
      const headers = [...r.batches.map((b) => b.header), ...r.headHeaders!];
      let expected = Buffer.from(head.entryHash, "hex");
      for (let i = headers.length - 1; i >= 0; i--) {
        expect(bytesEqual(entryHash(fx.cluster.clusterId, headers[i]!), expected)).toBe(true);
        expected = Buffer.from(pbft.EntryHeader.decode(headers[i]!).prevHash);
      }
      // A reply ending at a head needs no more headers; one past the newest head (the tail) has no head.
      const atHead = await ledger.stateReply(9, 16, LIMITS);
      expect(headFromProof(fx.cluster.clusterId, atHead.headProof!)!.height).toBe(16);
      expect(atHead.headHeaders).toEqual([]);
      const tail = await ledger.stateReply(17, 20, LIMITS);
      expect(tail.batches).toHaveLength(4);
      expect(tail.headProof).toBeUndefined();
    } finally {
      await ledger.close();
    }
  });
});
