// A replica left behind in a quiet cluster must catch up without new traffic (issue 13, found by sim seed
// 9302661): a backup that missed the votes of a stable checkpoint, and a primary cut off while the others
// changed views. No Byzantine member in these schedules: lost messages and a partition are enough.
import { describe, expect, it } from "vitest";
import { EMPTY_ROOT } from "./merkle.js";
import { pbft } from "./messages.js";
import { Cluster, FakeClient, signAs } from "./testing/harness.js";
import type { ReplicaId } from "./types.js";

const CID = "test-cluster";
const K = 4;
const PARAMS = { batchDelayMs: 0, batchSizeMax: 1, checkpointInterval: K, logWindow: 2 * K };
/** The most housekeeping ticks a lagging replica may need in a quiet cluster. */
const TICKS_MAX = 3;

function kindOf(frame: pbft.ReplicaFrame): string | undefined {
  return frame.envelope?.payload ? pbft.ReplicaMessage.decode(frame.envelope.payload).kind : undefined;
}

/** Cuts `member` off: no frame and no state transfer between it and the others until `heal`. */
function isolate(c: Cluster, member: ReplicaId): void {
  c.drop = (from, to) => from === member || to === member;
  c.stateServer = (server, req, asker) =>
    server === member || asker === member ? null : c.serveFromLedger(server, req);
}

function heal(c: Cluster): void {
  c.drop = () => false;
  c.stateServer = (server, req) => c.serveFromLedger(server, req);
}

/** Commits `count` one-request batches through primary `primary` (the client talks to it alone). */
function commitVia(c: Cluster, primary: ReplicaId, client: FakeClient, count: number): void {
  for (let i = 0; i < count; i++) {
    c.submit(primary, client.request());
    c.deliverAll();
  }
}

/** Fires the housekeeping ticks of every live member (nothing else happens in a quiet cluster). */
function quietTicks(c: Cluster, until: () => boolean): number {
  let ticks = 0;
  while (ticks < TICKS_MAX && !until()) {
    c.fireAll("state-transfer");
    c.deliverAll();
    ticks++;
  }
  return ticks;
}

/** Members 1, 2, 3 move to view 1 while primary 0 is cut off; they commit one request there. */
function viewChangeWithout0(c: Cluster, client: FakeClient): void {
  isolate(c, 0);
  const r = client.request();
  for (const id of [1, 2, 3]) c.submit(id, r);
  c.deliverAll();
  c.fireAll("request");
  c.deliverAll();
  for (const id of [1, 2, 3]) {
    expect(c.node(id).replica.status()).toMatchObject({ view: 1, viewChanging: false });
    expect(c.node(id).ledger).toHaveLength(1);
  }
  expect(c.node(0).replica.status().view).toBe(0);
}

/**
 * Batches 1..4 commit everywhere but 3 loses the others' checkpoints at 4 (its own stays unstable); then 3
 * is cut off while 6 more commit and the checkpoint at 8 becomes stable at 0, 1 and 2. 3's timers run
 * meanwhile: its probes find nobody, and its tick settles into re-sending its checkpoint at 4.
 */
function lagBehindStable(c: Cluster, client: FakeClient): void {
  c.drop = (_from, to, frame) => to === 3 && kindOf(frame) === "checkpoint";
  commitVia(c, 0, client, K);
  expect(c.node(3).ledger).toHaveLength(K);
  expect(c.node(3).replica.status().stableSeq).toBe(0);
  expect(c.node(0).replica.status().stableSeq).toBe(K);
  isolate(c, 3);
  commitVia(c, 0, client, 6);
  for (let i = 0; i < 8; i++) c.fire(3, { kind: "state-transfer" });
  c.deliverAll();
  for (const id of [0, 1, 2]) expect(c.node(id).replica.status().stableSeq).toBe(2 * K);
  expect(c.node(3).ledger).toHaveLength(K);
}

describe("a backup behind a stable checkpoint, in a quiet cluster", () => {
  it("catches up although it lost the others' checkpoints and was cut off while the next one became stable", () => {
    const c = new Cluster({ params: PARAMS });
    c.start();
    const client = new FakeClient("a", CID);
    lagBehindStable(c, client);
    // The network heals; no client sends anything more. Only the timers run.
    heal(c);
    const ticks = quietTicks(c, () => c.node(3).ledger.length === 10);
    expect(c.node(3).ledger).toHaveLength(10);
    expect(ticks).toBeLessThanOrEqual(TICKS_MAX);
    // And it is a voter again: its low watermark moved to the cluster's stable checkpoint.
    expect(c.node(3).replica.status().stableSeq).toBe(2 * K);
    c.assertAgreement();
  });

  it("catches up through its tick's probe when the others' answers to its checkpoint are lost too", () => {
    const c = new Cluster({ params: PARAMS });
    c.start();
    const client = new FakeClient("a", CID);
    lagBehindStable(c, client);
    heal(c);
    c.drop = (_from, to, frame) => to === 3 && kindOf(frame) === "checkpoint";
    const ticks = quietTicks(c, () => c.node(3).ledger.length === 10);
    expect(c.node(3).ledger).toHaveLength(10);
    expect(ticks).toBeLessThanOrEqual(TICKS_MAX);
    // The stable checkpoint's proof came with the state reply: with its own checkpoint at 8, it is stable.
    expect(c.node(3).replica.status().stableSeq).toBe(2 * K);
    c.assertAgreement();
  });

  it("a member below the stable checkpoint is answered once per stable checkpoint with the member's own", () => {
    const c = new Cluster({ params: PARAMS });
    c.start();
    const client = new FakeClient("a", CID);
    commitVia(c, 0, client, 2 * K);
    expect(c.node(1).replica.status().stableSeq).toBe(2 * K);
    const old = signAs(3, CID, { checkpoint: { seq: K, stateDigest: c.node(3).ledger[K - 1]!.entryHash } });
    const answers = () =>
      c
        .node(1)
        .effects.filter(
          (e) => e.kind === "send" && e.to === 3 && e.frame.envelope && kindOf(e.frame) === "checkpoint",
        );
    for (let i = 0; i < 3; i++) c.step(1, { kind: "envelope", from: 3, envelope: old });
    expect(answers()).toHaveLength(1);
    const sent = answers()[0];
    if (sent?.kind !== "send") throw new Error("no answer");
    expect(pbft.ReplicaMessage.decode(sent.frame.envelope!.payload!).checkpoint?.seq).toBe(2 * K);
    expect(sent.frame.envelope!.signer).toBe(1);
  });
});

describe("a stale primary in a quiet cluster", () => {
  it("learns the view the others moved to without any client traffic, and votes in it", () => {
    const c = new Cluster({ params: PARAMS });
    c.start();
    const client = new FakeClient("a", CID);
    viewChangeWithout0(c, client);
    heal(c);
    quietTicks(c, () => c.node(0).replica.status().view === 1);
    expect(c.node(0).replica.status()).toMatchObject({ view: 1, viewChanging: false });
    expect(c.node(0).ledger).toHaveLength(1);
    // 3 dies: 0, 1 and 2 are a quorum only if 0 votes in view 1.
    c.crash(3);
    c.submit("all", client.request());
    c.deliverAll();
    for (const id of [0, 1, 2]) expect(c.node(id).ledger).toHaveLength(2);
    c.assertAgreement();
  });

  it("that sends in its old view is answered with the new view at once, also relayed by backups", () => {
    const c = new Cluster({ params: PARAMS });
    c.start();
    const client = new FakeClient("a", CID);
    viewChangeWithout0(c, client);
    // The new primary is down too: only the backups can tell 0, relaying the NewView signed by 1.
    c.crash(1);
    heal(c);
    const later = new FakeClient("b", CID);
    c.submit(0, later.request()); // 0 still thinks it is the primary and pre-prepares in view 0
    c.deliverAll();
    expect(c.node(0).replica.status()).toMatchObject({ view: 1, viewChanging: false });
    // Each backup answered once (the second relay is a duplicate), and no timer had to fire.
    for (const id of [2, 3]) {
      const relayed = c
        .node(id)
        .effects.filter((e) => e.kind === "send" && e.to === 0 && e.frame.envelope?.signer === 1);
      expect(relayed).toHaveLength(1);
    }
    expect(c.rejectedReasons(0)).toContain("duplicate");
  });

  it("answers a member's stale-view messages once per view", () => {
    const c = new Cluster({ params: PARAMS });
    c.start();
    const client = new FakeClient("a", CID);
    viewChangeWithout0(c, client);
    const before = c.node(2).effects.length;
    for (let seq = 1; seq <= 3; seq++)
      c.step(2, {
        kind: "envelope",
        from: 0,
        envelope: signAs(0, CID, { commit: { view: 0, seq, batchDigest: EMPTY_ROOT } }),
      });
    const sends = c
      .node(2)
      .effects.slice(before)
      .filter((e) => e.kind === "send" && e.to === 0);
    expect(sends).toHaveLength(1);
    expect(c.rejectedReasons(2).filter((r) => r === "stale-view").length).toBeGreaterThanOrEqual(3);
  });
});

describe("a state reply's new view and checkpoint proof", () => {
  /** Member 3 missed K batches; a reply from 0 with its batches, tampered by `edit`. */
  function setup(edit: (reply: pbft.StateReply) => void): { c: Cluster; reply: pbft.StateReply } {
    const c = new Cluster({ params: PARAMS });
    c.start();
    const client = new FakeClient("a", CID);
    isolate(c, 3);
    commitVia(c, 0, client, K);
    heal(c);
    const reply = c.serveFromLedger(0, { fromSeq: 1, toSeq: K });
    expect(reply.checkpointProof.length).toBeGreaterThanOrEqual(3);
    edit(reply);
    return { c, reply };
  }

  it("a valid proof alone (no batches) is a target: the replica fetches up to it and makes it stable", () => {
    const { c, reply } = setup((r) => {
      r.batches = [];
    });
    const effects = c.step(3, { kind: "state-reply", from: 0, reply });
    expect(effects.filter((e) => e.kind === "rejected")).toEqual([]);
    expect(effects.some((e) => e.kind === "fetch-state" && e.fromSeq === 1 && e.toSeq >= K)).toBe(true);
    c.deliverAll();
    expect(c.node(3).ledger).toHaveLength(K);
    expect(c.node(3).replica.status().stableSeq).toBe(K);
  });

  it("a proof from a later epoch with more members than ours is no reason to refuse the batches", () => {
    // An observer replaying from the genesis (4 members) asks a cluster grown to 7: the servers' stable
    // checkpoint proof carries 5 signatures of an epoch the observer does not know yet. Refusing it as
    // longer than our n refused every reply, and the observer never caught up (the full reconfiguration run).
    const later = Array.from({ length: 5 }, (_, i) =>
      signAs(i, CID, { checkpoint: { seq: 64, stateDigest: new Uint8Array(32).fill(1), epoch: 4 } }),
    );
    const { c, reply } = setup((r) => {
      r.checkpointProof = later;
      r.newView = null;
    });
    const effects = c.step(3, { kind: "state-reply", from: 0, reply });
    expect(effects.filter((e) => e.kind === "rejected")).toEqual([]);
    expect(effects.filter((e) => e.kind === "execute")).toHaveLength(K);
  });

  for (const [name, reason, edit] of [
    [
      "a proof with too few signatures",
      "invalid-checkpoint",
      (r: pbft.StateReply) => r.checkpointProof.splice(1),
    ],
    [
      "a proof holding something else than checkpoints",
      "invalid-checkpoint",
      (r: pbft.StateReply) => {
        r.checkpointProof[0] = signAs(1, CID, { prepare: { view: 0, seq: 1, batchDigest: EMPTY_ROOT } });
      },
    ],
    [
      "a new view signed by a member that is not its primary",
      "not-primary",
      (r: pbft.StateReply) => {
        r.newView = signAs(2, CID, { newView: { view: 1 } });
      },
    ],
    [
      "a new view without its view-changes",
      "invalid-new-view",
      (r: pbft.StateReply) => {
        r.newView = signAs(1, CID, { newView: { view: 1 } });
      },
    ],
    [
      "a new view field holding another message",
      "invalid-new-view",
      (r: pbft.StateReply) => {
        r.newView = signAs(1, CID, { commit: { view: 0, seq: 1, batchDigest: EMPTY_ROOT } });
      },
    ],
  ] as const) {
    it(`${name} is refused (${reason}) and changes nothing, the batches included`, () => {
      const { c, reply } = setup(edit);
      c.step(3, { kind: "state-reply", from: 0, reply });
      expect(c.rejectedReasons(3)).toContain(reason);
      expect(c.node(3).ledger).toHaveLength(0);
      expect(c.node(3).replica.status()).toMatchObject({ view: 0, viewChanging: false });
    });
  }
});
