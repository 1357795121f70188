// The simulator's MemoryLedger runs the node's ledger code: the same batches give the same store, byte for
// byte, as the LevelDB Ledger; it replays at open, refuses forks and gaps, and serves state transfer.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pbft } from "@pbft/consensus";
import { ulid } from "ulid";
import { afterAll, describe, expect, it } from "vitest";
import type { BatchToExecute } from "./core.js";
import { type KvStore, MemoryKv } from "./kv.js";
import { LevelKv } from "./level-kv.js";
import { MemoryLedger } from "./memory-ledger.js";
import { Ledger } from "./store.js";
import { makeFixture } from "./test-fixture.js";
import { verifyLedger } from "./verify.js";

const fx = makeFixture();
const root = mkdtempSync(join(tmpdir(), "ledger-memory-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Batches of every kind: accepted, rejected, duplicate requests, an amendment, null batches, two views. */
function batches(count: number): BatchToExecute[] {
  const out: BatchToExecute[] = [];
  let n = 1;
  const first = ulid();
  for (let seq = 1; seq <= count; seq++) {
    const requests =
      seq % 5 === 0
        ? []
        : [
            fx.request(
              {
                id: seq === 1 ? first : ulid(),
                type: "decision",
                title: `t${seq}`,
                content: {},
                source: "s",
              },
              n++,
            ),
            fx.request(
              seq === 2
                ? { id: ulid(), amends: first, amendmentType: "withdrawal", reason: "r", content: {} }
                : "not json",
              n++,
            ),
            fx.request({ id: ulid(), type: "test", title: "dup", content: {}, source: "s" }, n - 2), // duplicate number
          ];
    const view = seq > count / 2 ? 1 : 0;
    out.push({
      seq,
      view,
      requests,
      certificate: fx.certify(view, seq, requests, view === 1 ? [1, 2, 3] : [0, 1, 2]),
    });
  }
  return out;
}

async function dump(kv: KvStore): Promise<string[]> {
  const out: string[] = [];
  for await (const [k, v] of kv.iterate({}))
    out.push(`${Buffer.from(k).toString("hex")}=${Buffer.from(v).toString("hex")}`);
  return out;
}

describe("MemoryLedger", () => {
  it("writes byte-identical stores to the LevelDB Ledger for the same batches (one by one and grouped)", async () => {
    const all = batches(12);
    const dir = join(root, "level");
    const level = await Ledger.open(dir, fx.cluster);
    for (const b of all.slice(0, 4)) await level.execute(b);
    await level.executeMany(all.slice(4));
    const levelHead = level.head();
    await level.close();

    const memory = MemoryLedger.create(fx.cluster);
    memory.executeMany(all.slice(0, 7));
    for (const b of all.slice(7)) memory.execute(b);
    expect(memory.head()).toEqual(levelHead);
    const kv = await LevelKv.open(dir);
    const onDisk = await dump(kv);
    await kv.close();
    expect(await dump(memory.kv)).toEqual(onDisk);
    expect(onDisk.length).toBeGreaterThan(12);
    expect(await verifyLedger(dir, fx.cluster)).toMatchObject({ ok: true, height: 12 });
  });

  it("reopens from its MemoryKv by replaying, with the rules' state rebuilt", () => {
    const all = batches(6);
    const a = MemoryLedger.create(fx.cluster);
    a.executeMany(all.slice(0, 4));
    const b = MemoryLedger.open(a.kv.clone(), fx.cluster);
    expect(b.head()).toEqual(a.head());
    expect(b.clientTable()).toEqual(a.clientTable());
    // The same next batches give the same entries on the reopened ledger (rules state included).
    const x = a.executeMany(all.slice(4));
    const y = b.executeMany(all.slice(4));
    expect(y.map((e) => Buffer.from(e.entryHash).toString("hex"))).toEqual(
      x.map((e) => Buffer.from(e.entryHash).toString("hex")),
    );
    expect(b.byClientRequest(fx.proposer.hex, 1)?.index).toBe(0);
    const accepted = a.get(1)!.results[0]!.proposalId;
    expect(a.byProposalId(accepted)?.entry.height).toBe(1);
  });

  it("answers a repeat from the store, refuses a fork and a gap (kept as evidence) and stays usable", () => {
    const all = batches(4);
    const l = MemoryLedger.create(fx.cluster);
    l.executeMany(all.slice(0, 2));
    const again = l.execute(all[1]!);
    expect(again.entryHash).toEqual(l.head().entryHash);
    const other = [fx.request("x", 99)];
    expect(() =>
      l.execute({ seq: 2, view: 0, requests: other, certificate: fx.certify(0, 2, other) }),
    ).toThrow(expect.objectContaining({ code: "fork" }));
    expect(() =>
      l.executeMany([all[2]!, { ...all[3]!, seq: 5, certificate: fx.certify(1, 5, all[3]!.requests) }]),
    ).toThrow(expect.objectContaining({ code: "gap" }));
    expect(l.evidence().map((e) => e.height)).toEqual([2, 5]);
    expect(l.head().height).toBe(2);
    expect(l.executeMany(all.slice(2)).map((e) => e.entry.height)).toEqual([3, 4]);
  });

  it("serves state transfer: consecutive batches within count and frame limits, and its height", async () => {
    const all = batches(10);
    const memory = MemoryLedger.create(fx.cluster);
    memory.executeMany(all);
    const level = await Ledger.open(new MemoryKv(), fx.cluster);
    await level.executeMany(all);
    const big = { countMax: 64, frameBytesMax: 4 * 1024 * 1024 };
    const r = memory.stateReply(3, 20, big);
    expect(r.lastSeq).toBe(10);
    expect(r.batches.map((b) => b.seq)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    const encoded = (x: { batches: pbft.CommittedBatch[]; lastSeq: number }) =>
      Buffer.from(pbft.StateReply.encode(x).finish()).toString("hex");
    expect(encoded(await level.stateReply(3, 20, big))).toEqual(encoded(r));
    expect(memory.stateReply(3, 20, { ...big, countMax: 2 }).batches.map((b) => b.seq)).toEqual([3, 4]);
    // A frame too small for two batches still carries one; nothing at or past the head, nor below 1.
    expect(memory.stateReply(3, 20, { countMax: 64, frameBytesMax: 1 }).batches).toHaveLength(1);
    expect(memory.stateReply(11, 20, big)).toEqual({ batches: [], lastSeq: 10 });
    expect(memory.stateReply(0, 20, big).batches).toEqual([]);
    expect(memory.committedBatch(4)?.seq).toBe(4);
    await level.close();
  });
});
