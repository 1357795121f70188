// Crash and restart from persisted state plus the committed ledger: what is persisted, when, and why the
// restarted replica cannot violate safety.
import { describe, expect, it } from "vitest";
import { pbft } from "./messages.js";
import { Cluster, FakeClient } from "./testing/harness.js";

const CID = "test-cluster";

function cluster(params: Record<string, number> = {}): Cluster {
  const c = new Cluster({
    params: { batchDelayMs: 0, checkpointInterval: 4, logWindow: 8, batchSizeMax: 1, ...params },
  });
  c.start();
  return c;
}

function kindOf(e: { frame: pbft.ReplicaFrame }): string | undefined {
  return e.frame.envelope ? pbft.ReplicaMessage.decode(e.frame.envelope.payload!).kind : undefined;
}

describe("persist and restart", () => {
  it("persist comes first in a step's effects, before any send; execute effects come last", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    for (let i = 0; i < 6; i++) c.submit(0, client.request());
    c.deliverAll();
    // Re-run the protocol step by step and check the order of every step's effects.
    const c2 = cluster();
    const effectsPerStep: string[][] = [];
    const orig = c2.step.bind(c2);
    c2.step = (id, ev) => {
      const effects = orig(id, ev);
      effectsPerStep.push(effects.map((e) => e.kind));
      return effects;
    };
    for (let i = 0; i < 6; i++) c2.submit(0, client.request());
    c2.deliverAll();
    let persists = 0;
    for (const kinds of effectsPerStep) {
      const p = kinds.indexOf("persist");
      if (p >= 0) {
        persists++;
        expect(p).toBe(0);
      }
      const firstExec = kinds.indexOf("execute");
      if (firstExec >= 0) expect(kinds.slice(firstExec).every((k) => k === "execute")).toBe(true);
    }
    expect(persists).toBeGreaterThan(0);
  });

  it("a prepared certificate is persisted before the replica's commit for it is sent", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    c.submit(0, client.request());
    c.deliverAll();
    for (const n of c.nodes) {
      const firstCommit = n.effects.findIndex((e) => e.kind === "broadcast" && kindOf(e) === "commit");
      const persistedPrepared = n.effects.findIndex(
        (e) => e.kind === "persist" && e.state.prepared.length > 0,
      );
      expect(persistedPrepared).toBeGreaterThanOrEqual(0);
      expect(persistedPrepared).toBeLessThan(firstCommit);
    }
  });

  it("a restarted backup rejoins without voting again on sequence numbers it may have voted on", () => {
    const c = cluster({ logWindow: 8 });
    const client = new FakeClient("a", CID);
    for (let i = 0; i < 2; i++) c.submit(0, client.request());
    c.deliverAll();
    c.crash(2);
    c.restart(2);
    const n = c.node(2);
    n.effects.length = 0;
    for (let i = 0; i < 3; i++) c.submit(0, client.request());
    c.deliverAll();
    // Still executes (from the others' commits) but sends no prepare/commit up to stable + L = 8.
    expect(n.ledger).toHaveLength(5);
    expect(
      n.effects.filter((e) => e.kind === "broadcast" && ["prepare", "commit"].includes(kindOf(e) ?? "")),
    ).toHaveLength(0);
    c.assertAgreement();
  });

  it("a restarted primary does not reuse its view: it starts a view change", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    c.submit(0, client.request());
    c.deliverAll();
    c.crash(0);
    c.restart(0);
    expect(
      c
        .node(0)
        .effects.some(
          (e) => e.kind === "view-change-started" && e.view === 1 && e.reason === "restarted-primary",
        ),
    ).toBe(true);
    expect(c.node(0).persisted).toMatchObject({ view: 1, viewChanging: true });
    // The others join once their own request timers fire; the view completes and commits resume.
    c.submit("all", client.request());
    c.deliverAll();
    c.fireAll("request");
    c.deliverAll();
    for (const n of c.nodes) {
      expect(n.replica.status()).toMatchObject({ view: 1, viewChanging: false });
      expect(n.ledger).toHaveLength(2);
    }
    c.assertAgreement();
  });

  it("prepared certificates persisted before a crash carry a batch into the next view", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    c.drop = (_f, _t, frame) =>
      !!frame.envelope && pbft.ReplicaMessage.decode(frame.envelope.payload!).kind === "commit";
    c.submit("all", client.request("must-survive"));
    c.deliverAll();
    c.drop = () => false;
    // Everybody crashes; the backups come back from what they persisted; the old primary stays down.
    for (const id of [0, 1, 2, 3]) c.crash(id);
    for (const id of [1, 2, 3]) c.restart(id);
    for (const id of [1, 2, 3]) expect(c.node(id).persisted!.prepared).toHaveLength(1);
    c.submit("all", client.request());
    c.deliverAll();
    c.fireAll("request");
    c.deliverAll();
    for (const id of [1, 2, 3]) {
      const ledger = c.node(id).ledger;
      expect(ledger.map((e) => e.requests.length)).toEqual([1, 1]);
      expect(new TextDecoder().decode(pbft.RequestBody.decode(ledger[0]!.requests[0]!.body).proposal)).toBe(
        "must-survive",
      );
    }
    c.assertAgreement();
  });

  it("a replica restarted in the middle of a view change resumes it", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    c.crash(0);
    c.submit("all", client.request());
    c.deliverAll();
    c.fire(3, { kind: "request", key: `${client.hex}/1` });
    expect(c.node(3).persisted).toMatchObject({ view: 1, viewChanging: true });
    c.crash(3);
    c.wire = [];
    c.restart(3);
    expect(c.node(3).replica.status()).toMatchObject({ view: 1, viewChanging: true });
    // It re-sends its view-change at once.
    expect(c.wire.filter((w) => w.kind === "frame" && w.from === 3).length).toBe(3);
    c.fireAll("request");
    c.deliverAll();
    for (const id of [1, 2, 3])
      expect(c.node(id).replica.status()).toMatchObject({ view: 1, viewChanging: false });
    for (const id of [1, 2, 3]) expect(c.node(id).ledger).toHaveLength(1);
  });

  it("a whole-cluster restart keeps the ledgers and commits resume", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    for (let i = 0; i < 5; i++) c.submit(0, client.request());
    c.deliverAll();
    for (const id of [0, 1, 2, 3]) c.crash(id);
    c.wire = [];
    for (const id of [0, 1, 2, 3]) c.restart(id);
    c.submit("all", client.request());
    c.deliverAll();
    c.fireAll("request");
    c.deliverAll();
    for (const n of c.nodes) {
      expect(n.replica.status().viewChanging).toBe(false);
      expect(n.ledger).toHaveLength(6);
      expect(n.replica.status().lastExecutedSeq).toBe(6);
    }
    c.assertAgreement();
  });

  it("the reply cache survives a restart (restored client table)", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    const req = client.request();
    c.submit(0, req);
    c.deliverAll();
    c.crash(1);
    c.restart(1);
    const before = c.node(1).replies.length;
    c.submit(1, req);
    expect(c.node(1).replies.length).toBe(before + 1);
    expect(c.node(1).replies.at(-1)!.seq).toBe(1);
  });
});
