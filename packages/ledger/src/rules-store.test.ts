// The rules' state kept in the store (issue 20): decisions as the in-memory rules reach them with a cache
// far smaller than the history, state and entries in one atomic batch, a restart that reads no entry, the
// one-time migration of a store written before the state was kept, and the verify's spill to LevelDB.
import { pbft } from "@pbft/consensus";
import { describe, expect, it } from "vitest";
import { ConfigWorld } from "./config-world.js";
import type { BatchToExecute } from "./core.js";
import { executeBatch } from "./execute.js";
import { entryKey, Prefix, RULES_META_KEY, rulesClientKey, rulesIdKey } from "./keys.js";
import { type KvOp, type KvRange, type KvStore, MemoryKv } from "./kv.js";
import { MemoryLedger } from "./memory-ledger.js";
import { MemoryRulesState } from "./rules.js";
import { ScratchRules } from "./rules-open.js";
import { Ledger } from "./store.js";
import { makeFixture } from "./test-fixture.js";
import { rulesStateDeletes } from "./test-format1.js";

const fx = makeFixture("rules-store-cluster", true);
const ulid = (n: number) => `01J${String(n).padStart(23, "0")}`;
const record = (n: number) => ({
  id: ulid(n),
  type: "decision",
  title: `r${n}`,
  content: { n },
  source: "s",
});
const amend = (n: number, target: number, amendmentType = "clarification") => ({
  id: ulid(n),
  amends: ulid(target),
  amendmentType,
  reason: "r",
  content: {},
});

/** 40 entries of 4 requests: records, amendments, withdrawals, and refusals that need old state. */
function workload(): BatchToExecute[] {
  const batches: BatchToExecute[] = [];
  let number = 0;
  for (let h = 1; h <= 40; h++) {
    const base = h * 10;
    const proposals: unknown[] = [record(base), record(base + 1)];
    if (h > 2) proposals.push(h % 3 === 0 ? amend(base + 2, 30) : amend(base + 2, (h - 2) * 10 + 1));
    if (h === 5) proposals.push(amend(base + 3, 20, "withdrawal"));
    else if (h > 5) proposals.push(h % 2 === 0 ? record(10) : amend(base + 3, 20)); // duplicate-id, record-withdrawn
    const requests = proposals.map((p) => fx.request(p, ++number));
    if (h % 7 === 0) requests.push(fx.request(record(base + 5), number)); // duplicate-request
    batches.push({ seq: h, view: 0, requests, certificate: fx.certify(0, h, requests) });
  }
  return batches;
}

/** The results the in-memory rules reach (the rules as they were before the state was stored). */
function expectedResults(batches: readonly BatchToExecute[]): Uint8Array[][] {
  const state = new MemoryRulesState(fx.cluster);
  return batches.map((b) => {
    const out = executeBatch(state, fx.cluster.clusterId, b.seq, b.requests, 0);
    state.endEntry(b.seq);
    return out.map((x) => x.resultBytes);
  });
}

/** A KvStore over a MemoryKv that counts the entries it reads and records every batch written. */
class Watched implements KvStore {
  entryReads = 0;
  readonly batches: (readonly KvOp[])[] = [];
  failAt = 0;
  constructor(readonly kv: MemoryKv) {}
  async get(key: Uint8Array) {
    if (key[0] === Prefix.Entry) this.entryReads++;
    return this.kv.get(key);
  }
  async getMany(keys: readonly Uint8Array[]) {
    return Promise.all(keys.map((k) => this.get(k)));
  }
  async *iterate(range: KvRange) {
    for await (const item of this.kv.iterate(range)) {
      if (item[0][0] === Prefix.Entry) this.entryReads++;
      yield item;
    }
  }
  async batch(ops: readonly KvOp[]) {
    if (this.batches.length + 1 === this.failAt) throw new Error("disk full");
    this.batches.push(ops);
    await this.kv.batch(ops);
  }
  async close() {}
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const dump = (kv: MemoryKv) => [...kv.iterateSync()].map(([k, v]) => [hex(k), hex(v)]);

describe("the rules' state in the store", () => {
  const batches = workload();
  const expected = expectedResults(batches);
  const reasons = expected.flat().map((r) => pbft.ExecutionResult.decode(r).reason);

  it("decides as the in-memory rules with a cache of 8 ids for 200 (old ids still refused as duplicates)", async () => {
    expect(reasons).toContain("duplicate-id");
    expect(reasons).toContain("record-withdrawn");
    expect(reasons).toContain("duplicate-request");
    const ledger = await Ledger.open(new MemoryKv(), fx.cluster, { rulesCacheEntries: 8 });
    for (const b of batches) {
      const [x] = await ledger.executeMany([b]);
      expect(x!.entry.resultBytes.map(hex), `entry ${b.seq}`).toEqual(expected[b.seq - 1]!.map(hex));
    }
    const cache = ledger.rulesCache();
    expect(cache.ids).toBeLessThanOrEqual(8);
    expect(cache.clients).toBeLessThanOrEqual(8);
    expect(cache.misses).toBe(0); // every key the rules read was loaded before the plan
    // One plan over every batch (a state transfer chunk) reaches the same results.
    const chunk = await Ledger.open(new MemoryKv(), fx.cluster, { rulesCacheEntries: 8 });
    const all = await chunk.executeMany(batches);
    expect(all.map((x) => x.entry.resultBytes.map(hex))).toEqual(expected.map((r) => r.map(hex)));
  });

  it("writes the state in the same atomic batch as its entry; a failed write leaves state and chain as before", async () => {
    const w = new Watched(new MemoryKv());
    let ledger = await Ledger.open(w, fx.cluster);
    await ledger.executeMany(batches.slice(0, 3));
    const last = w.batches.at(-1)!.map((op) => hex(op.key));
    for (const key of [entryKey(3), RULES_META_KEY, rulesIdKey(ulid(30)), rulesClientKey(fx.proposer.hex)])
      expect(last).toContain(hex(key));
    w.failAt = w.batches.length + 1;
    await expect(ledger.executeMany([batches[3]!])).rejects.toThrow(/disk full/);
    w.failAt = 0;
    ledger = await Ledger.open(w, fx.cluster);
    expect(ledger.head().height).toBe(3);
    const [x] = await ledger.executeMany([batches[3]!]); // its ids are new again: nothing of it was kept
    expect(x!.entry.resultBytes.map(hex)).toEqual(expected[3]!.map(hex));
  });

  it("reopens without reading an entry and goes on as a ledger that never stopped", async () => {
    const reference = MemoryLedger.create(fx.cluster);
    const w = new Watched(new MemoryKv());
    let ledger = await Ledger.open(w, fx.cluster);
    for (const b of batches.slice(0, 30)) {
      reference.execute(b);
      await ledger.execute(b);
    }
    await ledger.close();
    w.entryReads = 0;
    ledger = await Ledger.open(w, fx.cluster);
    expect(w.entryReads).toBe(0);
    expect(ledger.head()).toEqual(reference.head());
    for (const b of batches.slice(30)) {
      const mine = await ledger.execute(b);
      const theirs = reference.execute(b);
      expect(hex(mine.treeRoot)).toBe(hex(theirs.treeRoot));
      expect(mine.entry.resultBytes.map(hex)).toEqual(expected[b.seq - 1]!.map(hex));
    }
    expect(w.entryReads).toBe(0);
    expect(dump(w.kv)).toEqual(dump(reference.kv));
  });

  it("migrates a store written before the state was kept once, through config changes, then never again", async () => {
    let mem: MemoryLedger | undefined;
    const world = new ConfigWorld((b) => mem!.executeMany(b));
    mem = MemoryLedger.create(world.genesis);
    const rec = () => ({ id: world.nextId(), type: "decision", title: "t", content: {}, source: "s" });
    await world.submit(rec(), rec());
    await world.reconfigure([{ op: "add-member", card: world.member("node4", { port: 7040 }).card }]);
    await world.submit(rec());
    // An open change with one approval: restored from the store at the next open.
    const change = world.change([{ op: "remove-member", name: "node4" }]);
    expect((await world.submit(change, world.approve(change, "node0"))).reasons).toEqual(["", ""]);
    const original = dump(mem.kv);
    const old = mem.kv.clone();
    await old.batch(await rulesStateDeletes(old));
    expect(dump(old).length).toBeLessThan(original.length);
    const w = new Watched(old);
    let ledger = await Ledger.open(w, world.genesis);
    expect(w.entryReads).toBe(mem.head().height); // replayed once
    expect(dump(old)).toEqual(original); // the state written is the one appends write
    await ledger.close();
    w.entryReads = 0;
    ledger = await Ledger.open(w, world.genesis);
    expect(w.entryReads).toBe(0);
    expect(ledger.epoch()).toEqual(mem.epoch());
    expect(ledger.openChanges()).toEqual(mem.openChanges());
    expect(ledger.pendingBoundary()).toBe(mem.pendingBoundary());
    // The synchronous MemoryLedger migrates the same way.
    const again = mem.kv.clone();
    again.batchSync(await rulesStateDeletes(again));
    MemoryLedger.open(again, world.genesis);
    expect(dump(again)).toEqual(original);
  });

  it("a verify's state moves to a temporary LevelDB past its bound and decides the same", async () => {
    const scratch = new ScratchRules(fx.cluster, 20);
    try {
      for (const b of batches) {
        const { executed } = await scratch.entry(fx.cluster.clusterId, b.seq, b.requests, 0);
        expect(
          executed.map((x) => hex(x.resultBytes)),
          `entry ${b.seq}`,
        ).toEqual(expected[b.seq - 1]!.map(hex));
      }
      expect(scratch.onDisk).toBe(true);
    } finally {
      await scratch.close();
    }
  });
});
