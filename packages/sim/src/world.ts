// The seed picks the world (as TigerBeetle's VOPR): cluster size, fault rates, and which members are
// Byzantine and how they lie. Printed first, so a failing seed explains itself.
import { Prng } from "./prng.js";
import type { ReconfigPlan } from "./reconfig.js";

export const BYZANTINE_KINDS = [
  "silent",
  "equivocating-primary",
  "conflicting-votes",
  "invalid-signatures",
  "forged-sender",
  "replay",
  "bogus-view-change",
  "wrong-checkpoint",
  "forged-new-view",
] as const;
/**
 * Drawn apart from the list above (so older seeds draw the worlds they drew): "wild-time", a primary that
 * proposes times far outside the bound; "bad-clock", an otherwise honest member whose clock is beyond the
 * bound (faulty as far as time goes, so it counts against f); "altered-state" (issue 20), a member whose
 * state-transfer answers carry one altered or forged batch under its real signed head (or with the head left
 * out), which only the hash chain up to the head (or the per-batch signatures) can tell.
 */
export type ByzantineKind = (typeof BYZANTINE_KINDS)[number] | "wild-time" | "bad-clock" | "altered-state";

export interface World {
  readonly seed: number;
  readonly n: number;
  readonly f: number;
  readonly byzantine: ReadonlyMap<number, readonly ByzantineKind[]>;
  readonly lossRate: number;
  readonly duplicateRate: number;
  /** One-way message delay, plus up to jitterMs more (so later messages overtake earlier ones). */
  readonly latencyMs: number;
  readonly jitterMs: number;
  /** Chance per step that a random timer fires before it is due (clock skew, a slow event loop). */
  readonly earlyTimerRate: number;
  readonly crashRate: number;
  readonly partitionRate: number;
  readonly clusterRestartRate: number;
  /**
   * Each member's storage: a write (consensus state, the guard's vote records, a ledger append) completes
   * after writeLatencyMs plus up to writeJitterMs more, in issue order; a crash loses what had not completed.
   */
  readonly writeLatencyMs: number;
  readonly writeJitterMs: number;
  readonly clients: number;
  readonly requestsMax: number;
  readonly faultySteps: number;
  /** Configuration changes during the faults (issue 16), or none. */
  readonly reconfig: ReconfigPlan;
  /** Each member's clock skew in ms (issue 18); honest ones within ±bound/2 of each other's middle. */
  readonly clockSkewMs: readonly number[];
  /**
   * "one": each client reaches one honest member only, with every request and retransmission (a client
   * whose other links are down): a backup that never relays its requests to the primary stalls it. Not
   * drawn (tests set it; drawn worlds send to all members or to a random one).
   */
  readonly clientReach?: "one";
}

/** The bound on a pre-prepare's time against a backup's clock in every simulated genesis (the default). */
export const SIM_CLOCK_BOUND_MS = 2000;

export function drawWorld(seed: number, steps = 500): World {
  const r = new Prng(seed ^ 0x5eed);
  const n = r.chance(0.2) ? 7 : 4;
  const f = Math.floor((n - 1) / 3);
  const byzantine = new Map<number, ByzantineKind[]>();
  const count = r.chance(0.25) ? 0 : 1 + r.int(f);
  while (byzantine.size < count) {
    const id = r.int(n);
    if (byzantine.has(id)) continue;
    const kinds = BYZANTINE_KINDS.filter(() => r.chance(0.4));
    byzantine.set(id, kinds.length > 0 ? kinds : [r.pick(BYZANTINE_KINDS)]);
  }
  const latencyMs = r.pick([1, 5, 10]);
  const jitterMs = latencyMs * r.pick([0, 1, 2]);
  return {
    seed,
    n,
    f,
    byzantine,
    lossRate: r.pick([0, 0.02, 0.08, 0.2]),
    duplicateRate: r.pick([0, 0.02, 0.05]),
    latencyMs,
    jitterMs,
    earlyTimerRate: r.pick([0, 0.005, 0.03]),
    crashRate: r.pick([0, 0.005, 0.02, 0.05]),
    partitionRate: r.pick([0, 0.005, 0.02]),
    clusterRestartRate: byzantine.size === 0 ? r.pick([0, 0.002]) : 0,
    clients: 1 + r.int(3),
    requestsMax: 12 + r.int(24),
    faultySteps: steps,
    ...drawStorage(r), // drawn after the others, so a seed's other parameters are what they were before storage
    reconfig: drawReconfig(r), // drawn after the others, for the same reason
    clockSkewMs: drawClocks(r, n, f, byzantine), // drawn after the others, for the same reason
    ...drawStateLiars(r, byzantine), // drawn last, for the same reason
  };
}

/** Half the liars (not a merely bad clock) also alter what they serve in state transfer (issue 20). */
function drawStateLiars(r: Prng, byzantine: Map<number, ByzantineKind[]>): Record<string, never> {
  for (const kinds of byzantine.values())
    if (!kinds.includes("bad-clock") && r.chance(0.5)) kinds.push("altered-state");
  return {};
}

/**
 * Clocks (issue 18): half the worlds skew every clock within ±bound/2 (any two within the bound); a Byzantine
 * member may also propose wild times; where the budget of f faulty members allows, one member's clock is
 * beyond the bound (a "bad-clock" member, faulty for time only).
 */
function drawClocks(r: Prng, n: number, f: number, byzantine: Map<number, ByzantineKind[]>): number[] {
  const half = SIM_CLOCK_BOUND_MS / 2;
  const skews = Array.from({ length: n }, () => 0);
  if (r.chance(0.5)) for (let i = 0; i < n; i++) skews[i] = r.int(2 * half + 1) - half;
  for (const kinds of byzantine.values()) if (r.chance(0.5)) kinds.push("wild-time");
  if (byzantine.size < f && r.chance(0.3)) {
    let id = r.int(n);
    while (byzantine.has(id)) id = (id + 1) % n;
    byzantine.set(id, ["bad-clock"]);
    skews[id] = (r.chance(0.5) ? 1 : -1) * (SIM_CLOCK_BOUND_MS + half + r.int(5 * SIM_CLOCK_BOUND_MS));
  }
  return skews;
}

/** A third of the worlds reconfigure: 1-3 changes, spare nodes to add, a double approval, a removed member that keeps sending. */
function drawReconfig(r: Prng): ReconfigPlan {
  if (!r.chance(0.35)) return { changes: 0, spares: 0, doubleApprove: false, removedKeepsSending: false };
  return {
    changes: 1 + r.int(3),
    spares: r.int(3),
    doubleApprove: r.chance(0.5),
    removedKeepsSending: r.chance(0.5),
  };
}

/** Instant disks (the old model), disks as fast as the network, and disks far slower than it. */
function drawStorage(r: Prng): { writeLatencyMs: number; writeJitterMs: number } {
  const writeLatencyMs = r.pick([0, 1, 2, 10, 30]);
  return { writeLatencyMs, writeJitterMs: writeLatencyMs === 0 ? 0 : r.pick([0, writeLatencyMs]) };
}

export function describeWorld(w: World): string {
  const byz = [...w.byzantine].map(([id, kinds]) => `${id}:${kinds.join("+")}`).join(" ") || "none";
  return (
    `SEED=${w.seed} n=${w.n} f=${w.f} byzantine=[${byz}] loss=${w.lossRate} dup=${w.duplicateRate} ` +
    `latency=${w.latencyMs}+${w.jitterMs}ms early-timers=${w.earlyTimerRate} crash=${w.crashRate} partition=${w.partitionRate} ` +
    `cluster-restart=${w.clusterRestartRate} clocks=${w.clockSkewMs.join(",")}ms disk=${w.writeLatencyMs}+${w.writeJitterMs}ms clients=${w.clients} requests<=${w.requestsMax} steps=${w.faultySteps}` +
    (w.reconfig.changes === 0
      ? ""
      : ` reconfig=${w.reconfig.changes}x spares=${w.reconfig.spares}${w.reconfig.doubleApprove ? " double-approve" : ""}${w.reconfig.removedKeepsSending ? " removed-keeps-sending" : ""}`) +
    (w.clientReach === "one" ? " clients-reach-one-member" : "")
  );
}
