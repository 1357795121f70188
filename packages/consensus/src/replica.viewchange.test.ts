// View changes (Castro & Liskov, section 4.4): request timeout, view-change with prepared certificates,
// new-view validated by every replica, exponential back-off, joining on f+1.
import { describe, expect, it } from "vitest";
import { primaryOf } from "./config.js";
import { EMPTY_ROOT } from "./merkle.js";
import { pbft } from "./messages.js";
import { Cluster, FakeClient, signAs } from "./testing/harness.js";

const CID = "test-cluster";

function cluster(params: Record<string, number> = {}): Cluster {
  const c = new Cluster({ params: { batchDelayMs: 0, checkpointInterval: 4, logWindow: 16, ...params } });
  c.start();
  return c;
}

/** Primary 0 is dead: requests reach the backups, their timers fire, view 1 starts with primary 1. */
function killPrimaryAndChangeView(c: Cluster, client: FakeClient): void {
  c.crash(0);
  c.submit("all", client.request());
  c.deliverAll();
  c.fireAll("request");
  c.deliverAll();
}

describe("view change", () => {
  it("request timeout -> view-change -> new-view -> commits resume in the new view", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    killPrimaryAndChangeView(c, client);
    for (const id of [1, 2, 3]) {
      const s = c.node(id).replica.status();
      expect(s).toMatchObject({ view: 1, primary: 1, viewChanging: false });
      expect(c.node(id).effects.some((e) => e.kind === "new-view-entered" && e.view === 1)).toBe(true);
      // the request that triggered the view change was re-queued by the new primary and executed
      expect(c.node(id).ledger.map((e) => e.requests.length)).toEqual([1]);
    }
    c.submit("all", client.request());
    c.deliverAll();
    for (const id of [1, 2, 3]) expect(c.node(id).ledger).toHaveLength(2);
    c.assertAgreement();
  });

  it("a batch prepared in the old view survives the view change with the same seq and digest", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    // Commits of view 0 are lost: everyone prepares seq 1 but nobody commits it.
    c.drop = (_f, _t, frame) => {
      if (!frame.envelope) return false;
      const m = pbft.ReplicaMessage.decode(frame.envelope.payload!);
      return m.kind === "commit";
    };
    const req = client.request("prepared-only");
    c.submit("all", req);
    c.deliverAll();
    for (const n of c.nodes) expect(n.ledger).toHaveLength(0);
    const digest = c.node(1).persisted!.prepared[0]!.prePrepare!;
    expect(c.node(1).persisted!.prepared).toHaveLength(1);
    c.drop = () => false;
    c.crash(0);
    c.fireAll("request");
    c.deliverAll();
    for (const id of [1, 2, 3]) {
      const n = c.node(id);
      expect(n.replica.status().view).toBe(1);
      expect(n.ledger.map((e) => e.seq)).toEqual([1]);
      expect(n.ledger[0]!.view).toBe(1);
      expect(pbft.RequestBody.decode(n.ledger[0]!.requests[0]!.body).requestNumber).toBe(1);
      expect(n.ledger[0]!.requests).toHaveLength(1);
    }
    expect(digest.signer).toBe(0);
    c.assertAgreement();
  });

  it("gaps below the highest prepared seq are filled with null batches", () => {
    const c = cluster({ batchSizeMax: 1 });
    const client = new FakeClient("a", CID);
    // seq 1's pre-prepare never reaches anyone; seq 2 prepares everywhere but commits are lost.
    c.drop = (_f, _t, frame) => {
      if (!frame.envelope) return false;
      const m = pbft.ReplicaMessage.decode(frame.envelope.payload!);
      if (m.kind === "commit") return true;
      return m.kind === "prePrepare" && m.prePrepare!.seq === 1;
    };
    c.submit(0, client.request());
    c.submit(0, client.request());
    c.deliverAll();
    c.drop = () => false;
    c.crash(0);
    c.submit("all", client.request());
    c.deliverAll();
    c.fireAll("request");
    c.deliverAll();
    const ledger = c.node(2).ledger;
    expect(ledger[0]!.requests).toHaveLength(0);
    expect(Buffer.from(ledger[0]!.certificate.batchDigest)).toEqual(Buffer.from(EMPTY_ROOT));
    expect(ledger[1]!.requests).toHaveLength(1);
    c.assertAgreement();
  });

  it("a forged new-view (a prepared batch replaced by a null batch) is rejected by every replica", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    c.drop = (_f, _t, frame) => {
      if (!frame.envelope) return false;
      const m = pbft.ReplicaMessage.decode(frame.envelope.payload!);
      return m.kind === "commit";
    };
    c.submit("all", client.request());
    c.deliverAll();
    // Collect the view-changes for view 1 without letting the real new-view through.
    const viewChanges: pbft.Envelope[] = [];
    c.drop = (_f, _t, frame) => {
      if (!frame.envelope) return false;
      const m = pbft.ReplicaMessage.decode(frame.envelope.payload!);
      if (m.kind === "viewChange" && !viewChanges.some((v) => v.signer === frame.envelope!.signer))
        viewChanges.push(frame.envelope as pbft.Envelope);
      return m.kind === "newView";
    };
    c.crash(0);
    c.fireAll("request");
    c.deliverAll();
    expect(viewChanges.length).toBeGreaterThanOrEqual(3);
    const nullPp = signAs(1, CID, { prePrepare: { view: 1, seq: 1, batchDigest: EMPTY_ROOT, requests: [] } });
    const forged = signAs(1, CID, {
      newView: { view: 1, viewChanges: viewChanges.slice(0, 3), prePrepares: [nullPp] },
    });
    for (const id of [2, 3]) {
      c.step(id, { kind: "envelope", from: 1, envelope: forged });
      expect(c.rejectedReasons(id)).toContain("invalid-new-view");
      expect(c.node(id).replica.status()).toMatchObject({ view: 1, viewChanging: true });
    }
  });

  it("a new-view with fewer than 2f+1 view-changes is rejected", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    c.crash(0);
    c.submit("all", client.request());
    c.deliverAll();
    const vcs: pbft.Envelope[] = [];
    c.drop = (_f, _t, frame) => {
      if (!frame.envelope) return false;
      const m = pbft.ReplicaMessage.decode(frame.envelope.payload!);
      if (m.kind === "viewChange" && !vcs.some((v) => v.signer === frame.envelope!.signer))
        vcs.push(frame.envelope as pbft.Envelope);
      return true;
    };
    c.fireAll("request");
    c.deliverAll();
    const forged = signAs(1, CID, { newView: { view: 1, viewChanges: vcs.slice(0, 2), prePrepares: [] } });
    c.step(3, { kind: "envelope", from: 1, envelope: forged });
    expect(c.rejectedReasons(3)).toContain("invalid-new-view");
  });

  it("a replica joins a view change when f+1 others are changing to a higher view", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    c.crash(0);
    // Only replicas 1 and 2 get the request and time out; 3 must join because f+1 = 2 moved.
    const req = client.request();
    c.submit(1, req);
    c.submit(2, req);
    c.deliverAll();
    c.fire(1, { kind: "request", key: `${client.hex}/1` });
    c.fire(2, { kind: "request", key: `${client.hex}/1` });
    c.deliverAll();
    expect(
      c
        .node(3)
        .effects.some((e) => e.kind === "view-change-started" && e.view === 1 && e.reason === "joined"),
    ).toBe(true);
    expect(c.node(3).replica.status()).toMatchObject({ view: 1, viewChanging: false });
    expect(c.node(3).ledger).toHaveLength(1);
  });

  it("a replica alone does not drag the others into a view change (f+1 needed)", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    c.crash(0);
    c.submit(1, client.request());
    c.deliverAll();
    c.fire(1, { kind: "request", key: `${client.hex}/1` });
    c.deliverAll();
    expect(c.node(2).replica.status()).toMatchObject({ view: 0, viewChanging: false });
    expect(c.node(1).replica.status()).toMatchObject({ view: 1, viewChanging: true });
  });

  it("the view-change timer starts with 2f+1 view-changes, doubles with each failed view change, and the next view is tried", () => {
    const c = new Cluster({
      n: 7,
      params: { batchDelayMs: 0, checkpointInterval: 4, logWindow: 16, viewChangeTimeoutMs: 100 },
    });
    c.start();
    const client = new FakeClient("a", CID);
    // No new-view ever arrives: every view change fails.
    c.drop = (_f, _t, frame) =>
      !!frame.envelope && pbft.ReplicaMessage.decode(frame.envelope.payload!).kind === "newView";
    c.crash(0);
    c.submit("all", client.request());
    c.deliverAll();
    // One replica alone: no timer (it would otherwise run through views on its own).
    c.fire(3, { kind: "request", key: `${client.hex}/1` });
    expect(c.hasTimer(3, { kind: "view-change", view: 1 })).toBe(false);
    c.fireAll("request");
    c.deliverAll();
    const timers = () =>
      c.node(3).effects.flatMap((e) => (e.kind === "set-timer" && e.timer.kind === "view-change" ? [e] : []));
    expect(timers().map((t) => t.afterMs)).toEqual([100]);
    c.fireAll("view-change");
    c.deliverAll();
    c.fireAll("view-change");
    c.deliverAll();
    expect(timers().map((t) => [t.timer.kind === "view-change" ? t.timer.view : -1, t.afterMs])).toEqual([
      [1, 100],
      [2, 200],
      [3, 400],
    ]);
  });

  it("view change completes and commits resume when primaries of two consecutive views are down (n = 7, f = 2)", () => {
    const c = new Cluster({ n: 7, params: { batchDelayMs: 0, checkpointInterval: 4, logWindow: 16 } });
    c.start();
    const client = new FakeClient("a", CID);
    c.crash(0);
    c.crash(1);
    c.submit("all", client.request());
    c.deliverAll();
    c.fireAll("request");
    c.deliverAll();
    c.fireAll("view-change");
    c.deliverAll();
    for (const id of [2, 3, 4, 5, 6]) {
      expect(c.node(id).replica.status()).toMatchObject({
        view: 2,
        primary: primaryOf(2, c.cluster),
        viewChanging: false,
      });
      expect(c.node(id).ledger).toHaveLength(1);
    }
    c.assertAgreement();
  });

  it("the new primary re-sends its new-view to a member still changing to that view", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    c.crash(0);
    c.drop = (_f, to, frame) => {
      if (!frame.envelope || to !== 3) return false;
      return pbft.ReplicaMessage.decode(frame.envelope.payload!).kind === "newView";
    };
    c.submit("all", client.request());
    c.deliverAll();
    c.fireAll("request");
    c.deliverAll();
    expect(c.node(3).replica.status()).toMatchObject({ view: 1, viewChanging: true });
    c.drop = () => false;
    // 3 re-sends its view-change (as after a restart); primary 1 answers with the new-view.
    const vc = c
      .node(3)
      .effects.find(
        (e) =>
          e.kind === "broadcast" &&
          pbft.ReplicaMessage.decode(e.frame.envelope!.payload!).kind === "viewChange",
      );
    expect(vc).toBeDefined();
    if (vc?.kind === "broadcast")
      c.step(1, { kind: "envelope", from: 3, envelope: vc.frame.envelope as pbft.Envelope });
    c.deliverAll();
    expect(c.node(3).replica.status()).toMatchObject({ view: 1, viewChanging: false });
    expect(c.node(3).ledger).toHaveLength(1);
  });
});
