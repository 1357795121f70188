// The two overridable hooks are the single source of what they decide: a subclass that weakens them is
// genuinely broken (the simulator's deliberately broken variants rely on this).
import { describe, expect, it } from "vitest";
import { EMPTY_ROOT } from "./merkle.js";
import { pbft } from "./messages.js";
import { Replica, type ReplicaOptions } from "./replica.js";
import { AcceptsAnyNewView, SmallQuorum } from "./testing/broken-replicas.js";
import { Cluster, FakeClient, signAs } from "./testing/harness.js";

const CID = "test-cluster";
const PARAMS = { batchDelayMs: 0, checkpointInterval: 4, logWindow: 16 };

describe("overridable hooks", () => {
  it("quorumSize() decides every quorum: with f+1, two replicas commit alone (unsafe), with 2f+1 they cannot", () => {
    for (const [make, commits] of [
      [(o: ReplicaOptions) => new SmallQuorum(o), true],
      [(o: ReplicaOptions) => new Replica(o), false],
    ] as const) {
      const c = new Cluster({ params: PARAMS, make });
      c.start();
      c.crash(2);
      c.crash(3);
      c.submit(0, new FakeClient("a", CID).request());
      c.deliverAll();
      expect(c.node(0).ledger.length === 1 && c.node(1).ledger.length === 1).toBe(commits);
    }
  });

  it("validateNewView() decides new-view validity: a forged new-view is entered by the broken variant only", () => {
    for (const [make, accepted] of [
      [(o: ReplicaOptions) => new AcceptsAnyNewView(o), true],
      [(o: ReplicaOptions) => new Replica(o), false],
    ] as const) {
      const c = new Cluster({ params: PARAMS, make });
      c.start();
      const pp = signAs(1, CID, { prePrepare: { view: 1, seq: 1, batchDigest: EMPTY_ROOT, requests: [] } });
      const forged = signAs(1, CID, { newView: { view: 1, viewChanges: [], prePrepares: [pp] } });
      c.step(2, { kind: "envelope", from: 1, envelope: forged });
      expect(c.node(2).replica.status().view === 1).toBe(accepted);
      expect(c.rejectedReasons(2).includes("invalid-new-view")).toBe(!accepted);
      if (accepted) {
        const prepare = c
          .node(2)
          .effects.find(
            (e) =>
              e.kind === "broadcast" &&
              pbft.ReplicaMessage.decode(e.frame.envelope!.payload!).kind === "prepare",
          );
        expect(prepare).toBeDefined(); // it even votes for the forged batch
      }
    }
  });
});
