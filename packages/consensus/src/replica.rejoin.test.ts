// A replica that restarts while the others have moved several views on must learn the view they are in,
// or the cluster loses a member for its quorum (found by the node's integration test: a restarted primary
// stayed in "changing to view 2" while the others worked in view 6, and the next crash stalled them).
import { describe, expect, it } from "vitest";
import { pbft } from "./messages.js";
import { FETCH_IN_FLIGHT_CHUNKS, Replica } from "./replica.js";
import { Cluster, FakeClient } from "./testing/harness.js";

const CID = "test-cluster";

/** Member 3 is down while `batches` one-request batches commit. */
function missBatches(c: Cluster, client: FakeClient, batches: number): void {
  c.crash(3);
  for (let i = 0; i < batches; i++) {
    c.submit("all", client.request());
    c.deliverAll();
  }
}

/** Fires the state-transfer ticks (the only wake-up in a quiet cluster) until 3's ledger reaches `height`. */
function tickUntil(c: Cluster, height: number): void {
  for (let tick = 0; tick < 10 && c.node(3).ledger.length < height; tick++) {
    c.fireAll("state-transfer");
    c.deliverAll();
  }
}

describe("rejoining after the others moved on", () => {
  it("a member still changing to an older view is sent the new-view of the current one, and votes again", () => {
    const c = new Cluster({ params: { batchDelayMs: 0, checkpointInterval: 4, logWindow: 16 } });
    c.start();
    const client = new FakeClient("a", CID);
    // Primary 0 dies; 1, 2, 3 move to view 1 (primary 1).
    c.crash(0);
    c.submit("all", client.request());
    c.deliverAll();
    c.fireAll("request");
    c.deliverAll();
    expect(c.node(2).replica.status().view).toBe(1);
    // Primary 1's pre-prepares are lost: 2 and 3 suspect it, 1 joins, view 2 (primary 2) starts.
    c.drop = (from, _to, frame) => {
      if (from !== 1 || !frame.envelope) return false;
      return pbft.ReplicaMessage.decode(frame.envelope.payload!).kind === "prePrepare";
    };
    c.submit("all", client.request());
    c.deliverAll();
    c.fireAll("request");
    c.deliverAll();
    c.drop = () => false;
    c.fireAll("view-change");
    c.deliverAll();
    for (const id of [1, 2, 3])
      expect(c.node(id).replica.status()).toMatchObject({ view: 2, viewChanging: false });

    // 0 comes back: it was primary of view 0, so it starts changing to view 1, which the others left long ago.
    c.restart(0);
    c.deliverAll();
    c.fireAll("state-transfer");
    c.deliverAll();
    expect(c.node(0).replica.status()).toMatchObject({ view: 2, viewChanging: false });

    // Now 3 dies: 0, 1 and 2 are a quorum only if 0 votes again.
    c.crash(3);
    const before = c.node(1).ledger.length;
    c.submit("all", client.request());
    c.deliverAll();
    for (const id of [0, 1, 2]) expect(c.node(id).ledger.length).toBe(before + 1);
    c.assertAgreement();
  });
});

describe("catching up after a long absence", () => {
  it("a replica down for 300 batches fetches all of them by state transfer, not only the first chunks", () => {
    const c = new Cluster({ params: { batchDelayMs: 0, batchSizeMax: 1 } });
    c.start();
    const client = new FakeClient("a", CID);
    c.submit("all", client.request());
    c.deliverAll();
    missBatches(c, client, 300);
    const target = c.node(0).ledger.length;
    expect(target).toBe(301);
    c.restart(3);
    c.deliverAll();
    tickUntil(c, target);
    expect(c.node(3).ledger.length).toBe(target);
    // Nobody waits on 3 for those 300 batches: no attestation is signed and no reply sent for them.
    expect(c.node(3).replies.filter((r) => r.seq > 1)).toHaveLength(0);
    c.assertAgreement();
  });

  it("keeps several chunk requests outstanding, and a short answer is asked again without blaming the peer", () => {
    const chunk = 4;
    let asksPerStep = 0; // the most chunk requests 3 sent in one step
    const c = new Cluster({
      params: { batchDelayMs: 0, batchSizeMax: 1, stateTransferChunkMax: chunk },
      make: (o) => {
        const r = new Replica(o);
        if (o.id !== 3) return r;
        const step = r.step.bind(r);
        r.step = (event) => {
          const effects = step(event);
          asksPerStep = Math.max(asksPerStep, effects.filter((e) => e.kind === "fetch-state").length);
          return effects;
        };
        return r;
      },
    });
    c.start();
    const client = new FakeClient("a", CID);
    missBatches(c, client, 60);
    // Every answer holds only the first half of what was asked (as when a peer's frame fills up).
    c.stateServer = (server, req) =>
      c.serveFromLedger(server, { fromSeq: req.fromSeq, toSeq: req.fromSeq + chunk / 2 - 1 });
    c.restart(3);
    c.deliverAll();
    tickUntil(c, 60);
    expect(c.node(3).ledger.length).toBe(60);
    expect(c.rejectedReasons(3)).not.toContain("invalid-state-reply");
    // It asked for the next chunk before the previous one was answered.
    expect(asksPerStep).toBe(FETCH_IN_FLIGHT_CHUNKS);
    c.assertAgreement();
  });

  it("a stale state reply that is not the probe's answer is counted while a fetch runs, not ignored", () => {
    const c = new Cluster({ params: { batchDelayMs: 0, batchSizeMax: 1 } });
    c.start();
    const client = new FakeClient("a", CID);
    c.submit("all", client.request());
    c.deliverAll();
    missBatches(c, client, 10);
    c.stateServer = () => null; // nobody answers: 3's fetch keeps running
    c.restart(3);
    c.deliverAll();
    c.fireAll("state-transfer");
    c.deliverAll();
    const stale = c.serveFromLedger(0, { fromSeq: 1, toSeq: 1 });
    const unexpected = () => c.rejectedReasons(3).filter((r) => r === "unexpected").length;
    const before = unexpected();
    // Twice from each: the current peer's "nothing more" moves a probe on to the next peer, so the second
    // answer of each is from a peer that is not current, and the others may not be current either.
    for (const from of [0, 1, 2])
      for (let i = 0; i < 2; i++) c.step(3, { kind: "state-reply", from, reply: stale });
    expect(unexpected() - before).toBeGreaterThanOrEqual(3);
  });

  it("a fetched batch is attested to a client still waiting on this member", () => {
    const c = new Cluster({ params: { batchDelayMs: 0, batchSizeMax: 1 } });
    c.start();
    const client = new FakeClient("a", CID);
    // 3 hears the client but no member: the others commit without it, 3 keeps the request pending.
    c.drop = (_from, to) => to === 3;
    const waiting = client.request();
    c.submit("all", waiting);
    c.deliverAll();
    const other = new FakeClient("b", CID);
    for (let i = 0; i < 3; i++) {
      c.submit(0, other.request());
      c.deliverAll();
    }
    expect(c.node(3).ledger.length).toBe(0);
    c.drop = () => false;
    tickUntil(c, 4);
    expect(c.node(3).ledger.length).toBe(4);
    const replies = c.node(3).replies;
    expect(replies.map((r) => r.seq)).toEqual([1]);
    expect(replies[0]!.attestation).not.toBeNull();
    c.assertAgreement();
  });

  it("fetches no further ahead of its own execution than a few chunks (memory stays flat)", () => {
    const chunk = 4;
    const c = new Cluster({ params: { batchDelayMs: 0, batchSizeMax: 1, stateTransferChunkMax: chunk } });
    c.start();
    const client = new FakeClient("a", CID);
    missBatches(c, client, 200);
    const target = c.node(0).ledger.length;
    // 3 comes back with a disk slower than its peers' answers: appends wait until released.
    c.holdExecution.add(3);
    c.restart(3);
    c.deliverAll();
    let mostHeld = 0;
    for (let round = 0; round < 1_000 && c.node(3).ledger.length < target; round++) {
      c.fireAll("state-transfer");
      c.deliverAll();
      mostHeld = Math.max(mostHeld, c.node(3).heldExecutes.length);
      c.releaseExecution(3, chunk); // the disk appends one chunk's worth per round
      c.deliverAll();
    }
    expect(c.node(3).ledger.length).toBe(target);
    // Without the bound it fetched everything at once (196 batches held); with it, at most 4 chunks ahead.
    expect(mostHeld).toBeGreaterThan(0);
    expect(mostHeld).toBeLessThanOrEqual(4 * chunk);
    c.assertAgreement();
  });
});
