// The status index (issue 18 item 4): `ledger query --status` answered from keys. Pending -> in force moves
// a record's keys in the endorsement's own batch; pending and expired split at the head's time with no
// write; every status query equals the status computed from the rules' state for every request; a store
// without the keys (older) is indexed once at open, to the same keys.
import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { parseClusterConfig } from "./cluster-config.js";
import { type TestKey, testKey } from "./config-testing.js";
import { Prefix, prefixRange } from "./keys.js";
import { MemoryKv } from "./kv.js";
import { MemoryLedger } from "./memory-ledger.js";
import type { QueryStatus } from "./query.js";
import { STATUS_INDEX_KEY } from "./status-index.js";
import { Ledger } from "./store.js";
import { makeFixture } from "./test-fixture.js";

const fx = makeFixture();
const [alice, bob] = [fx.proposer, testKey()] as TestKey[];
const T = 1_800_000_000_000;
const cluster = parseClusterConfig({
  ...fx.cluster,
  proposers: [
    { name: "alice", publicKey: alice!.hex, org: "OrgA" },
    { name: "bob", publicKey: bob!.hex, org: "OrgB" },
  ],
  policies: { decision: { k: 2, deadlineMs: 10_000 }, constraint: { k: 2 } },
});
const STATUSES: QueryStatus[] = ["accepted", "rejected", "pending", "in-force", "expired"];

class World {
  private readonly numbers = new Map<string, number>();
  constructor(readonly ledger: Ledger) {}
  /** One entry of the given proposals, each by `who`, at consensus time `timeMs`. */
  async run(timeMs: number, ...items: [TestKey, Record<string, unknown>][]): Promise<void> {
    const requests = items.map(([who, p]) => {
      const n = (this.numbers.get(who.hex) ?? 0) + 1;
      this.numbers.set(who.hex, n);
      return fx.request(p, n, who);
    });
    const seq = this.ledger.head().height + 1;
    await this.ledger.execute({
      seq,
      view: 0,
      requests,
      certificate: fx.certify(0, seq, requests, [0, 1, 2], timeMs),
    });
  }
  /** Every status query's answer (proposal ids) from the index. */
  async byIndex(): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const status of STATUSES) {
      const a = await this.ledger.query({ status, limit: 10_000 });
      expect(a.index).toBe("status");
      out[status] = a.rows.map((r) => `${r.proposalId}@${r.height}.${r.index}`);
      // The rows' status (computed from the rules' state) is the one the index answered for.
      for (const r of a.rows) if (status !== "accepted") expect(r.status).toBe(status);
    }
    return out;
  }
  /** The same, by computing each request's status from the rules' state (no index). */
  async byScan(): Promise<Record<string, string[]>> {
    const all = await this.ledger.query({ fromMs: 0, limit: 10_000 });
    const out: Record<string, string[]> = Object.fromEntries(STATUSES.map((s) => [s, []]));
    for (const r of all.rows) {
      const at = `${r.proposalId}@${r.height}.${r.index}`;
      out[r.status]!.push(at);
      if (r.status !== "rejected" && r.status !== "accepted") out.accepted!.push(at);
    }
    out.accepted!.sort((a, b) => order(a) - order(b));
    return out;
  }
}
const order = (at: string) => {
  const [h, i] = at.split("@")[1]!.split(".").map(Number);
  return h! * 65_536 + i!;
};
const rec = (type: string, title: string) => ({ id: ulid(), type, title, content: {}, source: "s" });

describe("status index", () => {
  it("pending -> in force in the endorsement's batch, expiry by the head's time; every status query equals the computed statuses", async () => {
    const w = new World(await Ledger.open(new MemoryKv(), cluster));
    const d1 = rec("decision", "d1");
    const d2 = rec("decision", "d2");
    const c1 = rec("constraint", "c1 (no deadline)");
    const o1 = rec("observation", "o1");
    await w.run(T, [alice!, d1], [alice!, d2], [alice!, c1], [alice!, o1], [alice!, { ...o1, title: "dup" }]);
    let idx = await w.byIndex();
    expect(idx.pending!.map((x) => x.split("@")[0])).toEqual([d1.id, d2.id, c1.id]);
    expect(idx.rejected).toHaveLength(1);
    expect(idx).toEqual(await w.byScan());
    // d1 endorsed (in force); in the same entry an amendment of d1, in force at once? No: pending (OrgA's).
    const amend = { id: ulid(), amends: d1.id, amendmentType: "correction", reason: "r", content: { a: 1 } };
    await w.run(T + 1000, [bob!, { kind: "endorsement", id: ulid(), endorses: d1.id }], [alice!, amend]);
    idx = await w.byIndex();
    expect(idx["in-force"]!.map((x) => x.split("@")[0])).toEqual([d1.id, o1.id]);
    expect(idx.pending!.map((x) => x.split("@")[0])).toEqual([d2.id, c1.id, amend.id]);
    expect(idx).toEqual(await w.byScan());
    // Past d2's and the amendment's deadlines: expired without any write about them; c1 has no deadline.
    await w.run(T + 30_000, [alice!, rec("observation", "later")]);
    idx = await w.byIndex();
    expect(idx.expired!.map((x) => x.split("@")[0])).toEqual([d2.id, amend.id]);
    expect(idx.pending!.map((x) => x.split("@")[0])).toEqual([c1.id]);
    expect(idx).toEqual(await w.byScan());
    // With other conditions and a time range (a height range: time never decreases).
    const a = await w.ledger.query({ status: "expired", type: "decision", fromMs: T, toMs: T + 500 });
    expect(a.rows.map((r) => r.proposalId)).toEqual([d2.id]);
    expect(a.index).toBe("status@time+type?"); // "?": the type checked by point reads on the few candidates
    expect(a.entriesRead).toBe(1);
    await w.ledger.close();
  });

  it("an older store without the status keys is indexed once at open, to the same keys; the memory ledger agrees", async () => {
    const kv = new MemoryKv();
    const w = new World(await Ledger.open(kv, cluster));
    const d = rec("decision", "d");
    await w.run(T, [alice!, d], [alice!, rec("constraint", "c")]);
    await w.run(T + 1, [bob!, { kind: "endorsement", id: ulid(), endorses: d.id }]);
    await w.ledger.close();
    const statusKeys = async (m: MemoryKv) => {
      const out: string[] = [];
      for await (const [k, v] of m.iterate(prefixRange(Prefix.QueryIndex)))
        if (k[1] === 0x73 || k[1] === 0x64)
          out.push(`${Buffer.from(k).toString("hex")}=${Buffer.from(v).toString("hex")}`);
      return out;
    };
    const written = await statusKeys(kv);
    expect(written.length).toBe(4); // 3 "s" keys, 1 open key (c), d's deleted by its endorsement
    await kv.batch([
      ...written.map((x) => ({ type: "del" as const, key: Buffer.from(x.split("=")[0]!, "hex") })),
      { type: "del", key: STATUS_INDEX_KEY },
    ]);
    const reopened = await Ledger.open(kv, cluster);
    expect(await statusKeys(kv)).toEqual(written);
    await reopened.close();
    const memory = MemoryLedger.create(cluster);
    for await (const e of (await Ledger.open(kv, cluster)).range(1))
      memory.execute({
        seq: e.height,
        view: 0,
        requests: e.batch.requests,
        certificate: e.batch.certificate!,
      });
    expect(await statusKeys(memory.kv)).toEqual(written);
  });
});
