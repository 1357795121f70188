// Every RejectReason has a test that provokes it; equivocation evidence; no input makes `step` throw.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CoreInvariantError } from "./errors.js";
import { EMPTY_ROOT, merkleRoot } from "./merkle.js";
import { pbft } from "./messages.js";
import { Replica, type ReplicaOptions } from "./replica.js";
import { requestHash, signedBytes } from "./signing.js";
import { Cluster, FakeClient, FakeSigner, signAs } from "./testing/harness.js";
import { timedDigest } from "./time.js";
import type { Event, RejectReason } from "./types.js";

const CID = "test-cluster";
const PARAMS = { batchDelayMs: 0, checkpointInterval: 4, logWindow: 8, batchSizeMax: 2 };

function cluster(params: Record<string, number> = {}, make?: (o: ReplicaOptions) => Replica): Cluster {
  const c = new Cluster({ params: { ...PARAMS, ...params }, ...(make ? { make } : {}) });
  c.start();
  return c;
}

function rawEnvelope(signer: number, payload: Uint8Array): pbft.Envelope {
  return pbft.Envelope.create({
    payload,
    signer,
    signature: new FakeSigner(signer).raw(signedBytes("replica", CID, payload)),
  });
}

function digestOf(requests: pbft.ClientRequest[]): Uint8Array {
  return merkleRoot(requests.map((r) => requestHash(r.body, r.signature)));
}

function env(c: Cluster, to: number, from: number, envelope: pbft.Envelope): void {
  c.step(to, { kind: "envelope", from, envelope });
}

/** Commits n requests through primary 0 (batchSizeMax 2 -> one seq per two requests when flushed). */
function commit(c: Cluster, client: FakeClient, n: number): void {
  for (let i = 0; i < n; i++) {
    c.submit(0, client.request());
    c.fireAll("batch");
    c.deliverAll();
  }
}

/** Each case provokes exactly its reason at replica `at` (default 1). */
const CASES: Record<RejectReason, (c: Cluster, client: FakeClient) => void> = {
  malformed: (c) => env(c, 1, 0, rawEnvelope(0, new Uint8Array([0xff, 0xff, 0xff]))),
  "not-member": (c) =>
    env(
      c,
      1,
      0,
      pbft.Envelope.create({ payload: new Uint8Array([1]), signer: 9, signature: new Uint8Array(64) }),
    ),
  "sender-mismatch": (c) =>
    env(c, 1, 2, signAs(0, CID, { prepare: { view: 0, seq: 1, batchDigest: EMPTY_ROOT } })),
  "bad-signature": (c) => {
    const e = signAs(2, CID, { prepare: { view: 0, seq: 1, batchDigest: EMPTY_ROOT } });
    env(c, 1, 2, pbft.Envelope.create({ payload: e.payload, signer: 2, signature: new Uint8Array(64) }));
  },
  "bad-client-signature": (c, client) => {
    const r = client.request();
    c.submit(1, pbft.ClientRequest.create({ body: r.body, signature: new Uint8Array(64) }));
  },
  "wrong-cluster": (c, client) => c.submit(1, client.request("{}", 1, "another-cluster")),
  "stale-view": (c, client) => {
    c.crash(0);
    c.submit("all", client.request());
    c.fireAll("request");
    c.deliverAll();
    c.node(1).rejected.length = 0;
    env(c, 1, 2, signAs(2, CID, { prepare: { view: 0, seq: 1, batchDigest: EMPTY_ROOT } }));
  },
  "future-view": (c) =>
    env(c, 1, 2, signAs(2, CID, { prepare: { view: 5000, seq: 1, batchDigest: EMPTY_ROOT } })),
  "outside-watermarks": (c) =>
    env(c, 1, 2, signAs(2, CID, { prepare: { view: 0, seq: 9, batchDigest: EMPTY_ROOT } })),
  "not-primary": (c) =>
    env(c, 1, 2, signAs(2, CID, { prePrepare: { view: 0, seq: 1, batchDigest: EMPTY_ROOT, requests: [] } })),
  "digest-mismatch": (c, client) =>
    env(
      c,
      1,
      0,
      signAs(0, CID, {
        prePrepare: { view: 0, seq: 1, batchDigest: EMPTY_ROOT, requests: [client.request()] },
      }),
    ),
  "conflicting-pre-prepare": (c, client) => {
    const a = [client.request("a")];
    const b = [client.request("b")];
    env(c, 1, 0, signAs(0, CID, { prePrepare: { view: 0, seq: 1, batchDigest: digestOf(a), requests: a } }));
    env(c, 1, 0, signAs(0, CID, { prePrepare: { view: 0, seq: 1, batchDigest: digestOf(b), requests: b } }));
  },
  "batch-too-large": (c, client) => {
    const rs = [client.request(), client.request(), client.request()];
    env(
      c,
      1,
      0,
      signAs(0, CID, { prePrepare: { view: 0, seq: 1, batchDigest: digestOf(rs), requests: rs } }),
    );
  },
  duplicate: (c) => {
    const p = signAs(2, CID, { prepare: { view: 0, seq: 1, batchDigest: EMPTY_ROOT } });
    env(c, 1, 2, p);
    env(c, 1, 2, p);
  },
  "invalid-view-change": (c) =>
    env(c, 1, 2, signAs(2, CID, { viewChange: { newView: 1, stableSeq: 3, stableDigest: EMPTY_ROOT } })),
  "invalid-new-view": (c) => env(c, 1, 2, signAs(2, CID, { newView: { view: 2 } })),
  "invalid-checkpoint": (c) =>
    env(c, 1, 2, signAs(2, CID, { checkpoint: { seq: 3, stateDigest: EMPTY_ROOT } })),
  "invalid-certificate": (c, client) => {
    const rs = [client.request()];
    const commit = signAs(2, CID, { commit: { view: 0, seq: 1, batchDigest: digestOf(rs) } });
    const batch = pbft.CommittedBatch.create({
      seq: 1,
      view: 0,
      requests: rs,
      certificate: { view: 0, seq: 1, batchDigest: digestOf(rs), commits: [commit] },
    });
    c.step(1, {
      kind: "state-reply",
      from: 2,
      reply: pbft.StateReply.create({ batches: [batch], lastSeq: 1 }),
    });
  },
  "invalid-state-reply": (c) =>
    c.step(1, {
      kind: "state-reply",
      from: 2,
      reply: pbft.StateReply.create({
        batches: [pbft.CommittedBatch.create({ seq: 5, view: 0 })],
        lastSeq: 5,
      }),
    }),
  "request-too-large": (c, client) => {
    const small = new Cluster({ params: { ...PARAMS, batchBytesMax: 256 } });
    small.start();
    small.submit(1, client.request("x".repeat(300)));
    c.node(1).rejected.push(...small.node(1).rejected);
  },
  "stale-request": (c, client) => {
    const first = client.request();
    c.submit(0, first);
    c.submit(0, client.request());
    c.fireAll("batch");
    c.deliverAll();
    c.submit(1, first);
  },
  equivocation: (c) => {
    env(c, 1, 2, signAs(2, CID, { prepare: { view: 0, seq: 1, batchDigest: EMPTY_ROOT } }));
    env(c, 1, 2, signAs(2, CID, { prepare: { view: 0, seq: 1, batchDigest: new Uint8Array(32) } }));
  },
  unexpected: (c) => env(c, 1, 0, signAs(0, CID, { prepare: { view: 0, seq: 1, batchDigest: EMPTY_ROOT } })),
  "queue-full": (c, client) => {
    c.crash(0);
    for (let i = 0; i < 2 * 8 + 1; i++) c.submit(1, client.request());
  },
  // A message naming an epoch two ahead of the one in force (unknown here): refused, never verified.
  "wrong-epoch": (c) =>
    env(c, 1, 2, signAs(2, CID, { prepare: { view: 0, seq: 1, batchDigest: EMPTY_ROOT, epoch: 2 } })),
  "bad-time": (c, client) => {
    // Replica 1's clock reads 10 s; the primary proposes 20 s (beyond the default bound of 2 s).
    c.clockMs.set(1, 10_000);
    const rs = [client.request()];
    const digest = timedDigest(digestOf(rs), 20_000);
    env(
      c,
      1,
      0,
      signAs(0, CID, { prePrepare: { view: 0, seq: 1, batchDigest: digest, requests: rs, timeMs: 20_000 } }),
    );
  },
};

describe("every rejection reason", () => {
  for (const [reason, provoke] of Object.entries(CASES) as [
    RejectReason,
    (c: Cluster, cl: FakeClient) => void,
  ][]) {
    it(`rejects with "${reason}"`, () => {
      const c = cluster();
      const client = new FakeClient("a", CID);
      const before = c.node(1).replica.rejectionCounts().get(reason) ?? 0;
      provoke(c, client);
      expect(c.rejectedReasons(1)).toContain(reason);
      if (reason !== "request-too-large")
        expect(c.node(1).replica.rejectionCounts().get(reason)).toBe(before + 1);
    });
  }
});

describe("equivocation evidence", () => {
  it("keeps both signed messages, emits an equivocation effect, and is bounded", () => {
    const c = cluster();
    const a = signAs(2, CID, { commit: { view: 0, seq: 1, batchDigest: EMPTY_ROOT } });
    const b = signAs(2, CID, { commit: { view: 0, seq: 1, batchDigest: new Uint8Array(32).fill(7) } });
    env(c, 1, 2, a);
    env(c, 1, 2, b);
    const ev = c.node(1).replica.evidence();
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ member: 2, slot: { kind: "commit", view: 0, seq: 1 } });
    expect(Buffer.from(ev[0]!.first.payload)).toEqual(Buffer.from(a.payload));
    expect(Buffer.from(ev[0]!.second.payload)).toEqual(Buffer.from(b.payload));
    expect(c.node(1).effects.some((e) => e.kind === "equivocation")).toBe(true);
    for (let seq = 1; seq <= 8; seq++)
      for (let v = 0; v < 40; v++)
        env(c, 1, 3, signAs(3, CID, { checkpoint: { seq: 4, stateDigest: new Uint8Array(32).fill(v) } }));
    expect(c.node(1).replica.evidence().length).toBeLessThanOrEqual(256);
  });

  it("an equivocating primary's second pre-prepare is kept as evidence and not prepared", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    CASES["conflicting-pre-prepare"](c, client);
    expect(c.node(1).replica.evidence()[0]).toMatchObject({
      member: 0,
      slot: { kind: "pre-prepare", view: 0, seq: 1 },
    });
  });
});

describe("pre-prepare contents", () => {
  it("a backup checks every client signature and the cluster of every request in a pre-prepare", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    const good = client.request();
    const forged = pbft.ClientRequest.create({ body: client.request().body, signature: new Uint8Array(64) });
    const foreign = client.request("{}", 9, "another-cluster");
    for (const [rs, reason] of [
      [[good, forged], "bad-client-signature"],
      [[good, foreign], "wrong-cluster"],
    ] as const) {
      const requests = [...rs];
      const seq = reason === "wrong-cluster" ? 2 : 1;
      env(
        c,
        1,
        0,
        signAs(0, CID, { prePrepare: { view: 0, seq, batchDigest: digestOf(requests), requests } }),
      );
      expect(c.rejectedReasons(1).at(-1)).toBe(reason);
    }
    // Nothing was prepared for either.
    expect(c.node(1).effects.some((e) => e.kind === "broadcast")).toBe(false);
  });
});

describe("bounded buffers", () => {
  it("a member flooding future-view messages cannot crowd out another member's", () => {
    const c = cluster();
    for (let seq = 1; seq <= 1500; seq++)
      env(
        c,
        1,
        2,
        signAs(2, CID, {
          prepare: { view: 1, seq: (seq % 8) + 1, batchDigest: new Uint8Array(32).fill(seq % 251) },
        }),
      );
    const flooded = c.node(1).replica.rejectionCounts().get("future-view") ?? 0;
    expect(flooded).toBeGreaterThan(0);
    env(c, 1, 3, signAs(3, CID, { prepare: { view: 1, seq: 1, batchDigest: EMPTY_ROOT } }));
    expect(c.node(1).replica.rejectionCounts().get("future-view")).toBe(flooded);
  });
});

describe("robustness", () => {
  it("no hostile input makes step throw: random envelopes, relayed ones, requests, state replies, timers", () => {
    const c = cluster();
    const r = c.node(1).replica;
    const bytes = fc.uint8Array({ maxLength: 200 });
    /** Validly signed by a member, with a payload that starts with the tag of a ReplicaMessage field. */
    const signedJunk = (field: number) =>
      fc.tuple(fc.integer({ min: 0, max: 3 }), bytes).map(([signer, p]) => {
        const payload = new Uint8Array(p.length + 1);
        payload[0] = (field << 3) | 2;
        payload.set(p, 1);
        return rawEnvelope(signer, payload);
      });
    const stateReply = fc.record({
      batches: fc.constant<pbft.CommittedBatch[]>([]),
      lastSeq: fc.integer({ min: 0, max: 20 }),
      newView: fc.option(fc.oneof(signedJunk(6), signedJunk(4)), { nil: null }),
      checkpointProof: fc.array(fc.oneof(signedJunk(4), signedJunk(6)), { maxLength: 5 }),
    });
    const event: fc.Arbitrary<unknown> = fc.oneof(
      fc.record({
        kind: fc.constant("envelope"),
        from: fc.integer({ min: -2, max: 6 }),
        envelope: fc.record({ payload: bytes, signer: fc.integer({ min: -1, max: 5 }), signature: bytes }),
      }),
      fc.record({
        kind: fc.constant("envelope"),
        from: fc.constant(2),
        envelope: bytes.map((p) => rawEnvelope(2, p)),
      }),
      // Relayed by a member other than the signer (allowed for a NewView only).
      fc.record({ kind: fc.constant("envelope"), from: fc.constant(2), envelope: signedJunk(6) }),
      fc.record({
        kind: fc.constant("client-request"),
        from: fc.constantFrom("client", 0, 2, 7),
        request: fc.record({ body: bytes, signature: bytes }),
      }),
      // Timers may fire at any time (late, or after the state they were set for has moved on).
      fc.record({
        kind: fc.constant("timer"),
        timer: fc.oneof(
          fc.constantFrom({ kind: "batch" }, { kind: "state-transfer" }),
          fc.record({ kind: fc.constant("request"), key: fc.string() }),
          fc.record({ kind: fc.constant("view-change"), view: fc.integer() }),
        ),
      }),
      fc.record({
        kind: fc.constant("state-reply"),
        from: fc.integer({ min: 0, max: 3 }),
        reply: bytes.map((b) => {
          try {
            return pbft.StateReply.decode(b);
          } catch {
            return pbft.StateReply.create();
          }
        }),
      }),
      fc.record({
        kind: fc.constant("state-reply"),
        from: fc.integer({ min: 0, max: 3 }),
        reply: stateReply.map((x) => pbft.StateReply.create(x)),
      }),
      fc.constantFrom({ kind: "envelope", from: 2 }, { kind: "state-reply", from: 1, reply: null }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 20 }), (events) => {
        for (const e of events) expect(() => r.step(e as Event)).not.toThrow();
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it("a signer that refuses (the double-sign guard) only suppresses the send", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    c.node(2).signer.refuseAll = true;
    commit(c, client, 1);
    expect(c.node(2).effects.some((e) => e.kind === "broadcast")).toBe(false);
    for (const id of [0, 1, 3]) expect(c.node(id).ledger).toHaveLength(1);
    expect(c.node(2).ledger).toHaveLength(1); // it still executes from the others' commits
  });
});

describe("a core fault stops the replica", () => {
  /** A replica whose quorum arithmetic throws once `broken` is set (a bug of the core). */
  class FaultyReplica extends Replica {
    broken = false;
    protected override quorumSize(): number {
      if (this.broken) throw new Error("bug");
      return super.quorumSize();
    }
  }

  it("rethrows as CoreInvariantError naming the event, and refuses every later step", () => {
    let faulty: FaultyReplica | undefined;
    cluster({}, (o) => {
      const r = new FaultyReplica(o);
      if (o.id === 1) faulty = r;
      return r;
    });
    const client = new FakeClient("a", CID);
    const rs = [client.request()];
    faulty!.broken = true;
    const prePrepare = signAs(0, CID, {
      prePrepare: { view: 0, seq: 1, batchDigest: digestOf(rs), requests: rs },
    });
    const step = () => faulty!.step({ kind: "envelope", from: 0, envelope: prePrepare });
    let first: unknown;
    try {
      step();
    } catch (e) {
      first = e;
    }
    expect(first).toBeInstanceOf(CoreInvariantError);
    expect((first as Error).message).toMatch(/^replica 1, handling envelope: bug$/);
    expect((first as Error).stack).toMatch(/Caused by: Error: bug/);
    expect(step).toThrow(/stopped at an earlier core fault/);
    // Even once fixed, the replica stays stopped: its state is one nobody checked.
    faulty!.broken = false;
    expect(() => faulty!.step({ kind: "timer", timer: { kind: "state-transfer" } })).toThrow(
      CoreInvariantError,
    );
    expect(() => faulty!.start()).toThrow(CoreInvariantError);
    expect(faulty!.status().id).toBe(1); // queries still answer (for the node's last log lines)
  });

  it("an input only a buggy node produces throws too: a wrong `executed`, an unknown event or timer", () => {
    const bugs: unknown[] = [
      { kind: "executed", seq: 5, entryHash: new Uint8Array(32) },
      { kind: "executed", seq: 1, entryHash: new Uint8Array(32) }, // nothing handed out yet
      { kind: "nope" },
      null,
      { kind: "timer", timer: { kind: "nope" } },
    ];
    for (const bug of bugs) {
      const r = cluster().node(1).replica;
      expect(() => r.step(bug as Event), JSON.stringify(bug)).toThrow(CoreInvariantError);
      expect(() => r.step({ kind: "timer", timer: { kind: "batch" } })).toThrow(CoreInvariantError);
    }
  });
});

describe("a client's request refused by the core", () => {
  it("a stale request from the client itself gets request-refused (it would otherwise retransmit until its timeout); a relayed one does not", () => {
    const c = cluster();
    const client = new FakeClient("a", CID);
    const first = client.request();
    c.submit(0, first);
    c.submit(0, client.request());
    c.fireAll("batch");
    c.deliverAll();
    const refusals = () => c.node(1).effects.filter((e) => e.kind === "request-refused");
    c.submit(1, first);
    expect(refusals()).toHaveLength(1);
    expect(refusals()[0]).toMatchObject({ reason: "stale-request", request: first });
    c.step(1, { kind: "client-request", from: 2, request: first });
    expect(refusals()).toHaveLength(1);
    expect(c.rejectedReasons(1).filter((r) => r === "stale-request")).toHaveLength(2);
  });
});
