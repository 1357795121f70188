// Reconfiguration rules: every new reason code, the approval count and the boundary, supersession, the
// epoch on every header and the hand-over on the last one, authorisation following the epoch in force.
import { describe, expect, it } from "vitest";
import { configChangeHash } from "./config-change.js";
import { rotateOp, testKey, testMember } from "./config-testing.js";
import { ConfigWorld } from "./config-world.js";
import { epochConfigHash } from "./epochs.js";
import { MemoryLedger } from "./memory-ledger.js";
import { REASONS } from "./rules.js";

function world(): { w: ConfigWorld; ledger: () => MemoryLedger } {
  let ledger: MemoryLedger | undefined;
  const w: ConfigWorld = new ConfigWorld((b) => ledger!.executeMany(b));
  ledger = MemoryLedger.create(w.genesis);
  return { w, ledger: () => ledger! };
}

describe("config rules", () => {
  it("refuses each reason code of reconfiguration", async () => {
    const { w } = world();
    const seen = new Set<string>();
    const expectReason = async (want: string, ...proposals: unknown[]) => {
      const { reasons } = await w.submit(...proposals);
      expect(reasons.at(-1)).toBe(want);
      seen.add(want);
    };
    const node4 = testMember("node4", { port: 7040 });
    await expectReason("wrong-epoch", { ...w.change([{ op: "add-member", card: node4.card }]), epoch: 1 });
    await expectReason("invalid-change", w.change([{ op: "remove-member", name: "node0" }])); // n = 3
    await expectReason("invalid-change", w.change([{ op: "set-parameters", parameters: { logWindow: 5 } }]));
    await expectReason("invalid-change", w.change([{ op: "set-parameters", parameters: { nope: 1 } }]));
    const dupKey = testMember("node5", { vote: w.keyOf("node1") });
    await expectReason("invalid-change", w.change([{ op: "add-member", card: dupKey.card }]));
    await expectReason("unknown-member", w.change([{ op: "remove-member", name: "nobody" }]));
    await expectReason("member-exists", w.change([{ op: "add-member", card: testMember("node2").card }]));
    const forged = { ...node4.card, addresses: ["/ip4/10.0.0.1/tcp/1"] };
    await expectReason("invalid-card", w.change([{ op: "add-member", card: forged }]));
    const rotated = testMember("node1", { vote: testKey("node1-new") });
    await expectReason(
      "bad-rotation-signature",
      w.change([rotateOp(w.clusterId, testKey("not-node1"), rotated)]),
    );
    await expectReason("unknown-proposer", w.change([{ op: "remove-proposer", publicKey: "ee".repeat(32) }]));
    await expectReason(
      "proposer-exists",
      w.change([{ op: "add-proposer", name: "again", publicKey: w.proposer.hex }]),
    );
    const change = w.change([{ op: "add-member", card: node4.card }]);
    const other = w.change([{ op: "add-proposer", name: "ops", publicKey: testKey("ops").hex }]);
    expect((await w.submit(change, other)).reasons).toEqual(["", ""]);
    await expectReason("unknown-change", { ...w.approve(change, "node0"), change: w.nextId() });
    await expectReason("unknown-change", { ...w.approve(change, "node0"), changeHash: "00".repeat(32) });
    await expectReason("approver-not-member", w.approve(change, "node4", node4.vote));
    await expectReason("bad-approval-signature", w.approve(change, "node0", testKey("someone")));
    expect((await w.submit(w.approve(change, "node0"))).reasons).toEqual([""]);
    await expectReason("already-approved", w.approve(change, "node0"));
    while ((w.height + 1) % 4 !== 1) await w.run([]); // the approval completes at 4k+1: boundary 4k+4
    const done = await w.submit(w.approve(change, "node1"), w.approve(change, "node2"));
    expect(done.reasons).toEqual(["", ""]);
    await expectReason("change-not-pending", w.approve(other, "node3")); // superseded
    await expectReason("change-not-pending", w.approve(change, "node3")); // approved
    await expectReason("wrong-epoch", w.change([{ op: "remove-member", name: "node3" }])); // epoch 0 is closing
    // The reconfiguration codes (from wrong-epoch up to the endorsement codes of issue 18, tested in endorsement.test.ts).
    expect([...seen].sort()).toEqual(
      REASONS.slice(REASONS.indexOf("wrong-epoch"), REASONS.indexOf("not-pending")).sort(),
    );
  });

  it("a member's vote key may propose and approve changes, nothing else; others are unauthorised", async () => {
    const { w } = world();
    const node0 = { client: w.keyOf("node0") };
    const change = w.change([{ op: "add-proposer", name: "ops", publicKey: testKey("ops").hex }]);
    const record = { id: w.nextId(), type: "decision", title: "t", content: {}, source: "s" };
    const r = await w.submit(
      { ...node0, proposal: change },
      { ...node0, proposal: w.approve(change, "node0") },
      { ...node0, proposal: record },
      { ...node0, proposal: "{not json" },
      { client: testKey("stranger"), proposal: w.approve(change, "node1") },
    );
    expect(r.reasons).toEqual([
      "",
      "",
      "unauthorised-proposer",
      "unauthorised-proposer",
      "unauthorised-proposer",
    ]);
  });

  it("a quorum of approvals sets the boundary (next multiple of K); the last entry of the epoch names the next configuration", async () => {
    const { w, ledger } = world();
    const l = ledger();
    const node4 = testMember("node4", { port: 7040 });
    const change = w.change([{ op: "add-member", card: node4.card }]);
    await w.submit(change); // height 1
    const [a0, a1, a2] = w.quorumApprovals(change);
    const first = await w.submit(a0, a1); // height 2
    expect(first.out.pendingBoundary).toBeUndefined();
    expect(l.openChanges().map((c) => [c.id, c.status, c.approvals.map((a) => a.member)])).toEqual([
      [change.id, "pending", ["node0", "node1"]],
    ]);
    const approved = await w.submit(a2); // height 3: approved, K = 4
    expect(approved.out.pendingBoundary).toBe(4);
    expect(l.pendingBoundary()).toBe(4);
    expect(l.change(change.id)).toMatchObject({ status: "approved", approvedAt: 3, boundary: 4 });
    const b = await w.run([]); // height 4: the boundary
    expect(b.epoch).toBe(0);
    expect(b.nextEpoch?.epoch).toBe(1);
    expect(b.nextEpoch?.startHeight).toBe(5);
    const next = b.nextEpoch!;
    expect(next.hash).toBe(epochConfigHash(next.config));
    expect(Buffer.from(b.header.nextConfigHash).toString("hex")).toBe(next.hash);
    expect(next.config.previousConfigHash).toBe(l.epochs()[0]!.hash);
    expect(next.config.members.map((m) => [m.id, m.name])).toEqual(
      ["node0", "node1", "node2", "node3", "node4"].map((n, i) => [i, n]),
    );
    expect(l.change(change.id)?.status).toBe("applied");
    expect(l.change(change.id)?.hash).toBe(configChangeHash(change));
    const after = await w.run([]); // height 5: epoch 1, certified by epoch 1's quorum (4 of 5)
    expect(after.epoch).toBe(1);
    expect(Number(after.header.epoch)).toBe(1);
    expect(after.header.nextConfigHash.length).toBe(0);
    expect(l.epoch().epoch).toBe(1);
    expect(l.epochAt(4).epoch).toBe(0);
    expect(l.epochAt(5).epoch).toBe(1);
    // epoch-0 headers encode as before reconfiguration existed: no epoch field at all
    expect(Number(l.get(1)!.header.epoch)).toBe(0);
    expect(l.get(1)!.headerBytes.includes(56)).toBe(false);
    // the new member approves now; a quorum of n = 5 is 4
    const c2 = w.change([{ op: "remove-member", name: "node4" }]);
    await w.submit(c2);
    const r = await w.submit(...["node0", "node1", "node2"].map((n) => w.approve(c2, n)));
    expect(r.out.pendingBoundary).toBeUndefined();
    const r2 = await w.submit(w.approve(c2, "node4", node4.vote));
    expect(r2.out.pendingBoundary).toBe(8); // approved at 8, a multiple of K: 8 is the boundary itself
    expect(r2.out.nextEpoch?.epoch).toBe(2);
  });

  it("authorisation follows the epoch in force: a removed proposer's next request is unauthorised", async () => {
    const { w, ledger } = world();
    const ops = testKey("ops");
    await w.reconfigure([{ op: "add-proposer", name: "ops", publicKey: ops.hex }]);
    const record = () => ({ id: w.nextId(), type: "decision", title: "t", content: {}, source: "s" });
    expect((await w.submit({ client: ops, proposal: record() })).reasons).toEqual([""]);
    await w.reconfigure([{ op: "remove-proposer", publicKey: ops.hex }]);
    expect((await w.submit({ client: ops, proposal: record() })).reasons).toEqual(["unauthorised-proposer"]);
    expect(
      ledger()
        .epochs()
        .map((e) => e.epoch),
    ).toEqual([0, 1, 2]);
  });

  it("a reopened MemoryLedger keeps the epochs, the changes and the pending boundary", async () => {
    const { w, ledger } = world();
    await w.reconfigure([{ op: "add-member", card: testMember("node4", { port: 7040 }).card }]);
    const c = w.change([{ op: "set-parameters", parameters: { checkpointInterval: 2, logWindow: 8 } }]);
    await w.submit(c);
    await w.submit(...w.quorumApprovals(c));
    const before = ledger();
    const again = MemoryLedger.open(before.kv, w.genesis);
    expect(again.epochs()).toEqual(before.epochs());
    expect(again.pendingBoundary()).toBe(before.pendingBoundary());
    expect(again.openChanges()).toEqual(before.openChanges());
    expect(again.head()).toEqual(before.head());
  });
});
