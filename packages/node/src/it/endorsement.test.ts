// Integration (issue 18): endorsement policies and consensus time on a real four-node cluster (processes,
// SoftHSM tokens, LevelDB). A decision under a 2-of-3 organisations policy goes pending -> in force when a
// proposer of a second organisation endorses it; another, never endorsed, expires at its deadline.
import { Ledger, statusAt, verifyLedger } from "@pbft/ledger";
import { ulid } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordIndex } from "../api/records.js";
import { recordProposal } from "../client/proposal.js";
import type { ClusterClient, SubmitResult } from "../client/submit.js";
import { loadNodeConfig } from "../config.js";
import { LocalCluster } from "../testing/local-cluster.js";

const ORGS = ["OrgA", "OrgB", "OrgC"];
const DEADLINE_MS = 20_000; // long enough for the first test's round trips on a loaded machine

let lc: LocalCluster;
let clients: ClusterClient[];

const decision = (title: string) =>
  recordProposal({ type: "decision", title, content: { text: title }, source: "integration-test" });
const endorsement = (endorses: string) => ({ kind: "endorsement", id: ulid(), endorses });
const correction = (amends: string) => ({
  id: ulid(),
  amends,
  amendmentType: "correction",
  reason: "figures updated",
  content: { text: "corrected" },
});
const outcome = (r: SubmitResult) => (r.decision.accepted ? "accepted" : r.decision.reason);

describe("endorsement on a four-node cluster", () => {
  beforeAll(async () => {
    lc = await LocalCluster.create({
      proposers: 3,
      tmpPrefix: "pbft-it-endorse-",
      editGenesis: (g) => ({
        ...g,
        // Proposer key i (proposer-i, the first one "cli") belongs to ORGS[i]; the genesis sorts them by key.
        proposers: (g.proposers as { name: string }[]).map((p) => ({
          ...p,
          org: ORGS[p.name === "cli" ? 0 : Number(p.name.replace("proposer-", ""))],
        })),
        policies: { decision: { k: 2, orgs: ORGS, deadlineMs: DEADLINE_MS } },
      }),
    });
    await lc.startAll();
    clients = await Promise.all([0, 1, 2].map((i) => lc.client(i)));
    await Promise.all(clients.map((c) => c.ready(15_000)));
  }, 120_000);

  afterAll(async () => {
    await lc?.destroy();
  });

  let inForce = "";
  let waiting = correction("");
  let expired = "";

  it("pending until a second organisation endorses it, then in force", async () => {
    const [a, b, c] = clients as [ClusterClient, ClusterClient, ClusterClient];
    const d = decision("budget 2027");
    const proposed = await a.submit(d, 30_000);
    expect(outcome(proposed)).toBe("accepted");
    expect(proposed.decision.proposer).toMatchObject({ name: "cli", org: "OrgA" });
    expect(proposed.decision.timeMs).toBeGreaterThan(Date.now() - 60_000);
    // Pending: an amendment of it is refused, nothing changes.
    expect(outcome(await a.submit(correction(d.id), 30_000))).toBe("record-not-in-force");
    // Its own organisation cannot endorse it twice.
    expect(outcome(await a.submit(endorsement(d.id), 30_000))).toBe("already-endorsed");
    const endorsed = await b.submit(endorsement(d.id), 30_000);
    expect(outcome(endorsed)).toBe("accepted");
    expect(endorsed.decision.proposer).toMatchObject({ org: "OrgB" });
    // In force: a third organisation's endorsement is not needed, and amendments are accepted.
    expect(outcome(await c.submit(endorsement(d.id), 30_000))).toBe("not-pending");
    // The amendment follows the decision's policy: accepted pending, in force once OrgB endorses it.
    const fix = correction(d.id);
    expect(outcome(await a.submit(fix, 30_000))).toBe("accepted");
    expect(outcome(await b.submit(endorsement(fix.id), 30_000))).toBe("accepted");
    // A second one nobody endorses: pending (expired by the end of the next test), never the current text.
    waiting = { ...correction(d.id), content: { text: "never endorsed" } };
    expect(outcome(await a.submit(waiting, 30_000))).toBe("accepted");
    inForce = d.id;
  }, 120_000);

  it("a decision nobody endorses expires at its deadline (consensus time)", async () => {
    const [a, b] = clients as [ClusterClient, ClusterClient];
    const d = decision("late proposal");
    const proposed = await a.submit(d, 30_000);
    expect(outcome(proposed)).toBe("accepted");
    const deadline = proposed.decision.timeMs! + DEADLINE_MS;
    // Consensus time moves with committed entries: commit observations until one is decided past the deadline.
    let last = proposed.decision.timeMs!;
    for (let i = 0; i < 300 && last <= deadline; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const o = recordProposal({
        type: "observation",
        title: `tick ${i}`,
        content: {},
        source: "integration-test",
      });
      last = (await a.submit(o, 30_000)).decision.timeMs!;
    }
    expect(last).toBeGreaterThan(deadline);
    expect(outcome(await b.submit(endorsement(d.id), 30_000))).toBe("expired");
    expired = d.id;
  }, 120_000);

  it("every node's ledger holds the statuses, never-decreasing times, and verifies", async () => {
    await lc.stopAll();
    for (const id of [0, 3]) {
      const dir = loadNodeConfig(lc.home(id)).dataDir;
      expect(await verifyLedger(dir, lc.cluster)).toMatchObject({ ok: true });
      const ledger = await Ledger.open(dir, lc.cluster);
      try {
        const now = ledger.head().timeMs;
        const g = (await ledger.governed(inForce))!;
        expect(statusAt(g, now)).toBe("in-force");
        expect(g.endorsed.map((e) => e.org)).toEqual(["OrgA", "OrgB"]);
        expect(statusAt((await ledger.governed(expired))!, now)).toBe("expired");
        // The records API's index: the current version is what is in force; the unendorsed correction is
        // listed apart (expired by now) and not merged.
        const index = new RecordIndex(ledger);
        await index.sync();
        const r = (await index.detail(inForce))!;
        expect(r.status).toBe("in-force");
        expect(r.content).toEqual({ text: "corrected" });
        expect(r.trace.map((t) => t.kind)).toEqual(["original", "correction"]);
        expect(r.trace[1]!.inForceAt).toBeGreaterThan(r.trace[1]!.height);
        expect(r.proofs).toHaveLength(2);
        expect(r.endorsements!.map((e) => e.org)).toEqual(["OrgA", "OrgB"]);
        expect(r.pendingAmendments!.map((p) => [p.proposalId, p.status, p.content])).toEqual([
          [waiting.id, "expired", { text: "never endorsed" }],
        ]);
        expect(r.pendingAmendments![0]!.endorsements.map((e) => e.org)).toEqual(["OrgA"]);
        const page = index.page({ status: "expired", type: "decision", offset: 0, limit: 10 });
        expect(page.records.map((x) => x.id)).toEqual([expired]);
        let prev = 0;
        for await (const e of ledger.range(1)) {
          const t = Number(e.header.timeMs);
          expect(t).toBeGreaterThanOrEqual(prev);
          prev = t;
        }
      } finally {
        await ledger.close();
      }
    }
  }, 120_000);
});
