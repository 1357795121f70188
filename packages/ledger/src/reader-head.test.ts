// The reader edition at a signed head: built up to the head only, the head stated and embedded in JSON,
// Markdown and HTML, and read back from each.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ledgerWithHeads } from "./heads-testing.js";
import { buildReaderEdition, readerEditionHead } from "./reader.js";
import { Ledger } from "./store.js";
import { makeFixture } from "./test-fixture.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("reader edition at a signed head", () => {
  it("stops at the head, states it in every format and embeds it where verify-reader finds it", async () => {
    const fx = makeFixture();
    const dir = mkdtempSync(join(tmpdir(), "reader-head-"));
    dirs.push(dir);
    const heads = await ledgerWithHeads(fx, join(dir, "data"), 12);
    const ledger = await Ledger.open(join(dir, "data"), fx.cluster);
    try {
      const head = heads[0]!;
      const ed = await buildReaderEdition(fx.cluster.clusterId, ledger.range(1), { signedHead: head });
      expect(ed.json.height).toBe(8);
      expect(ed.json.records).toHaveLength(8);
      expect(ed.markdown).toContain(`Reader edition at signed head 8:${head.entryHash} (epoch 0`);
      expect(ed.html).toContain(`signed head 8:${head.entryHash}`);
      for (const text of [JSON.stringify(ed.json), ed.markdown, ed.html])
        expect(readerEditionHead(text)).toEqual(head);
      const none = await buildReaderEdition(fx.cluster.clusterId, ledger.range(1));
      expect(none.json).toMatchObject({ height: 12, signedHead: null });
      expect(none.markdown).toContain("not covered by a signed head");
      expect(readerEditionHead(none.markdown)).toBeNull();
      await expect(
        buildReaderEdition(fx.cluster.clusterId, ledger.range(1, 5), { signedHead: head }),
      ).rejects.toThrow(/before the signed head/);
    } finally {
      await ledger.close();
    }
  });
});
