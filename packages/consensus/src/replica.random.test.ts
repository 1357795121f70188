// Randomised runs over the small harness: reordering, loss, duplication, timers firing at random, one
// member crashing and restarting, now and then the whole cluster restarting. After every delivery:
// agreement and exactly-once; after healing: every request a client kept retransmitting is executed
// everywhere. (The simulator in src/sim does this
// at scale with time, partitions and Byzantine members; this is the core's own smoke screen.)
import { describe, expect, it } from "vitest";
import { toHex } from "./hashing.js";
import { EMPTY_ROOT } from "./merkle.js";
import { pbft } from "./messages.js";
import { Cluster, FakeClient, signAs } from "./testing/harness.js";
import type { TimerId } from "./types.js";

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CID = "test-cluster";

function checkSafety(c: Cluster): void {
  c.assertAgreement();
  for (const n of c.nodes) expect(new Set(n.executedRequests).size).toBe(n.executedRequests.length);
}

function runSeed(seed: number, n = 4): void {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const c = new Cluster({
    n,
    params: { batchDelayMs: 1, batchSizeMax: 2, checkpointInterval: 4, logWindow: 8, pipelineMax: 3 },
  });
  c.start();
  // Every third seed, member 3 is Byzantine: its replica runs, but a tampering layer rewrites what it
  // sends (conflicting votes, equivocating pre-prepares, replays, silence), all validly signed by it.
  const byzantine = seed % 3 === 0 ? n - 1 : null;
  const sentByByzantine: pbft.ReplicaFrame[] = [];
  if (byzantine !== null) {
    c.tamper = (from, to, frame) => {
      if (from !== byzantine) return frame;
      const x = rnd();
      if (x < 0.1) return null;
      if (x < 0.2 && sentByByzantine.length > 0)
        return sentByByzantine[Math.floor(rnd() * sentByByzantine.length)]!;
      sentByByzantine.push(frame);
      if (sentByByzantine.length > 50) sentByByzantine.shift();
      if (!frame.envelope) return frame;
      const m = pbft.ReplicaMessage.decode(frame.envelope.payload!);
      const junk = new Uint8Array(32).map(() => Math.floor(rnd() * 256));
      if (x < 0.5 && (m.prepare || m.commit)) {
        const v = (m.prepare ?? m.commit)!;
        const body = { view: v.view, seq: v.seq, batchDigest: junk };
        return pbft.ReplicaFrame.create({
          envelope: signAs(byzantine, CID, m.prepare ? { prepare: body } : { commit: body }),
        });
      }
      if (x < 0.5 && m.checkpoint)
        return pbft.ReplicaFrame.create({
          envelope: signAs(byzantine, CID, { checkpoint: { seq: m.checkpoint.seq, stateDigest: junk } }),
        });
      if (m.prePrepare && to === 1)
        return pbft.ReplicaFrame.create({
          envelope: signAs(byzantine, CID, {
            prePrepare: {
              view: m.prePrepare.view,
              seq: m.prePrepare.seq,
              batchDigest: EMPTY_ROOT,
              requests: [],
            },
          }),
        });
      return frame;
    };
  }
  const clients = [new FakeClient(`a${seed}`, "test-cluster"), new FakeClient(`b${seed}`, "test-cluster")];
  const submitted: { client: FakeClient; number: number; request: ReturnType<FakeClient["request"]> }[] = [];
  let crashed: number | null = null;

  for (let step = 0; step < 400; step++) {
    const r = rnd();
    if (r < 0.08 && submitted.length < 24) {
      // A client has one request outstanding: the next only once f+1 replicas executed the last one
      // (it holds a receipt), as the exactly-once rule expects.
      const client = pick(clients);
      const last = submitted.filter((s) => s.client === client).at(-1);
      const done = (x: (typeof submitted)[number]) =>
        c.nodes.filter((n) => (n.clients.get(toHex(x.client.key))?.requestNumber ?? 0) >= x.number).length >=
        c.cluster.f + 1;
      if (last !== undefined && !done(last)) {
        c.submit("all", last.request); // retransmission
        continue;
      }
      const number = (last?.number ?? 0) + 1;
      const request = client.request(`p${number}`, number);
      submitted.push({ client, number, request });
      c.submit(rnd() < 0.5 ? 0 : "all", request);
    } else if (r < 0.7) {
      if (c.wire.length > 0) {
        const i = Math.floor(rnd() * Math.min(c.wire.length, 8)); // bounded reordering
        const [w] = c.wire.splice(i, 1);
        c.wire.unshift(w!);
        c.deliverOne();
        checkSafety(c);
      }
    } else if (r < 0.78) {
      if (c.wire.length > 0) c.wire.splice(Math.floor(rnd() * c.wire.length), 1); // loss
    } else if (r < 0.82) {
      if (c.wire.length > 0) c.wire.push(c.wire[Math.floor(rnd() * c.wire.length)]!); // duplication
    } else if (r < 0.95) {
      const n = pick(c.nodes.filter((x) => !x.crashed));
      const timers = [...n.timers.values()];
      if (timers.length > 0) c.fire(n.id, pick(timers));
    } else if (r < 0.955 && crashed === null && byzantine === null) {
      for (const n of c.nodes) c.crash(n.id);
      c.wire = [];
      for (const n of c.nodes) c.restart(n.id);
    } else if (r < 0.975 && crashed === null) {
      crashed = byzantine ?? Math.floor(rnd() * n);
      c.crash(crashed);
    } else if (crashed !== null) {
      c.restart(crashed);
      crashed = null;
    }
  }

  // Heal: restart, then deliver everything and let timers and client retransmissions drive progress.
  if (crashed !== null) c.restart(crashed);
  const executedEverywhere = () =>
    submitted.every((s) =>
      c.nodes
        .filter((n) => n.id !== byzantine)
        .every((n) => (n.clients.get(toHex(s.client.key))?.requestNumber ?? 0) >= s.number),
    );
  const order: TimerId["kind"][] = ["batch", "state-transfer", "request", "relay", "view-change"];
  for (let round = 0; round < 40 && !executedEverywhere(); round++) {
    c.deliverAll();
    checkSafety(c);
    if (round % 4 === 0) for (const s of submitted) c.submit("all", s.request);
    c.fireAll(order[round % order.length]!);
  }
  c.deliverAll();
  checkSafety(c);
  if (!executedEverywhere() && process.env.DEBUG_SEED === String(seed))
    for (const n of c.nodes)
      console.log(
        n.id,
        n.crashed,
        JSON.stringify(n.replica.status()),
        n.ledger.length,
        [...n.timers.keys()].join(" "),
        JSON.stringify(Object.fromEntries(n.replica.rejectionCounts())),
        n.effects
          .slice(-12)
          .map((e) => e.kind)
          .join(","),
      );
  expect(executedEverywhere(), `seed ${seed}: not every request executed everywhere after healing`).toBe(
    true,
  );
  if (byzantine !== null) {
    // The tampering was seen and refused by the honest members.
    const refused = c.nodes
      .filter((n) => n.id !== byzantine)
      .flatMap((n) => n.rejected.filter((r) => r.from === byzantine));
    expect(refused.length).toBeGreaterThan(0);
  }
}

describe("randomised runs", () => {
  const seeds = Number(process.env.CORE_RANDOM_SEEDS ?? 40);
  for (let seed = 1; seed <= seeds; seed++)
    it(`seed ${seed}: safety always, liveness after healing`, () => runSeed(seed));
  for (let seed = 1; seed <= Math.ceil(seeds / 4); seed++)
    it(`n = 7, seed ${seed}: safety always, liveness after healing`, () => runSeed(seed, 7));
});
