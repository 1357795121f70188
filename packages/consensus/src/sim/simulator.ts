// The simulator: the shipped Replica, n of them, in a world the seed draws (see world.ts): loss,
// duplication, bounded reordering, partitions and heals, crashes and restarts from persisted state,
// whole-cluster restarts, timers firing in any order, clients retransmitting, and up to f Byzantine
// members. Safety invariants are checked after every delivery; after the faulty phase the world heals
// (honest members up, network whole and reliable) and every submitted request must commit within a
// bounded number of rounds.
import type { Replica, ReplicaOptions } from "../replica.js";
import { Cluster, FakeClient } from "../testing/harness.js";
import { timerKey } from "../timers.js";
import type { TimerId } from "../types.js";
import { ByzantineMember } from "./byzantine.js";
import { checkAgreement } from "./checkers/agreement.js";
import { checkDurability, receipted, type Submitted } from "./checkers/durability.js";
import { checkExactlyOnce } from "./checkers/exactly-once.js";
import { checkLiveness } from "./checkers/liveness.js";
import { checkValidity } from "./checkers/validity.js";
import { Prng } from "./prng.js";
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
const HEAL_ROUNDS_MAX = Number(process.env.SIM_HEAL_ROUNDS ?? 80);

export function runSeed(seed: number, options: RunOptions = {}): SeedResult {
  const world: World = drawWorld(seed, options.steps ?? 500);
  const rnd = new Prng(seed);
  const trace: string[] = [];
  const traceMax = options.traceMax ?? 400;
  const log = (s: string) => {
    trace.push(s);
    if (trace.length > traceMax) trace.shift();
  };
  const c = new Cluster({
    n: world.n,
    clusterId: CLUSTER_ID,
    params: { batchDelayMs: 1, batchSizeMax: 3, checkpointInterval: 4, logWindow: 8, pipelineMax: 3 },
    ...(options.make ? { make: options.make } : {}),
  });
  const liars = new Map<number, ByzantineMember>();
  for (const [id, kinds] of world.byzantine)
    liars.set(id, new ByzantineMember(id, kinds, world.n, CLUSTER_ID, rnd));
  c.tamper = (from, to, frame) => liars.get(from)?.rewrite(to, frame) ?? frame;
  let sideOf: number[] | null = null;
  c.drop = (from, to) => sideOf !== null && sideOf[from] !== sideOf[to];

  const honest = c.nodes.filter((n) => !world.byzantine.has(n.id));
  const clients = Array.from(
    { length: world.clients },
    (_, i) => new FakeClient(`s${seed}-c${i}`, CLUSTER_ID),
  );
  const authorised = new Set(clients.map((k) => k.hex));
  const submitted: (Submitted & { client: FakeClient; request: ReturnType<FakeClient["request"]> })[] = [];
  const validated = new Map<number, number>();
  const violations: Violation[] = [];
  let step = 0;

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

  try {
    c.start();
    log(describeWorld(world));
    for (; step < world.faultySteps && violations.length === 0; step++) {
      const r = rnd.next();
      if (r < 0.15) {
        const client = rnd.pick(clients);
        const last = submitted.filter((s) => s.client === client).at(-1);
        if (last !== undefined && !hasReceipt(last)) {
          log(`retransmit ${client.hex.slice(0, 6)}/${last.number}`);
          c.submit("all", last.request);
        } else if (submitted.length < world.requestsMax) {
          const number = (last?.number ?? 0) + 1;
          const request = client.request(JSON.stringify({ seed, number }), number);
          submitted.push({ client, clientKey: client.key, number, request });
          const to = rnd.chance(0.5) ? "all" : rnd.int(world.n);
          log(`submit ${client.hex.slice(0, 6)}/${number} to ${to}`);
          c.submit(to, request);
        }
      } else if (r < 0.7) {
        if (c.wire.length === 0) continue;
        if (rnd.chance(world.lossRate)) {
          c.wire.splice(rnd.int(c.wire.length), 1);
          log("lose");
          continue;
        }
        if (rnd.chance(world.duplicateRate)) c.wire.push(c.wire[rnd.int(c.wire.length)]!);
        const i = rnd.int(Math.min(c.wire.length, world.reorderWindow));
        const [w] = c.wire.splice(i, 1);
        c.wire.unshift(w!);
        log(`deliver ${w!.from}->${w!.to}`);
        c.deliverOne();
        if (!safety()) break;
      } else if (r < 0.9) {
        const up = c.nodes.filter((x) => !x.crashed && x.timers.size > 0);
        if (up.length === 0) continue;
        const n = rnd.pick(up);
        const t: TimerId = rnd.pick([...n.timers.values()]);
        log(`fire ${n.id} ${timerKey(t)}`);
        c.fire(n.id, t);
        if (!safety()) break;
      } else if (r < 0.9 + world.crashRate * 5) {
        const down = c.nodes.filter((x) => x.crashed);
        if (down.length > 0 && rnd.chance(0.5)) {
          const n = rnd.pick(down);
          log(`restart ${n.id}`);
          c.restart(n.id);
        } else if (c.nodes.filter((x) => x.crashed).length + world.byzantine.size < world.f + 1) {
          const n = rnd.pick(c.nodes.filter((x) => !x.crashed));
          log(`crash ${n.id}`);
          c.crash(n.id);
        }
      } else if (r < 0.95 + world.partitionRate * 2) {
        if (sideOf === null && rnd.chance(world.partitionRate * 20)) {
          sideOf = c.nodes.map(() => rnd.int(2));
          log(`partition ${sideOf.join("")}`);
        } else if (sideOf !== null && rnd.chance(0.3)) {
          sideOf = null;
          log("heal partition");
        }
      } else if (rnd.chance(world.clusterRestartRate * 10)) {
        log("restart the whole cluster");
        for (const n of c.nodes) c.crash(n.id);
        c.wire = [];
        for (const n of c.nodes) c.restart(n.id);
      }
    }

    if (violations.length === 0) {
      log("heal: every honest member up, network whole and reliable");
      sideOf = null;
      for (const n of c.nodes) if (n.crashed) c.restart(n.id);
      const order: TimerId["kind"][] = ["batch", "state-transfer", "request", "view-change"];
      for (let round = 0; round < HEAL_ROUNDS_MAX && checkLiveness(honest, submitted) !== null; round++) {
        c.deliverAll();
        if (!safety()) break;
        if (round % 4 === 0) for (const s of submitted) if (!hasReceipt(s)) c.submit("all", s.request);
        c.fireAll(order[round % order.length]!);
        step++;
      }
      if (violations.length === 0) c.deliverAll();
      if (violations.length === 0 && safety()) {
        const live = checkLiveness(honest, submitted);
        if (live !== null) violations.push({ invariant: "liveness", detail: live, step });
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
