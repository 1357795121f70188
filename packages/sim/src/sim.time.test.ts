// Consensus time in the simulator (issue 18): skewed clocks within the bound, a member whose clock is beyond
// it, and Byzantine primaries proposing wild times; the time invariant holds, and has teeth.
import { Replica, type ReplicaOptions } from "@pbft/consensus";
import { describe, expect, it } from "vitest";
import { runSeed } from "./simulator.js";
import type { ByzantineKind, World } from "./world.js";

/** Every clock skewed within ±1000 ms, and member 0 (view 0's primary) a liar proposing wild times. */
function wildWorld(w: World): World {
  const byzantine = new Map<number, readonly ByzantineKind[]>();
  for (const [id, kinds] of w.byzantine) if (id !== 0 && byzantine.size + 1 < w.f) byzantine.set(id, kinds);
  byzantine.set(0, ["wild-time"]);
  const clockSkewMs = w.clockSkewMs.map((_, i) => ((w.seed * 7919 + i * 104_729) % 2001) - 1000);
  return { ...w, byzantine, clockSkewMs };
}

/**
 * A replica whose bound is so wide that it takes any time (test code only). The simulator restores every
 * replica with its ledger's epochs, whose parameters win over the genesis' `params`, so both are widened.
 */
const lax = (o: ReplicaOptions) => {
  const wide = <P extends object | undefined>(p: P) => ({ ...p, clockSkewMaxMs: 10 ** 13 });
  const restored = o.restored && {
    ...o.restored,
    ...(o.restored.epochs && { epochs: o.restored.epochs.map((e) => ({ ...e, params: wide(e.params) })) }),
  };
  return new Replica({ ...o, params: wide(o.params), ...(restored && { restored }) });
};

describe("consensus time in the simulator", () => {
  it("skewed clocks and a wild-time primary: 0 violations, wild times refused (bad-time), commits go on", () => {
    let badTime = 0;
    let commits = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const r = runSeed(seed, {
        steps: 300,
        world: wildWorld,
        inspect: (c) => {
          for (const n of c.nodes)
            if (n.id !== 0) badTime += n.rejected.filter((x) => x.reason === "bad-time").length;
        },
      });
      expect(r.violations, r.world).toEqual([]);
      commits += r.commits;
    }
    console.log(`time worlds: ${commits} commits, ${badTime} bad-time rejections in 40 seeds`);
    expect(badTime).toBeGreaterThan(40);
    expect(commits).toBeGreaterThan(60);
  });

  it("the drawn worlds include skewed clocks, wild-time liars and bad clocks", () => {
    const worlds = Array.from({ length: 200 }, (_, i) => runSeed(i + 1, { steps: 1 }).world);
    expect(worlds.filter((w) => !/clocks=(0,)*0ms/.test(w)).length).toBeGreaterThan(60);
    expect(worlds.filter((w) => w.includes("wild-time")).length).toBeGreaterThan(30);
    expect(worlds.filter((w) => w.includes("bad-clock")).length).toBeGreaterThan(5);
  });

  it("catches replicas that accept any time (a wild time recorded within 40 seeds)", () => {
    let found: number | null = null;
    for (let seed = 1; seed <= 40 && found === null; seed++) {
      const r = runSeed(seed, { steps: 300, world: wildWorld, make: lax });
      if (r.violations.some((v) => v.invariant === "time")) found = seed;
    }
    expect(found).not.toBeNull();
    // The shipped replica, same seed and world: nothing.
    expect(runSeed(found!, { steps: 300, world: wildWorld }).violations).toEqual([]);
  });
});
