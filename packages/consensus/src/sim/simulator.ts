// The simulator: the shipped Replica, n of them, in a world the seed draws (see world.ts): loss,
// duplication, bounded reordering, partitions and heals, crashes and restarts from persisted state,
// whole-cluster restarts, timers firing in any order, clients retransmitting, and up to f Byzantine
// members. Safety invariants are checked after every delivery; after the faulty phase the world heals
// (honest members up, network whole and reliable) and every submitted request must commit within a
// bounded number of rounds.
import type { Replica, ReplicaOptions } from "../replica.js";
import { type Cluster, FakeClient } from "../testing/harness.js";
import { timerKey } from "../timers.js";
import { ByzantineMember } from "./byzantine.js";
import { checkAgreement } from "./checkers/agreement.js";
import { checkDurability, receipted, type Submitted } from "./checkers/durability.js";
import { checkExactlyOnce } from "./checkers/exactly-once.js";
import { checkLiveness } from "./checkers/liveness.js";
import { checkValidity } from "./checkers/validity.js";
import { Prng } from "./prng.js";
import { TimedCluster } from "./timed-cluster.js";
import { describeWorld, drawWorld, type World } from "./world.js";

export type Invariant = "agreement" | "exactly-once" | "validity" | "durability" | "liveness" | "crash";

export interface Violation {
  readonly invariant: Invariant;
  readonly detail: string;
  readonly step: number;
}

export interface SeedResult {
  readonly seed: number;
  readonly world: string;
  readonly steps: number;
  /** Simulated time at the end, and how much of it the heal phase took. */
  readonly simulatedMs: number;
  readonly healMs: number;
  readonly commits: number;
  readonly requests: number;
  readonly viewChanges: number;
  readonly stateTransfers: number;
  readonly violations: readonly Violation[];
  /** The last actions before the end (or the violation), for the trace file. */
  readonly trace: readonly string[];
}

export interface RunOptions {
  readonly steps?: number;
  /** Builds the replica of every member (test code passes deliberately broken variants here). */
  readonly make?: (opts: ReplicaOptions) => Replica;
  readonly traceMax?: number;
  /** Called with the simulated cluster at the end (debugging a seed). */
  readonly inspect?: (cluster: Cluster) => void;
}

const CLUSTER_ID = "sim";
/** Simulated time after healing within which every submitted request must commit everywhere honest. */
const HEAL_MS = Number(process.env.SIM_HEAL_MS ?? 60_000);
const HEAL_EVENTS_MAX = 200_000;
const RETRANSMIT_MS = 500;

export function runSeed(seed: number, options: RunOptions = {}): SeedResult {
  const world: World = drawWorld(seed, options.steps ?? 500);
  const rnd = new Prng(seed);
  const trace: string[] = [];
  const traceMax = options.traceMax ?? 400;
  const log = (s: string) => {
    trace.push(s);
    if (trace.length > traceMax) trace.shift();
  };
  const c = new TimedCluster({
    n: world.n,
    clusterId: CLUSTER_ID,
    params: {
      batchDelayMs: 1,
      batchSizeMax: 3,
      checkpointInterval: 4,
      logWindow: 8,
      pipelineMax: 3,
      requestTimeoutMs: 300,
      viewChangeTimeoutMs: 200,
    },
    ...(options.make ? { make: options.make } : {}),
  });
  const liars = new Map<number, ByzantineMember>();
  for (const [id, kinds] of world.byzantine)
    liars.set(id, new ByzantineMember(id, kinds, world.n, CLUSTER_ID, rnd));
  c.delayMs = () => world.latencyMs + rnd.int(world.jitterMs + 1);
  c.tamper = (from, to, frame) => liars.get(from)?.rewrite(to, frame) ?? frame;
  let sideOf: number[] | null = null;
  c.drop = (from, to) => sideOf !== null && sideOf[from] !== sideOf[to];

  const honest = c.nodes.filter((n) => !world.byzantine.has(n.id));
  const clients = Array.from(
    { length: world.clients },
    (_, i) => new FakeClient(`s${seed}-c${i}`, CLUSTER_ID),
  );
  const authorised = new Set(clients.map((k) => k.hex));
  const submitted: (Submitted & {
    client: FakeClient;
    request: ReturnType<FakeClient["request"]>;
    sentAtMs: number;
  })[] = [];
  const validated = new Map<number, number>();
  const violations: Violation[] = [];
  let step = 0;
  let healedAtMs = 0;

  const safety = (): boolean => {
    const checks: [Invariant, string | null][] = [
      ["agreement", checkAgreement(honest)],
      ["exactly-once", checkExactlyOnce(honest)],
      ["validity", checkValidity(honest, CLUSTER_ID, authorised, c.verifier, validated)],
    ];
    for (const n of honest) validated.set(n.id, n.ledger.length);
    for (const [invariant, detail] of checks)
      if (detail !== null) {
        violations.push({ invariant, detail, step });
        return false;
      }
    return true;
  };
  const hasReceipt = (s: Submitted) => receipted(c.nodes, [s], world.f).length === 1;

  /** Processes the next event in time order: a message arrives (unless lost) or a timer fires. */
  const event = (lossRate: number, duplicateRate: number, quietMs: number): void => {
    const ev = c.next();
    if (ev.kind === "quiet") {
      c.nowMs += quietMs;
      return;
    }
    if (ev.kind === "timer") {
      log(`${c.nowMs}ms fire ${ev.timer.id} ${timerKey(ev.timer.timer)}`);
      c.fire(ev.timer.id, ev.timer.timer);
      return;
    }
    if (rnd.chance(lossRate)) {
      c.wire.shift();
      log(`${c.nowMs}ms lose ${ev.wire.from}->${ev.wire.to}`);
      return;
    }
    if (rnd.chance(duplicateRate)) c.duplicate(0);
    log(`${c.nowMs}ms deliver ${ev.wire.from}->${ev.wire.to}`);
    c.deliverOne();
  };

  try {
    c.start();
    log(describeWorld(world));
    for (; step < world.faultySteps && violations.length === 0; step++) {
      const r = rnd.next();
      if (r < 0.12) {
        const client = rnd.pick(clients);
        const last = submitted.filter((s) => s.client === client).at(-1);
        if (last !== undefined && !hasReceipt(last)) {
          if (c.nowMs - last.sentAtMs < RETRANSMIT_MS) continue;
          last.sentAtMs = c.nowMs;
          log(`${c.nowMs}ms retransmit ${client.hex.slice(0, 6)}/${last.number}`);
          c.submit("all", last.request);
        } else if (submitted.length < world.requestsMax) {
          const number = (last?.number ?? 0) + 1;
          const request = client.request(JSON.stringify({ seed, number }), number);
          submitted.push({ client, clientKey: client.key, number, request, sentAtMs: c.nowMs });
          const to = rnd.chance(0.5) ? "all" : rnd.int(world.n);
          log(`${c.nowMs}ms submit ${client.hex.slice(0, 6)}/${number} to ${to}`);
          c.submit(to, request);
        }
      } else if (r < 0.12 + world.earlyTimerRate) {
        const all = c.pending();
        if (all.length === 0) continue;
        const t = rnd.pick(all);
        log(`${c.nowMs}ms fire early ${t.id} ${timerKey(t.timer)} (due ${t.dueMs}ms)`);
        c.fire(t.id, t.timer);
        if (!safety()) break;
      } else {
        event(world.lossRate, world.duplicateRate, 10);
        if (!safety()) break;
      }
      if (rnd.chance(world.crashRate)) {
        const down = c.nodes.filter((x) => x.crashed);
        if (down.length > 0 && rnd.chance(0.5)) {
          const n = rnd.pick(down);
          log(`restart ${n.id}`);
          c.restart(n.id);
        } else if (down.length + world.byzantine.size < world.f + 1) {
          const n = rnd.pick(c.nodes.filter((x) => !x.crashed));
          log(`crash ${n.id}`);
          c.crash(n.id);
        }
      }
      if (rnd.chance(world.partitionRate)) {
        if (sideOf === null) {
          sideOf = c.nodes.map(() => rnd.int(2));
          log(`partition ${sideOf.join("")}`);
        } else if (rnd.chance(0.5)) {
          sideOf = null;
          log("heal partition");
        }
      }
      if (rnd.chance(world.clusterRestartRate)) {
        log("restart the whole cluster");
        for (const n of c.nodes) c.crash(n.id);
        c.wire = [];
        for (const n of c.nodes) c.restart(n.id);
      }
    }

    if (violations.length === 0) {
      // Heal: every member up, the network whole and reliable (no loss, no duplicates, no early timers;
      // delays and jitter as before); clients retransmit every RETRANSMIT_MS. Every
      // submitted request must then commit everywhere honest within HEAL_MS of simulated time.
      log(`${c.nowMs}ms heal: every member up, network whole and reliable`);
      sideOf = null;
      for (const n of c.nodes) if (n.crashed) c.restart(n.id);
      healedAtMs = c.nowMs;
      const deadline = c.nowMs + HEAL_MS;
      let retransmitAt = c.nowMs;
      for (let events = 0; events < HEAL_EVENTS_MAX && c.nowMs <= deadline; events++, step++) {
        if (c.nowMs >= retransmitAt) {
          if (checkLiveness(honest, submitted) === null) break;
          for (const s of submitted) if (!hasReceipt(s)) c.submit("all", s.request);
          retransmitAt = c.nowMs + RETRANSMIT_MS;
        }
        event(0, 0, Math.max(1, retransmitAt - c.nowMs));
        if (!safety()) break;
      }
      if (violations.length === 0) {
        const live = checkLiveness(honest, submitted);
        if (live !== null)
          violations.push({ invariant: "liveness", detail: `${live} (${HEAL_MS} ms simulated)`, step });
        const durable = checkDurability(honest, receipted(c.nodes, submitted, world.f));
        if (durable !== null) violations.push({ invariant: "durability", detail: durable, step });
      }
    }
  } catch (e) {
    violations.push({ invariant: "crash", detail: e instanceof Error ? e.message : String(e), step });
  }

  options.inspect?.(c);
  const views = honest.map((n) => n.replica.status().view);
  return {
    seed,
    world: describeWorld(world),
    steps: step,
    simulatedMs: c.nowMs,
    healMs: c.nowMs - healedAtMs,
    commits: Math.max(0, ...honest.map((n) => n.ledger.length)),
    requests: submitted.length,
    viewChanges: Math.max(0, ...views),
    stateTransfers: honest.reduce((s, n) => s + n.effects.filter((e) => e.kind === "fetch-state").length, 0),
    violations,
    trace,
  };
}

export function formatViolation(r: SeedResult): string {
  return r.violations
    .map((v) => `SEED=${r.seed} ${v.invariant} violated at step ${v.step}: ${v.detail}`)
    .join("\n");
}
