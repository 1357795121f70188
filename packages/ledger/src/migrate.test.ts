// Ledger format 1 (headers hashing the view) to format 2: a format-1 ledger is built here with the old
// header encoding, refused at open with the fix named, migrated in place (also after an interruption), and
// then holds exactly what a ledger written in format 2 from the start holds.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DurableState, toHex } from "@pbft/consensus";
import { ulid } from "ulid";
import { afterAll, describe, expect, it } from "vitest";
import type { BatchToExecute } from "./core.js";
import { ZERO_HASH } from "./entry.js";
import { importLedger } from "./export.js";
import { Prefix, prefixRange } from "./keys.js";
import type { KvOp, KvRange, KvStore, MemoryKv } from "./kv.js";
import { LevelKv } from "./level-kv.js";
import { MemoryLedger } from "./memory-ledger.js";
import { migrateLedger, migrateStore } from "./migrate.js";
import { Ledger } from "./store.js";
import { makeFixture } from "./test-fixture.js";
import { downgrade, v1Header } from "./test-format1.js";
import { verifyLedger } from "./verify.js";

const fx = makeFixture();
const root = mkdtempSync(join(tmpdir(), "ledger-migrate-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const BATCHES: BatchToExecute[] = (() => {
  let n = 1;
  return Array.from({ length: 9 }, (_, i) => {
    const seq = i + 1;
    const view = seq < 4 ? 0 : seq < 7 ? 1 : 3;
    const requests =
      seq === 5
        ? []
        : [0, 1].map(() =>
            fx.request({ id: ulid(), type: "test", title: "t", content: {}, source: "s" }, n++),
          );
    return {
      seq,
      view,
      requests,
      certificate: fx.certify(view, seq, requests, [view % 4, (view + 1) % 4, (view + 2) % 4]),
    };
  });
})();

/** Every key and value, except those of the consensus state and evidence (which migration keeps as is). */
async function dump(kv: KvStore): Promise<string[]> {
  const out: string[] = [];
  for await (const [k, v] of kv.iterate({}))
    if (k[0] !== Prefix.ConsensusState && k[0] !== Prefix.Evidence) out.push(`${toHex(k)}=${toHex(v)}`);
  return out;
}

const fresh = MemoryLedger.create(fx.cluster);
fresh.executeMany(BATCHES);

const durable: DurableState = {
  view: 3,
  viewChanging: false,
  stableSeq: 8,
  stableDigest: randomBytes(32),
  checkpointProof: [],
  prepared: [],
};

describe("ledger format 2 and the migration from format 1", () => {
  it("the hand-made format-1 header is protobuf's own encoding (view 0: identical bytes)", () => {
    const e = fresh.get(1)!;
    expect(toHex(v1Header(e.header, 0))).toBe(toHex(e.headerBytes));
    expect(toHex(v1Header(e.header, 3))).not.toBe(toHex(e.headerBytes));
  });

  it("refuses to open or verify a format-1 ledger, naming the fix; migrates it to exactly a format-2 ledger", async () => {
    const dir = join(root, "v1");
    const built = await Ledger.open(dir, fx.cluster);
    for (const b of BATCHES) await built.execute(b);
    await built.saveConsensusState(durable);
    await built.close();
    const kv = await LevelKv.open(dir);
    await downgrade(kv, fx.cluster.clusterId);
    await kv.close();

    const refused = await Ledger.open(dir, fx.cluster).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "format" });
    expect((refused as Error).message).toMatch(/format 1.*pbft ledger migrate --data/);
    const unverified = await verifyLedger(dir, fx.cluster);
    expect(unverified).toMatchObject({ ok: false, badHeight: 0 });
    if (!unverified.ok) expect(unverified.reason).toMatch(/pbft ledger migrate/);

    expect(await migrateLedger(dir, fx.cluster, { chunkEntries: 4 })).toMatchObject({
      from: 1,
      rewritten: 9,
      head: fresh.head(),
    });
    const verified = await verifyLedger(dir, fx.cluster);
    expect(verified).toMatchObject({ ok: true, height: 9, proposals: 16 });
    if (verified.ok) expect(toHex(verified.headHash)).toBe(toHex(fresh.head().entryHash));
    const after = await LevelKv.open(dir);
    expect(await dump(after)).toEqual(await dump(fresh.kv));
    await after.close();
    const migrated = await Ledger.open(dir, fx.cluster);
    expect(await migrated.loadConsensusState()).toMatchObject({ view: 3, stableSeq: 8 });
    expect(await migrated.clientTable()).toEqual(fresh.clientTable());
    await migrated.close();
    expect(await migrateLedger(dir, fx.cluster)).toEqual({ from: 2, rewritten: 0 });
  });

  it("an interrupted migration leaves a ledger that still refuses to open, and a re-run completes it", async () => {
    const source = MemoryLedger.create(fx.cluster);
    source.executeMany(BATCHES);
    const kv = source.kv;
    await downgrade(kv, fx.cluster.clusterId);
    let writes = 0;
    const failing: KvStore = {
      get: (k: Uint8Array) => kv.get(k),
      iterate: (r: KvRange) => kv.iterate(r),
      close: () => kv.close(),
      batch: async (ops: readonly KvOp[]) => {
        if (++writes === 3) throw new Error("disk full");
        await kv.batch(ops);
      },
    };
    await expect(migrateStore(failing, fx.cluster, { chunkEntries: 2 })).rejects.toThrow(/disk full/);
    expect(() => MemoryLedger.open(kv, fx.cluster)).toThrow(expect.objectContaining({ code: "format" }));
    expect(await migrateStore(kv, fx.cluster, { chunkEntries: 3 })).toMatchObject({ from: 1, rewritten: 5 });
    expect(await dump(kv)).toEqual(await dump(fresh.kv));
    expect(MemoryLedger.open(kv, fx.cluster).head()).toEqual(fresh.head());
  });

  it("refuses to migrate a damaged format-1 ledger", async () => {
    const source = MemoryLedger.create(fx.cluster);
    source.executeMany(BATCHES);
    await downgrade(source.kv, fx.cluster.clusterId);
    const kv: MemoryKv = source.kv;
    const [k4, v4] = [...kv.iterateSync(prefixRange(Prefix.Entry))][3]!;
    const damaged = Buffer.from(v4);
    damaged[12] = damaged[12]! ^ 1; // inside the header's prev_hash
    kv.batchSync([{ type: "put", key: k4, value: damaged }]);
    await expect(migrateStore(kv, fx.cluster)).rejects.toMatchObject({ code: "corrupt", height: 4 });
    kv.batchSync([
      { type: "put", key: k4, value: v4 },
      { type: "del", key: [...kv.iterateSync(prefixRange(Prefix.Entry))][8]![0] },
    ]);
    await expect(migrateStore(kv, fx.cluster)).rejects.toThrow(
      /the entries end at 8, the recorded head is 9/,
    );
  });

  it("a version-1 export is refused with a clear message", async () => {
    const file = join(root, "v1.ndjson");
    writeFileSync(
      file,
      `${JSON.stringify({ format: "pbft-ledger-export", version: 1, clusterId: fx.cluster.clusterId })}\n{"end":true,"count":0,"headHash":"${toHex(ZERO_HASH)}"}\n`,
    );
    const r = await verifyLedger(file, fx.cluster);
    expect(r).toMatchObject({ ok: false, badHeight: 0 });
    if (!r.ok) expect(r.reason).toMatch(/version-1 export.*pbft ledger migrate/);
    await expect(importLedger(file, join(root, "imported"), fx.cluster)).rejects.toThrow(/version-1 export/);
  });
});
