import { describe, expect, it } from "vitest";
import type { NewViewMsg } from "../codec.js";
import { Replica, type ReplicaOptions } from "../replica.js";
import type { RejectReason, ReplicaId } from "../types.js";
import { runSeed } from "./simulator.js";

/** A deliberately broken replica (test code only): every quorum is f+1 instead of 2f+1. */
class SmallQuorum extends Replica {
  protected override quorumSize(): number {
    return this.cluster.f + 1;
  }
}

/** A deliberately broken replica (test code only): it enters any new-view its view's primary signs. */
class AcceptsAnyNewView extends Replica {
  protected override validateNewView(_nv: NewViewMsg, _signer: ReplicaId): RejectReason | null {
    return null;
  }
}

/** A deliberately broken replica (test code only): it waits for votes from all n members. */
class UnanimousQuorum extends Replica {
  protected override quorumSize(): number {
    return this.cluster.n;
  }
}

/** The first seed in 1..200 where the simulator reports an agreement violation, or null. */
function firstAgreementViolation(make: (o: ReplicaOptions) => Replica): number | null {
  for (let seed = 1; seed <= 200; seed++) {
    const r = runSeed(seed, { steps: 300, make });
    if (r.violations.some((v) => v.invariant === "agreement")) return seed;
  }
  return null;
}

describe("simulator", () => {
  it("replays a seed exactly (same world, summary and trace)", () => {
    for (const seed of [7, 12]) {
      const a = runSeed(seed);
      const b = runSeed(seed);
      expect(b).toEqual(a);
      expect(a.steps).toBeGreaterThan(0);
      expect(a.trace.length).toBeGreaterThan(0);
    }
    expect(runSeed(8).world).not.toEqual(runSeed(7).world);
  });

  it("200 mixed-fault seeds: no invariant violated, and the worlds did commit", () => {
    let commits = 0;
    let byzantine = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const r = runSeed(seed, { steps: 300 });
      expect(r.violations, r.world).toEqual([]);
      commits += r.commits;
      if (!r.world.includes("byzantine=[none]")) byzantine++;
    }
    expect(commits).toBeGreaterThan(600);
    expect(byzantine).toBeGreaterThan(100);
  });

  // Was a replica bug found by the simulator: a backup restarted into a quiet cluster armed no timer.
  // Was a replica bug found by the simulator: restarted mid view change, a replica rebuilt a different
  // view-change, the double-sign guard refused it, and the view never gathered its quorum.
  it("the shipped replica, seed 2733: a view change with a member whose guard refuses a rebuilt view-change still completes", () => {
    expect(runSeed(2733).violations).toEqual([]);
  });

  it("the shipped replica, seed 158: a restarted backup catches up after healing", () => {
    expect(runSeed(158, { steps: 300 }).violations).toEqual([]);
  });

  it("catches a replica that uses f+1 quorums (agreement violated within 200 seeds)", () => {
    expect(firstAgreementViolation((o) => new SmallQuorum(o))).not.toBeNull();
  });

  it("catches a replica that accepts any new-view (agreement violated within 200 seeds)", () => {
    expect(firstAgreementViolation((o) => new AcceptsAnyNewView(o))).not.toBeNull();
  });

  it("reports liveness, not safety, for a replica that needs every member's vote (a silent liar stalls it)", () => {
    const make = (o: ReplicaOptions) => new UnanimousQuorum(o);
    let stalled: number | null = null;
    for (let seed = 1; seed <= 50 && stalled === null; seed++) {
      const r = runSeed(seed, { steps: 200, make });
      expect(r.violations.filter((v) => v.invariant !== "liveness" && v.invariant !== "durability")).toEqual(
        [],
      );
      if (r.violations.some((v) => v.invariant === "liveness")) stalled = seed;
    }
    expect(stalled).not.toBeNull();
  });
});
