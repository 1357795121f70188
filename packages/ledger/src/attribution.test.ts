// Attribution (issue 18): who proposed each request (name and organisation from the configuration) and when
// it was decided (the entry's consensus time), in the reader edition and for any entry.
import { pbft } from "@pbft/consensus";
import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { decidedAt, ProposerDirectory, proposerLabel } from "./attribution.js";
import { parseClusterConfig } from "./cluster-config.js";
import { testKey } from "./config-testing.js";
import { MemoryLedger } from "./memory-ledger.js";
import { buildReaderEdition } from "./reader.js";
import { makeFixture } from "./test-fixture.js";

const fx = makeFixture();
const bob = testKey();
const cluster = parseClusterConfig({
  ...fx.cluster,
  proposers: [
    { name: "alice", publicKey: fx.proposer.hex, org: "OrgA" },
    { name: "bob", publicKey: bob.hex },
  ],
});
const T = Date.UTC(2027, 0, 2, 3, 4, 5);

async function* stream(l: MemoryLedger) {
  yield* l.range(1);
}

describe("attribution", () => {
  it("names proposers and members by key, and unknown keys by a key prefix", () => {
    const d = new ProposerDirectory(cluster);
    expect(d.who(fx.proposer.hex)).toEqual({
      name: "alice",
      org: "OrgA",
      role: "proposer",
      key: fx.proposer.hex,
    });
    expect(d.who(bob.hex)).toMatchObject({ name: "bob", role: "proposer" });
    expect(d.who(bob.hex).org).toBeUndefined();
    expect(d.who(fx.members[2]!.hex)).toMatchObject({ name: "node2", role: "member" });
    expect(d.who("ab".repeat(32))).toMatchObject({ name: "abababababab", role: "unknown" });
    expect(proposerLabel(d.who(fx.proposer.hex))).toBe("alice (OrgA)");
    expect(decidedAt(0)).toBeNull();
    expect(decidedAt(T)).toBe("2027-01-02T03:04:05.000Z");
  });

  it("the reader edition says who proposed the record and each amendment, and when each was decided", async () => {
    const ledger = MemoryLedger.create(cluster);
    const id = ulid();
    const rec = fx.request(
      { id, type: "decision", title: "budget", content: { eur: 1 }, source: "board" },
      1,
    );
    const amend = fx.request(
      { id: ulid(), amends: id, amendmentType: "correction", reason: "typo", content: { eur: 2 } },
      1,
      bob,
    );
    ledger.execute({ seq: 1, view: 0, requests: [rec], certificate: fx.certify(0, 1, [rec], [0, 1, 2], T) });
    ledger.execute({
      seq: 2,
      view: 0,
      requests: [amend],
      certificate: fx.certify(0, 2, [amend], [0, 1, 2], T + 1000),
    });
    const ed = await buildReaderEdition(cluster.clusterId, stream(ledger), new ProposerDirectory(cluster));
    const [r] = ed.json.records;
    expect(r!.trace.map((t) => [t.kind, t.proposer, t.decidedAt])).toEqual([
      ["original", "alice (OrgA)", "2027-01-02T03:04:05.000Z"],
      ["correction", "bob", "2027-01-02T03:04:06.000Z"],
    ]);
    expect(ed.markdown).toContain("by alice (OrgA) at 2027-01-02T03:04:05.000Z");
    expect(ed.html).toContain("by bob at 2027-01-02T03:04:06.000Z");
    // Without a directory the edition is as before (no proposer), the time still shows.
    const plain = await buildReaderEdition(cluster.clusterId, stream(ledger));
    expect(plain.json.records[0]!.trace[0]!.proposer).toBeUndefined();
    expect(Number(pbft.EntryHeader.decode(ledger.get(2)!.headerBytes).timeMs)).toBe(T + 1000);
  });
});

describe("reader edition with endorsement policies", () => {
  it("shows each record's status and its endorsements (organisation, proposer, time), filtered by type and status", async () => {
    const { MemoryRulesState } = await import("./rules.js");
    const governed = parseClusterConfig({
      ...cluster,
      proposers: [
        { name: "alice", publicKey: fx.proposer.hex, org: "OrgA" },
        { name: "bob", publicKey: bob.hex, org: "OrgB" },
      ],
      policies: { decision: { k: 2 } },
    });
    const ledger = MemoryLedger.create(governed);
    const a = ulid();
    const b = ulid();
    const reqs = [
      fx.request({ id: a, type: "decision", title: "A", content: {}, source: "s" }, 1),
      fx.request({ id: b, type: "decision", title: "B", content: {}, source: "s" }, 2),
      fx.request({ id: ulid(), type: "observation", title: "O", content: {}, source: "s" }, 3),
      fx.request({ kind: "endorsement", id: ulid(), endorses: a }, 1, bob),
    ];
    reqs.forEach((r, i) => {
      ledger.execute({
        seq: i + 1,
        view: 0,
        requests: [r],
        certificate: fx.certify(0, i + 1, [r], [0, 1, 2], T + i),
      });
    });
    const build = (o: { types?: string[]; statuses?: string[] } = {}) =>
      buildReaderEdition(governed.clusterId, stream(ledger), {
        directory: new ProposerDirectory(governed),
        rules: new MemoryRulesState(governed),
        ...o,
      });
    const ed = await build();
    expect(ed.json.records.map((r) => [r.title, r.status])).toEqual([
      ["A", "in-force"],
      ["B", "pending"],
      ["O", "in-force"],
    ]);
    expect(ed.json.records[0]!.endorsements).toEqual([
      { org: "OrgA", height: 1, proposer: "alice", decidedAt: new Date(T).toISOString() },
      { org: "OrgB", height: 4, proposer: "bob", decidedAt: new Date(T + 3).toISOString() },
    ]);
    expect(ed.markdown).toContain("- endorsed by OrgB (bob) at");
    expect((await build({ statuses: ["pending"] })).json.records.map((r) => r.title)).toEqual(["B"]);
    expect((await build({ types: ["observation"] })).json.records.map((r) => r.title)).toEqual(["O"]);
  });
});
