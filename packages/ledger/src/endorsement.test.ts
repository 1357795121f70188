// Endorsement policies (issue 18): pending -> in-force with k distinct eligible organisations, expiry at the
// deadline (consensus time), every refusal's reason code with nothing changed, amendments under the policy,
// impossible policies refused when the configuration is made, and verify re-executing all of it.
import type { pbft } from "@pbft/consensus";
import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { ClusterConfigError, parseClusterConfig } from "./cluster-config.js";
import { type TestKey, testKey } from "./config-testing.js";
import { statusAt } from "./endorsement.js";
import { encodeValue } from "./entry.js";
import { MemoryLedger } from "./memory-ledger.js";
import { makeFixture } from "./test-fixture.js";
import { type RawItem, verifyStream } from "./verify.js";

const fx = makeFixture();
const [alice, bob, carol, dave, erin] = [
  fx.proposer,
  testKey(),
  testKey(),
  testKey(),
  testKey(),
] as TestKey[];
const T = 1_800_000_000_000;
const base = {
  ...fx.cluster,
  proposers: [
    { name: "alice", publicKey: alice!.hex, org: "OrgA" },
    { name: "bob", publicKey: bob!.hex, org: "OrgB" },
    { name: "carol", publicKey: carol!.hex, org: "OrgC" },
    { name: "dave", publicKey: dave!.hex },
    { name: "erin", publicKey: erin!.hex, org: "OrgA" },
  ],
};
const cluster = parseClusterConfig({
  ...base,
  policies: {
    decision: { k: 2, orgs: ["OrgA", "OrgB", "OrgC"], deadlineMs: 10_000 },
    constraint: { k: "all" },
  },
});

class World {
  readonly ledger = MemoryLedger.create(cluster);
  readonly values: Uint8Array[] = [];
  private readonly numbers = new Map<string, number>();

  /** Executes one proposal by `who` in its own entry at consensus time `timeMs`; returns its result. */
  run(who: TestKey, proposal: unknown, timeMs: number): pbft.ExecutionResult {
    const n = (this.numbers.get(who.hex) ?? 0) + 1;
    this.numbers.set(who.hex, n);
    const req = fx.request(proposal, n, who);
    const seq = this.ledger.head().height + 1;
    const out = this.ledger.execute({
      seq,
      view: 0,
      requests: [req],
      certificate: fx.certify(0, seq, [req], [0, 1, 2], timeMs),
    });
    const e = out.entry;
    this.values.push(encodeValue([e.headerBytes, e.batchBytes, ...e.resultBytes]));
    return out.results[0]!;
  }

  status(id: string): string {
    const g = this.ledger.governed(id);
    return g === undefined ? "none" : statusAt(g, this.ledger.head().timeMs);
  }

  async verify() {
    const values = this.values;
    async function* items(): AsyncGenerator<RawItem> {
      for (let i = 0; i < values.length; i++) yield { height: i + 1, value: values[i]! };
    }
    return verifyStream(items(), cluster);
  }
}

const record = (type: string, id = ulid()) => ({
  id,
  type,
  title: `a ${type}`,
  content: {},
  source: "board",
});
const endorsement = (endorses: string) => ({ kind: "endorsement", id: ulid(), endorses });
const reasonOf = (r: pbft.ExecutionResult) => (r.accepted ? "accepted" : r.reason);

describe("endorsement policies", () => {
  it("a decision under 2 of {A, B, C}: pending, refusals change nothing, in force with a second organisation", async () => {
    const w = new World();
    const d = record("decision");
    expect(reasonOf(w.run(alice!, d, T))).toBe("accepted");
    expect(w.status(d.id)).toBe("pending");
    expect(w.ledger.governed(d.id)!.endorsed.map((e) => e.org)).toEqual(["OrgA"]); // the proposer's own
    expect(reasonOf(w.run(erin!, endorsement(d.id), T + 1))).toBe("already-endorsed");
    expect(reasonOf(w.run(dave!, endorsement(d.id), T + 2))).toBe("endorser-not-eligible");
    expect(reasonOf(w.run(bob!, endorsement(ulid()), T + 3))).toBe("unknown-record");
    expect(w.status(d.id)).toBe("pending");
    expect(reasonOf(w.run(bob!, endorsement(d.id), T + 4))).toBe("accepted");
    expect(w.status(d.id)).toBe("in-force");
    expect(w.ledger.governed(d.id)!.endorsed.map((e) => [e.org, e.timeMs])).toEqual([
      ["OrgA", T],
      ["OrgB", T + 4],
    ]);
    expect(reasonOf(w.run(carol!, endorsement(d.id), T + 5))).toBe("not-pending");
    expect(await w.verify()).toMatchObject({ ok: true, height: 6 });
  });

  it("a pending decision expires at its deadline: a late endorsement is refused and nothing changes", async () => {
    const w = new World();
    const d = record("decision");
    w.run(alice!, d, T);
    expect(reasonOf(w.run(bob!, endorsement(d.id), T + 10_001))).toBe("expired");
    expect(w.status(d.id)).toBe("expired");
    expect(w.ledger.governed(d.id)!.endorsed).toHaveLength(1);
    // An amendment of a record that is not in force is refused.
    const a = { id: ulid(), amends: d.id, amendmentType: "correction", reason: "r", content: {} };
    expect(reasonOf(w.run(alice!, a, T + 10_002))).toBe("record-not-in-force");
    expect(await w.verify()).toMatchObject({ ok: true, height: 3 });
  });

  it("a type without a policy is as before; endorsing it is not-pending", () => {
    const w = new World();
    const o = record("observation");
    expect(reasonOf(w.run(dave!, o, T))).toBe("accepted");
    expect(w.status(o.id)).toBe("none");
    expect(reasonOf(w.run(bob!, endorsement(o.id), T + 1))).toBe("not-pending");
    const withdraw = { id: ulid(), amends: o.id, amendmentType: "withdrawal", reason: "r", content: {} };
    expect(reasonOf(w.run(dave!, withdraw, T + 2))).toBe("accepted");
    expect(reasonOf(w.run(dave!, { ...withdraw, id: ulid() }, T + 3))).toBe("record-withdrawn");
  });

  it("constraint under all organisations; its withdrawal follows the policy and applies once in force", async () => {
    const w = new World();
    const c = record("constraint");
    w.run(alice!, c, T);
    w.run(bob!, endorsement(c.id), T + 1);
    expect(w.status(c.id)).toBe("pending");
    w.run(carol!, endorsement(c.id), T + 2);
    expect(w.status(c.id)).toBe("in-force");
    const withdraw = { id: ulid(), amends: c.id, amendmentType: "withdrawal", reason: "r", content: {} };
    expect(reasonOf(w.run(bob!, withdraw, T + 3))).toBe("accepted");
    expect(w.status(withdraw.id)).toBe("pending");
    // Not withdrawn yet: another amendment of the record is still accepted.
    const note = { id: ulid(), amends: c.id, amendmentType: "clarification", reason: "r", content: {} };
    expect(reasonOf(w.run(bob!, note, T + 4))).toBe("accepted");
    w.run(alice!, endorsement(withdraw.id), T + 5);
    w.run(carol!, endorsement(withdraw.id), T + 6);
    expect(w.status(withdraw.id)).toBe("in-force");
    expect(reasonOf(w.run(bob!, { ...note, id: ulid() }, T + 7))).toBe("record-withdrawn");
    expect(await w.verify()).toMatchObject({ ok: true, height: 8 });
  });

  it("verify re-executes the policy: the same ledger under a configuration without it fails", async () => {
    const w = new World();
    const d = record("decision");
    w.run(alice!, d, T);
    w.run(bob!, endorsement(d.id), T + 1);
    const plain = parseClusterConfig(base);
    const values = w.values;
    async function* items(): AsyncGenerator<RawItem> {
      for (let i = 0; i < values.length; i++) yield { height: i + 1, value: values[i]! };
    }
    const r = await verifyStream(items(), plain);
    expect(r).toMatchObject({ ok: false, badHeight: 2 });
  });

  it("refuses a policy no configuration of these proposers could satisfy", () => {
    const bad = (policies: unknown) => () => parseClusterConfig({ ...base, policies });
    expect(bad({ decision: { k: 1, orgs: ["OrgZ"] } })).toThrow(
      /impossible policy: no proposer belongs to OrgZ/,
    );
    expect(bad({ decision: { k: 4, orgs: ["OrgA", "OrgB", "OrgC"] } })).toThrow(/impossible policy: 4 of 3/);
    expect(bad({ outcome: { k: 4 } })).toThrow(ClusterConfigError);
    expect(() =>
      parseClusterConfig({ ...base, proposers: [base.proposers[3]], policies: { test: { k: "all" } } }),
    ).toThrow(/no proposer names an organisation/);
    expect(bad({ decision: { k: 0 } })).toThrow(ClusterConfigError);
    // A configuration without policies hashes as before (the field is absent).
    expect(Object.hasOwn(parseClusterConfig(base), "policies")).toBe(false);
  });
});
