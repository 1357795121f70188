// A ledger through six configuration changes (add, remove, rotate, proposer add and remove, parameters)
// verifies offline from the genesis alone, in memory, on LevelDB, exported and imported; tampering with the
// configuration history is caught.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pbft } from "@pbft/consensus";
import { afterAll, describe, expect, it, vi } from "vitest";
import { ConfigState } from "./config-state.js";
import { readConfigRecords } from "./config-store.js";
import { rotateOp, testCertificate, testKey } from "./config-testing.js";
import { ConfigWorld } from "./config-world.js";
import type { BatchToExecute } from "./core.js";
import { decodeChunks, encodeValue, entryHash } from "./entry.js";
import { exportLedgerToFile, importLedger } from "./export.js";
import { MemoryKv } from "./kv.js";
import { LevelKv } from "./level-kv.js";
import { MemoryLedger } from "./memory-ledger.js";
import { Ledger } from "./store.js";
import { type RawItem, verifyLedger, verifyStream } from "./verify.js";

const dir = mkdtempSync(join(tmpdir(), "pbft-history-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function* items(values: Iterable<[number, Uint8Array]>): AsyncGenerator<RawItem> {
  for (const [height, value] of values) yield { height, value };
}

/** Six changes with records between them; returns the world, its ledger and the boundaries. */
async function history() {
  let ledger: MemoryLedger | undefined;
  const w = new ConfigWorld((b) => ledger!.executeMany(b));
  ledger = MemoryLedger.create(w.genesis);
  const record = () => ({ id: w.nextId(), type: "decision", title: "t", content: {}, source: "s" });
  const boundaries: number[] = [];
  const step = async (ops: Parameters<ConfigWorld["reconfigure"]>[0]) => {
    boundaries.push((await w.reconfigure(ops)).boundary);
    await w.submit(record(), record());
  };
  const ops = testKey("ops");
  await w.submit(record());
  await step([{ op: "add-member", card: w.member("node4", { port: 7040 }).card }]);
  await step([
    { op: "add-member", card: w.member("node5", { port: 7050 }).card },
    { op: "add-member", card: w.member("node6", { port: 7060 }).card },
  ]);
  await step([
    rotateOp(w.clusterId, w.keyOf("node1"), w.member("node1", { vote: testKey("node1-rotated") })),
  ]);
  await step([{ op: "add-proposer", name: "ops", publicKey: ops.hex }]);
  await step([{ op: "set-parameters", parameters: { checkpointInterval: 2, logWindow: 8 } }]);
  await step([
    { op: "remove-proposer", publicKey: ops.hex },
    { op: "remove-member", name: "node5" },
    { op: "remove-member", name: "node6" },
  ]);
  expect((await w.submit({ client: ops, proposal: record() })).reasons).toEqual(["unauthorised-proposer"]);
  return { w, ledger: ledger!, boundaries };
}

const h = await history();

/** The stored values with entry `height`'s header changed, the chain re-linked after it (a forger's work). */
function rechained(height: number, change: (header: pbft.EntryHeader) => void): [number, Uint8Array][] {
  const out: [number, Uint8Array][] = [];
  let prev: Uint8Array | null = null;
  for (const [hgt, value] of h.ledger.rawRange(1)) {
    const chunks = decodeChunks(value) as Uint8Array[];
    const header = pbft.EntryHeader.decode(chunks[0]!);
    if (hgt === height) change(header);
    if (prev !== null) header.prevHash = prev;
    const headerBytes = pbft.EntryHeader.encode(header).finish();
    out.push([hgt, encodeValue([headerBytes, ...chunks.slice(1)])]);
    prev = entryHash(h.w.clusterId, headerBytes);
  }
  return out;
}

describe("verification from genesis across configuration changes", () => {
  it("six changes: epochs, members and parameters as applied; verifies from the genesis alone", async () => {
    const { ledger, boundaries, w } = h;
    expect(ledger.epochs().map((e) => [e.epoch, e.startHeight])).toEqual([
      [0, 1],
      ...boundaries.map((b, i) => [i + 1, b + 1]),
    ]);
    const last = ledger.epoch().config;
    expect(last.members.map((m) => m.name)).toEqual(["node0", "node1", "node2", "node3", "node4"]);
    expect(last.members.find((m) => m.name === "node1")?.votePublicKey).toBe(testKey("node1-rotated").hex);
    expect(last.parameters).toEqual({ checkpointInterval: 2, logWindow: 8 });
    expect(last.proposers.map((p) => p.name)).toEqual(["cli"]);
    expect(boundaries.at(-1)! % 2).toBe(0);
    const r = await verifyStream(items(ledger.rawRange(1)), w.genesis);
    expect(r).toMatchObject({ ok: true, height: ledger.head().height });
  });

  it("the LevelDB ledger writes the same bytes, survives a reopen and verifies; export and import too", async () => {
    const path = join(dir, "level");
    const level = await Ledger.open(path, h.w.genesis);
    for (const b of h.w.batches) await level.execute(b as BatchToExecute);
    expect(level.head()).toEqual(h.ledger.head());
    await level.close();
    // Ledger over any KvStore writes exactly the MemoryLedger's keys and values (one LedgerCore).
    const kv = new MemoryKv();
    const async = await Ledger.open(kv, h.w.genesis);
    const all = await async.executeMany(h.w.batches); // one plan across six boundaries (a state transfer)
    expect(all.flatMap((x) => (x.nextEpoch ? [[x.entry.height, x.nextEpoch.epoch]] : []))).toEqual(
      h.boundaries.map((b, i) => [b, i + 1]),
    );
    expect([...kv.iterateSync()]).toEqual([...h.ledger.kv.iterateSync()]);
    const kvDisk = await LevelKv.open(path);
    const stored = await readConfigRecords(kvDisk);
    await kvDisk.close();
    expect(stored.epochs).toEqual(JSON.parse(JSON.stringify(h.ledger.epochs())));
    expect(stored.changes.map((c) => c.status)).toEqual(Array(6).fill("applied"));
    const again = await Ledger.open(path, h.w.genesis);
    expect(again.epochs()).toEqual(h.ledger.epochs());
    expect(again.epoch().epoch).toBe(6);
    const exported = join(dir, "export.ndjson");
    await exportLedgerToFile(again, exported);
    await again.close();
    expect(await verifyLedger(path, h.w.genesis)).toMatchObject({ ok: true, height: h.ledger.head().height });
    expect(await verifyLedger(exported, h.w.genesis)).toMatchObject({ ok: true });
    expect(await importLedger(exported, join(dir, "imported"), h.w.genesis)).toBe(h.ledger.head().height);
    const imported = await Ledger.open(join(dir, "imported"), h.w.genesis);
    expect(imported.epochs()).toEqual(h.ledger.epochs());
    await imported.close();
  });

  it("an approval counted from a non-member is caught by re-execution", async () => {
    let ledger: MemoryLedger | undefined;
    const w = new ConfigWorld((b) => ledger!.executeMany(b));
    ledger = MemoryLedger.create(w.genesis);
    const outsider = w.member("outsider");
    const change = w.change([{ op: "add-proposer", name: "x", publicKey: testKey("x").hex }]);
    await w.submit(change);
    // A broken replica: approver-not-member is not checked (it counts the outsider's vote).
    const real = ConfigState.prototype.checkApproval;
    const spy = vi.spyOn(ConfigState.prototype, "checkApproval").mockImplementation(function (
      this: ConfigState,
      a,
      cid,
      hgt,
    ) {
      const self = this as unknown as { keys: { byName: ReadonlyMap<string, string> } };
      const keys = self.keys;
      self.keys = { ...keys, byName: new Map([...keys.byName, ["outsider", outsider.vote.hex]]) };
      try {
        return real.call(this, a, cid, hgt);
      } finally {
        self.keys = keys;
      }
    });
    try {
      await w.submit(
        w.approve(change, "node0"),
        w.approve(change, "node1"),
        w.approve(change, "outsider", outsider.vote),
      );
    } finally {
      spy.mockRestore();
    }
    expect(ledger.pendingBoundary()).not.toBeNull();
    const r = await verifyStream(items(ledger.rawRange(1)), w.genesis);
    expect(r).toMatchObject({ ok: false, badHeight: 2 });
    expect(!r.ok && r.reason).toMatch(/request 2: re-execution gives .*approver-not-member/);
  });

  it("a changed next_config_hash is caught at its boundary, even with the chain re-linked", async () => {
    const b = h.boundaries[2]!;
    const values = rechained(b, (header) => {
      header.nextConfigHash = new Uint8Array(32).fill(7);
    });
    const r = await verifyStream(items(values), h.w.genesis);
    expect(r).toMatchObject({ ok: false, badHeight: b });
    expect(!r.ok && r.reason).toMatch(/next_config_hash differs/);
    // and an epoch number changed on a later header
    const e = rechained(b + 1, (header) => {
      header.epoch = 2;
    });
    expect(await verifyStream(items(e), h.w.genesis)).toMatchObject({ ok: false, badHeight: b + 1 });
  });

  it("a certificate of the wrong epoch is refused: the old epoch's members cannot certify the new epoch", async () => {
    const b = h.boundaries[0]!;
    const height = b + 1; // epoch 1's first entry
    const old = h.w.genesis.members.slice(0, 3);
    const swap = (epoch: number) =>
      [...h.ledger.rawRange(1)].map(([hgt, value]): [number, Uint8Array] => {
        if (hgt !== height) return [hgt, value];
        const chunks = decodeChunks(value) as Uint8Array[];
        const batch = pbft.CommittedBatch.decode(chunks[1]!);
        const keys = [testKey("vote:node0"), testKey("vote:node1"), testKey("vote:node2")];
        batch.certificate = testCertificate(
          h.w.clusterId,
          epoch,
          Number(batch.view),
          height,
          batch.requests,
          old.map((m, i) => [m.id, keys[i]!] as const),
        );
        return [
          hgt,
          encodeValue([chunks[0]!, pbft.CommittedBatch.encode(batch).finish(), ...chunks.slice(2)]),
        ];
      });
    const r0 = await verifyStream(items(swap(0)), h.w.genesis);
    expect(r0).toMatchObject({ ok: false, badHeight: height });
    expect(!r0.ok && r0.reason).toMatch(/certificate of epoch 0, but epoch 1 is in force/);
    const r1 = await verifyStream(items(swap(1)), h.w.genesis);
    expect(r1).toMatchObject({ ok: false, badHeight: height });
  });
});
