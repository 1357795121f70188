// The reader edition under an endorsement policy (issue 18: "amendments of a record follow its type's
// policy"): the current version is what is in force; a pending or expired amendment is shown apart with
// its status and endorsements and never merged; amendments apply in the order they came into force. And an
// edition states its filters in every format (verify-reader rebuilds with them).
import type { pbft } from "@pbft/consensus";
import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { ProposerDirectory } from "./attribution.js";
import { parseClusterConfig } from "./cluster-config.js";
import { type TestKey, testKey } from "./config-testing.js";
import { MemoryLedger } from "./memory-ledger.js";
import { buildReaderEdition, type ReaderOptions, readerEditionFilters } from "./reader.js";
import { currentVersion, governedAsOf } from "./record-version.js";
import { MemoryRulesState } from "./rules.js";
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
  policies: { decision: { k: 2, deadlineMs: 10_000 } },
});

class World {
  readonly ledger = MemoryLedger.create(cluster);
  private readonly numbers = new Map<string, number>();
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
    return out.results[0]!;
  }
  edition(o: Omit<ReaderOptions, "rules" | "directory"> = {}) {
    const ledger = this.ledger;
    return buildReaderEdition(
      cluster.clusterId,
      (async function* () {
        yield* ledger.range(1);
      })(),
      { directory: new ProposerDirectory(cluster), rules: new MemoryRulesState(cluster), ...o },
    );
  }
}

const amendment = (amends: string, amendmentType: string, content: Record<string, unknown>) => ({
  id: ulid(),
  amends,
  amendmentType,
  reason: amendmentType,
  content,
});

/** A decision in force: proposed by alice (OrgA), endorsed by bob (OrgB). */
function decisionInForce(w: World, content: Record<string, unknown>): string {
  const id = ulid();
  expect(w.run(alice!, { id, type: "decision", title: "budget", content, source: "board" }, T).accepted).toBe(
    true,
  );
  expect(w.run(bob!, { kind: "endorsement", id: ulid(), endorses: id }, T + 1).accepted).toBe(true);
  return id;
}

describe("reader edition: amendments under a policy", () => {
  it("a pending amendment is shown as pending with its endorsements, never as the current version", async () => {
    const w = new World();
    const id = decisionInForce(w, { eur: 100 });
    const sup = amendment(id, "supersession", { eur: 999 });
    expect(w.run(alice!, sup, T + 2).accepted).toBe(true);
    const ed = await w.edition();
    const r = ed.json.records[0]!;
    expect(r.status).toBe("in-force");
    expect(r.content).toEqual({ eur: 100 });
    expect(r.trace.map((t) => t.kind)).toEqual(["original"]);
    expect(r.pendingAmendments).toHaveLength(1);
    const p = r.pendingAmendments![0]!;
    expect(p).toMatchObject({ proposalId: sup.id, kind: "supersession", status: "pending", height: 3 });
    expect(p.content).toEqual({ eur: 999 });
    expect(p.endorsements).toEqual([expect.objectContaining({ org: "OrgA", proposer: "alice", height: 3 })]);
    expect(ed.markdown).toContain("Amendments not in force (not part of the text above):");
    expect(ed.markdown).toContain("supersession (supersession) by alice (OrgA)");
    expect(ed.markdown).toContain("pending, not in force (endorsed by OrgA)");
    expect(ed.html).toContain('<section class="pending">');
    // The current version's content block (the first json fence) does not carry the pending amount.
    const first = ed.markdown.slice(ed.markdown.indexOf("```json\n"));
    expect(first.slice(0, first.indexOf("```\n", 8))).not.toContain("999");
  });

  it("once endorsed the amendment is in force: merged, traced with the height that brought it into force", async () => {
    const w = new World();
    const id = decisionInForce(w, { eur: 100, note: "x" });
    const cor = amendment(id, "correction", { eur: 120 });
    w.run(alice!, cor, T + 2);
    w.run(bob!, { kind: "endorsement", id: ulid(), endorses: cor.id }, T + 3);
    const r = (await w.edition()).json.records[0]!;
    expect(r.content).toEqual({ eur: 120, note: "x" });
    expect(r.pendingAmendments).toBeUndefined();
    expect(r.trace.map((t) => [t.kind, t.height, t.inForceAt])).toEqual([
      ["original", 1, undefined],
      ["correction", 3, 4],
    ]);
  });

  it("a pending withdrawal leaves the record in force; an expired amendment is shown expired", async () => {
    const w = new World();
    const id = decisionInForce(w, { eur: 1 });
    const wd = amendment(id, "withdrawal", {});
    w.run(alice!, wd, T + 2);
    // Past the amendment's deadline (10 s): an entry later than it makes it expired.
    w.run(alice!, { id: ulid(), type: "observation", title: "later", content: {}, source: "s" }, T + 20_000);
    const ed = await w.edition();
    const r = ed.json.records.find((x) => x.id === id)!;
    expect(r.status).toBe("in-force");
    expect(r.pendingAmendments!.map((p) => [p.kind, p.status])).toEqual([["withdrawal", "expired"]]);
    expect((await w.edition({ statuses: ["withdrawn"] })).json.records).toEqual([]);
  });

  it("amendments apply in the order they came into force, not the order they were proposed", () => {
    const step = (h: number, type: "supersession" | "clarification", content: object, inForceAt: number) => ({
      amendment: { id: ulid(), amends: "r", amendmentType: type, reason: "r", content: { ...content } },
      height: h,
      governed: {
        id: "x",
        type: "decision" as const,
        orgs: ["A", "B"],
        k: 2,
        deadlineMs: null,
        endorsed: [
          { org: "A", key: "a", height: h, timeMs: 0 },
          { org: "B", key: "b", height: inForceAt, timeMs: 0 },
        ],
        inForce: true,
        withdraws: null,
      },
      extra: h,
    });
    // Superseded at 10 but in force at 13; clarified at 11, in force at 12: the supersession, in force
    // last, replaces the clarified text.
    const steps = [step(10, "supersession", { s: 1 }, 13), step(11, "clarification", { c: 1 }, 12)];
    const v = currentVersion({ o: 1 }, steps, 0);
    expect(v.content).toEqual({ s: 1 });
    expect(v.applied.map((a) => a.step.extra)).toEqual([11, 10]);
    // As of height 12 the supersession was not in force yet: it waits, the clarification applies.
    const at12 = currentVersion(
      { o: 1 },
      steps.map((s) => ({ ...s, governed: governedAsOf(s.governed, 12) })),
      0,
    );
    expect(at12.content).toEqual({ o: 1, c: 1 });
    expect(at12.waiting.map((x) => [x.step.extra, x.status])).toEqual([[10, "pending"]]);
  });

  it("without a policy every accepted amendment is in force at once (behaviour as before)", async () => {
    const w = new World();
    const id = ulid();
    w.run(alice!, { id, type: "observation", title: "o", content: { a: 1 }, source: "s" }, T);
    w.run(alice!, amendment(id, "supersession", { b: 2 }), T + 1);
    const r = (await w.edition()).json.records[0]!;
    expect(r.content).toEqual({ b: 2 });
    expect(r.pendingAmendments).toBeUndefined();
  });
});

describe("reader edition: stated filters", () => {
  it("states its filters in every format, where verify-reader reads them; an unfiltered one states none", async () => {
    const w = new World();
    decisionInForce(w, { eur: 1 });
    const filters = { types: ["decision"], statuses: ["in-force", "pending"] };
    const ed = await w.edition(filters);
    expect(ed.json.filters).toEqual(filters);
    for (const text of [JSON.stringify(ed.json, null, 2), ed.markdown, ed.html])
      expect(readerEditionFilters(text)).toEqual(filters);
    expect(ed.markdown).toContain(
      "Filtered edition: only the records of type decision and with status in-force or pending.",
    );
    expect(ed.html).toContain('<p class="filters">Filtered edition');
    const all = await w.edition();
    expect(all.json.filters).toBeUndefined();
    for (const text of [JSON.stringify(all.json, null, 2), all.markdown, all.html])
      expect(readerEditionFilters(text)).toBeNull();
  });
});
