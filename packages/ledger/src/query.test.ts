// `ledger query` (issue 18): answers from the query indexes by type, status, proposer, organisation, time and
// title words, paged; an older store is indexed once when opened.
import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { parseClusterConfig } from "./cluster-config.js";
import { type TestKey, testKey } from "./config-testing.js";
import { Prefix, prefixRange } from "./keys.js";
import { MemoryKv } from "./kv.js";
import { INDEX_VERSION_KEY } from "./query-index.js";
import { Ledger } from "./store.js";
import { makeFixture } from "./test-fixture.js";

const fx = makeFixture();
const alice = fx.proposer;
const bob = testKey();
const T = 1_800_000_000_000;
const cluster = parseClusterConfig({
  ...fx.cluster,
  proposers: [
    { name: "alice", publicKey: alice.hex, org: "OrgA" },
    { name: "bob", publicKey: bob.hex, org: "OrgB" },
  ],
  policies: { decision: { k: 2, deadlineMs: 60_000 } },
});

async function build(kv: MemoryKv) {
  const ledger = await Ledger.open(kv, cluster);
  const numbers = new Map<string, number>();
  const ids: Record<string, string> = {};
  const run = async (who: TestKey, name: string, proposal: Record<string, unknown>, timeMs: number) => {
    const n = (numbers.get(who.hex) ?? 0) + 1;
    numbers.set(who.hex, n);
    const p = { id: ulid(), ...proposal };
    ids[name] = p.id as string;
    const req = fx.request(p, n, who);
    const seq = ledger.head().height + 1;
    await ledger.execute({
      seq,
      view: 0,
      requests: [req],
      certificate: fx.certify(0, seq, [req], [0, 1, 2], timeMs),
    });
  };
  const rec = (type: string, title: string) => ({ type, title, content: {}, source: "s" });
  await run(alice, "budget", rec("decision", "Budget for 2027"), T);
  await run(bob, "hiring", rec("decision", "Hiring freeze"), T + 1000);
  await run(bob, "endorse", { kind: "endorsement", endorses: ids.budget }, T + 2000);
  await run(alice, "note", rec("observation", "Budget review notes"), T + 3000);
  await run(alice, "dup", rec("observation", "x"), T + 4000);
  await run(alice, "bad", { id: ids.note!, ...rec("observation", "duplicate id") }, T + 5000);
  return { ledger, ids };
}

describe("ledger query", () => {
  it("answers each condition from its index, with status, paging and timing counters", async () => {
    const kv = new MemoryKv();
    const { ledger, ids } = await build(kv);
    const q = async (query: Parameters<Ledger["query"]>[0]) =>
      (await ledger.query(query)).rows.map((r) => r.proposalId);
    expect(await q({ type: "decision" })).toEqual([ids.budget, ids.hiring]);
    expect(await q({ type: "decision", status: "in-force" })).toEqual([ids.budget]);
    expect(await q({ status: "pending" })).toEqual([ids.hiring]);
    expect(await q({ proposer: "bob" })).toEqual([ids.hiring, ids.endorse]);
    expect(await q({ proposer: alice.hex, type: "observation" })).toEqual([ids.note, ids.dup, ids.note]);
    expect(await q({ org: "OrgB", type: "endorsement" })).toEqual([ids.endorse]);
    expect(await q({ fromMs: T + 1000, toMs: T + 3000 })).toEqual([ids.hiring, ids.endorse, ids.note]);
    expect(await q({ text: "budget" })).toEqual([ids.budget, ids.note]);
    expect(await q({ text: "BUDGET review" })).toEqual([ids.note]);
    expect(await q({ status: "rejected" })).toEqual([ids.note]); // the duplicate id, refused
    const page = await ledger.query({ type: "observation", offset: 1, limit: 1 });
    expect(page.rows.map((r) => r.height)).toEqual([5]);
    expect(page).toMatchObject({ total: 3, index: "type", keysScanned: 3 });
    const first = (await ledger.query({ text: "hiring" })).rows[0]!;
    expect(first).toMatchObject({
      height: 2,
      type: "decision",
      title: "Hiring freeze",
      org: "OrgB",
      status: "pending",
    });
    expect(first.timeMs).toBe(T + 1000);
    await ledger.close();
  });

  it("an older store (no indexes) is indexed once when opened, and answers the same", async () => {
    const kv = new MemoryKv();
    const { ledger, ids } = await build(kv);
    await ledger.close();
    const keys: Uint8Array[] = [];
    for await (const [k] of kv.iterate(prefixRange(Prefix.QueryIndex))) keys.push(k);
    expect(keys.length).toBeGreaterThan(20);
    await kv.batch([...keys, INDEX_VERSION_KEY].map((key) => ({ type: "del" as const, key })));
    const reopened = await Ledger.open(kv, cluster);
    expect((await reopened.query({ type: "decision" })).rows.map((r) => r.proposalId)).toEqual([
      ids.budget,
      ids.hiring,
    ]);
    let again = 0;
    for await (const _ of kv.iterate(prefixRange(Prefix.QueryIndex))) again++;
    expect(again).toBe(keys.length);
    await reopened.close();
  });
});
