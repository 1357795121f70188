// The simulator: n members running the shipped Replica, ledger and output gate in a world the seed draws
// (see world.ts): loss, duplication, reordering, partitions (which cut state transfer too), crashes that
// lose unfinished writes and held outputs, slow disks, whole-cluster restarts, timers firing early, clients
// retransmitting, and up to f Byzantine members. Safety invariants are checked after every event; after the
// faulty phase the world heals and every submitted request must commit everywhere honest in bounded time.
import { OutputGate, pbft, type Replica, type ReplicaOptions, timerKey, toHex } from "@pbft/consensus";
import { FakeClient } from "@pbft/consensus/testing";
import { ByzantineMember } from "./byzantine.js";
import { AgreementChecker } from "./checkers/agreement.js";
import { ConfigAgreementChecker } from "./checkers/config-agreement.js";
import { DoubleVoteChecker } from "./checkers/double-vote.js";
import { checkDurability, receipted, type Submitted } from "./checkers/durability.js";
import { ExactlyOnceChecker } from "./checkers/exactly-once.js";
import { HeadsChecker } from "./checkers/heads.js";
import { checkLiveness } from "./checkers/liveness.js";
import { TimeChecker } from "./checkers/time.js";
import { ValidityChecker } from "./checkers/validity.js";
import { Prng } from "./prng.js";
import { recordProposal, SIM_PARAMS, simClusterConfig } from "./proposals.js";
import { memberName, ReconfigDriver } from "./reconfig.js";
import { CoreFault, SimCluster } from "./sim-cluster.js";
import type { Output } from "./sim-node.js";
import { describeWorld, drawWorld, SIM_CLOCK_BOUND_MS, type World } from "./world.js";

export type Invariant =
  | "agreement"
  | "exactly-once"
  | "validity"
  | "double-vote"
  | "config-agreement" // honest members apply the same change at the same height, with a quorum of approvals
  | "time" // recorded times never decrease and stay within the honest clocks ± the bound (issue 18)
  | "heads"
  | "durability"
  | "liveness"
  | "internal-error" // the core threw: a bug of ours
  | "crash"; // the simulator itself threw

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
  /** The highest configuration epoch an honest member entered (0: none changed). */
  readonly epochs: number;
  readonly violations: readonly Violation[];
  /** The last actions before the end (or the violation), for the trace file. */
  readonly trace: readonly string[];
}

export interface RunOptions {
  readonly steps?: number;
  /** Builds the replica of every member (test code passes deliberately broken variants here). */
  readonly make?: (opts: ReplicaOptions) => Replica;
  /** Builds every member's output gate (the broken-gate test passes a leaky one). */
  readonly makeGate?: () => OutputGate<Output>;
  /** Overrides the drawn world (tests aim a run at one kind of fault). */
  readonly world?: (w: World) => World;
  readonly traceMax?: number;
  /** Called with the simulated cluster at the end (debugging a seed). */
  readonly inspect?: (cluster: SimCluster) => void;
  /** Nodes (by index) that apply a change at the approving entry instead of the boundary (a broken node). */
  readonly earlySwitch?: ReadonlySet<number>;
}

const CLUSTER_ID = "sim";
/** Simulated time after healing within which every submitted request must commit everywhere honest. */
const HEAL_MS = Number(process.env.SIM_HEAL_MS ?? 60_000);
const HEAL_EVENTS_MAX = 200_000;
const RETRANSMIT_MS = 500;

export function runSeed(seed: number, options: RunOptions = {}): SeedResult {
  const drawn = drawWorld(seed, options.steps ?? 500);
  const world: World = options.world ? options.world(drawn) : drawn;
  const rnd = new Prng(seed);
  const trace: string[] = [];
  const traceMax = options.traceMax ?? 400;
  const log = (s: string) => {
    trace.push(s);
    if (trace.length > traceMax) trace.shift();
  };
  const clients = Array.from(
    { length: world.clients },
    (_, i) => new FakeClient(`s${seed}-c${i}`, CLUSTER_ID),
  );
  const byzantineNames = new Set([...world.byzantine.keys()].map(memberName));
  const driver = new ReconfigDriver(
    CLUSTER_ID,
    seed,
    world.reconfig,
    new Prng(seed ^ 0xc0f1),
    byzantineNames,
    world.n,
  );
  const members = Array.from({ length: world.n }, (_, i) => driver.genesisMember(memberName(i)));
  const c = new SimCluster({
    n: world.n,
    spares: world.reconfig.spares,
    clusterId: CLUSTER_ID,
    config: simClusterConfig(CLUSTER_ID, members, [...clients.map((k) => k.hex), driver.admin.hex]),
    params: { ...SIM_PARAMS },
    ...(options.make ? { make: options.make } : {}),
    makeGate: options.makeGate ?? (() => new OutputGate<Output>()),
  });
  if (options.earlySwitch) c.earlySwitch = options.earlySwitch;
  const liars = new Map<number, ByzantineMember>();
  for (const [id, kinds] of world.byzantine) {
    const node = c.node(id);
    const who = () => {
      const self = node.members.indexOf(node.name);
      const epoch = node.replica.epoch.epoch;
      return {
        id: self < 0 ? id : self,
        n: node.members.length,
        epoch,
        key: c.epochKeys.get(epoch)?.[self] ?? "",
      };
    };
    liars.set(id, new ByzantineMember(who, kinds, CLUSTER_ID, rnd));
  }
  c.delayMs = () => world.latencyMs + rnd.int(world.jitterMs + 1);
  c.writeMs = () => world.writeLatencyMs + rnd.int(world.writeJitterMs + 1);
  c.tamper = (from, to, frame) => {
    const liar = liars.get(from);
    if (liar === undefined) return frame;
    return frame.stateReply ? liar.rewriteStateReply(frame) : liar.rewrite(to, frame);
  };
  let sideOf: number[] | null = null;
  c.drop = (from, to) => sideOf !== null && sideOf[from] !== sideOf[to];

  const honest = c.nodes.filter((n) => !world.byzantine.has(n.id));
  /** Where client ci sends: every member, or (clientReach "one") always the same honest one. */
  const reachOf = (ci: number): number | "all" =>
    world.clientReach === "one" ? honest[(ci + world.seed) % honest.length]!.id : "all";
  // A node's own signature: the signer is its member id in the epoch the message names.
  const ownedBy = (node: number, epoch: number, signer: number) =>
    c
      .node(node)
      .ledger.epochs()
      .find((r) => r.epoch === epoch)?.config.members[signer]?.name === c.node(node).name;
  const doubleVotes = new DoubleVoteChecker(new Set(honest.map((n) => n.id)), ownedBy);
  c.observe = (from, frame) => doubleVotes.observe(from, frame);
  const submitted: (Submitted & {
    client: FakeClient;
    request: ReturnType<FakeClient["request"]>;
    sentAtMs: number;
  })[] = [];
  const agreement = new AgreementChecker();
  const configAgreement = new ConfigAgreementChecker();
  const exactlyOnce = new ExactlyOnceChecker();
  const authorised = new Set([...clients.map((k) => k.hex), ...driver.clientKeys]);
  const heads = new HeadsChecker();
  const validity = new ValidityChecker(CLUSTER_ID, authorised, c.verifier);
  for (const n of c.nodes) n.clockSkewMs = world.clockSkewMs[n.id] ?? 0;
  const times = new TimeChecker(new Map(honest.map((n) => [n.id, n.clockSkewMs])), SIM_CLOCK_BOUND_MS);
  const violations: Violation[] = [];
  let step = 0;
  let healedAtMs = 0;

  const safety = (): boolean => {
    const checks: [Invariant, string | null][] = [
      ["agreement", agreement.check(honest)],
      ["exactly-once", exactlyOnce.check(honest)],
      ["validity", validity.check(honest)],
      ["double-vote", doubleVotes.violation],
      ["config-agreement", configAgreement.check(honest)],
      ["time", times.check(honest, c.nowMs)],
      ["heads", heads.check(honest)],
    ];
    for (const [invariant, detail] of checks)
      if (detail !== null) {
        violations.push({ invariant, detail, step });
        return false;
      }
    return true;
  };
  // A client holds a receipt with f+1 replies from distinct members, whoever they are (it cannot tell liars).
  const hasReceipt = (s: Submitted) => receipted(c.nodes, [s], world.f).length === 1;
  /** The live honest node with the longest ledger: what the operator reads the configuration from. */
  const head = () =>
    honest
      .filter((n) => !n.crashed)
      .reduce((a, b) => (b.appended.length > a.appended.length ? b : a), honest[0]!);
  /** The operator's step: its next requests, and re-sends of those no honest ledger executed yet. */
  const operate = (advance: boolean): void => {
    const h = head();
    if (advance)
      for (const request of driver.tick(h, c.nowMs)) {
        log(`${c.nowMs}ms config request`);
        c.submit("all", request);
      }
    for (const k of driver.clientKeys) authorised.add(k);
    for (const r of driver.requests) {
      if (c.nowMs - r.sentAtMs < RETRANSMIT_MS) continue;
      const hex = toHex(r.clientKey);
      if (honest.every((n) => (n.clientNumbers.get(hex) ?? 0) >= r.number)) continue;
      r.sentAtMs = c.nowMs;
      c.submit("all", r.request);
    }
  };
  /** A removed member that keeps sending: its old frames, under its old id (a gater that still maps it). */
  const keepSending = (): void => {
    for (const n of c.nodes) {
      if (n.crashed || n.replica.id !== null || n.lastMemberId === null || n.sent.length === 0) continue;
      if (!rnd.chance(0.05)) continue;
      const to = rnd.pick(c.nodes.filter((m) => m !== n));
      c.post(n.id, to.id, pbft.ReplicaFrame.decode(rnd.pick(n.sent)), n.lastMemberId);
    }
  };

  /** Processes the next event in time order: a message arrives (unless lost), a write completes, a timer fires. */
  const event = (lossRate: number, duplicateRate: number, quietMs: number): void => {
    const ev = c.next();
    switch (ev.kind) {
      case "quiet":
        c.nowMs += quietMs;
        return;
      case "timer":
        log(`${c.nowMs}ms fire ${ev.node.id} ${timerKey(ev.timer)}`);
        c.fire(ev.node, ev.timer);
        return;
      case "write":
        c.completeWrite(ev.node);
        return;
      case "message":
        if (rnd.chance(lossRate)) {
          c.wire.splice(ev.index, 1);
          log(`${c.nowMs}ms lose ${ev.message.from}->${ev.message.to}`);
          return;
        }
        if (rnd.chance(duplicateRate)) c.wire.push({ ...ev.message, arrivesAtMs: c.nowMs + c.delayMs() });
        log(`${c.nowMs}ms deliver ${ev.message.from}->${ev.message.to}`);
        c.deliver(ev.index);
        return;
    }
  };

  try {
    c.start();
    log(describeWorld(world));
    for (; step < world.faultySteps && violations.length === 0; step++) {
      const r = rnd.next();
      if (r < 0.12) {
        const ci = rnd.int(clients.length);
        const client = clients[ci]!;
        const last = submitted.filter((s) => s.client === client).at(-1);
        if (last !== undefined && !hasReceipt(last)) {
          if (c.nowMs - last.sentAtMs < RETRANSMIT_MS) continue;
          last.sentAtMs = c.nowMs;
          log(`${c.nowMs}ms retransmit ${client.hex.slice(0, 6)}/${last.number}`);
          c.submit(reachOf(ci), last.request);
        } else if (submitted.length < world.requestsMax) {
          const number = (last?.number ?? 0) + 1;
          const request = client.request(recordProposal(seed, ci, number), number);
          submitted.push({ client, clientKey: client.key, number, request, sentAtMs: c.nowMs });
          const to = world.clientReach === "one" ? reachOf(ci) : rnd.chance(0.5) ? "all" : rnd.int(world.n);
          log(`${c.nowMs}ms submit ${client.hex.slice(0, 6)}/${number} to ${to}`);
          c.submit(to, request);
        }
      } else if (r < 0.12 + world.earlyTimerRate && world.earlyTimerRate > 0) {
        const all = c.pendingTimers();
        if (all.length === 0) continue;
        const t = rnd.pick(all);
        log(`${c.nowMs}ms fire early ${t.node.id} ${timerKey(t.timer)} (due ${t.dueMs}ms)`);
        c.fire(t.node, t.timer);
        if (!safety()) break;
      } else {
        event(world.lossRate, world.duplicateRate, 10);
        if (!safety()) break;
      }
      if (world.reconfig.changes > 0) {
        operate(rnd.chance(0.3));
        if (world.reconfig.removedKeepsSending) keepSending();
      }
      if (rnd.chance(world.crashRate)) {
        const down = c.nodes.filter((x) => x.crashed);
        if (down.length > 0 && rnd.chance(0.5)) {
          const n = rnd.pick(down);
          log(`restart ${n.id}`);
          c.restart(n.id);
        } else if (down.length + world.byzantine.size < world.f + 1) {
          const n = rnd.pick(c.nodes.filter((x) => !x.crashed));
          log(`crash ${n.id} (${n.writes.length} writes lost)`);
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
      // delays, jitter and disk latency as before); clients retransmit every RETRANSMIT_MS. Every
      // submitted request must then commit everywhere honest within HEAL_MS of simulated time.
      log(`${c.nowMs}ms heal: every member up, network whole and reliable`);
      sideOf = null;
      for (const n of c.nodes) if (n.crashed) c.restart(n.id);
      healedAtMs = c.nowMs;
      const deadline = c.nowMs + HEAL_MS;
      let retransmitAt = c.nowMs;
      for (let events = 0; events < HEAL_EVENTS_MAX && c.nowMs <= deadline; events++, step++) {
        if (c.nowMs >= retransmitAt) {
          operate(true); // the operator finishes its changes too (within the heal bound)
          if (driver.finished && checkLiveness(honest, [...submitted, ...driver.requests]) === null) break;
          for (const s of submitted)
            if (!hasReceipt(s)) c.submit(reachOf(clients.indexOf(s.client)), s.request);
          retransmitAt = c.nowMs + RETRANSMIT_MS;
        }
        event(0, 0, Math.max(1, retransmitAt - c.nowMs));
        if (!safety()) break;
      }
      if (violations.length === 0) {
        const live = checkLiveness(honest, [...submitted, ...driver.requests]);
        if (live !== null)
          violations.push({ invariant: "liveness", detail: `${live} (${HEAL_MS} ms simulated)`, step });
        const durable = checkDurability(honest, receipted(c.nodes, submitted, world.f));
        if (durable !== null) violations.push({ invariant: "durability", detail: durable, step });
        const approvals = ConfigAgreementChecker.approvals(honest, driver.changeIds);
        if (approvals !== null) violations.push({ invariant: "config-agreement", detail: approvals, step });
      }
    }
  } catch (e) {
    if (e instanceof CoreFault) violations.push({ invariant: "internal-error", detail: e.message, step });
    else violations.push({ invariant: "crash", detail: e instanceof Error ? e.message : String(e), step });
  }

  options.inspect?.(c);
  const views = honest.map((n) => n.replica.status().view);
  return {
    seed,
    world: describeWorld(world),
    steps: step,
    simulatedMs: c.nowMs,
    healMs: c.nowMs - healedAtMs,
    commits: Math.max(0, ...honest.map((n) => n.appended.length)),
    requests: submitted.length,
    viewChanges: Math.max(0, ...views),
    stateTransfers: honest.reduce((s, n) => s + n.fetches, 0),
    epochs: Math.max(0, ...honest.map((n) => n.replica.epoch.epoch)),
    violations,
    trace,
  };
}

export function formatViolation(r: SeedResult): string {
  return r.violations
    .map((v) => `SEED=${r.seed} ${v.invariant} violated at step ${v.step}: ${v.detail}`)
    .join("\n");
}
