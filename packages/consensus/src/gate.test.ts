// The output-commit gate: examples of the contract, then properties over random interleavings of
// persists (durability points), outputs and completed writes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isOutput, OutputGate } from "./gate.js";
import { pbft } from "./messages.js";
import type { Effect } from "./types.js";

describe("OutputGate", () => {
  it("lets an output through at once when nothing is pending", () => {
    const g = new OutputGate<string>();
    expect(g.admit("a")).toEqual(["a"]);
    expect(g.pending).toBe(0);
    expect(g.held).toBe(0);
  });

  it("holds what follows a durability point until it is reached, then releases it in order", () => {
    const g = new OutputGate<string>();
    const p = g.require();
    expect(g.pending).toBe(1);
    expect(g.admit("a")).toEqual([]);
    expect(g.admit("b")).toEqual([]);
    expect(g.held).toBe(2);
    expect(g.reached(p)).toEqual(["a", "b"]);
    expect(g.pending).toBe(0);
    expect(g.held).toBe(0);
    expect(g.admit("c")).toEqual(["c"]);
  });

  it("an output waits for every point opened before it, not for later ones", () => {
    const g = new OutputGate<string>();
    const p1 = g.require();
    g.admit("a"); // waits for p1
    const p2 = g.require();
    g.admit("b"); // waits for p2
    expect(g.reached(p1)).toEqual(["a"]);
    expect(g.held).toBe(1);
    expect(g.reached(p2)).toEqual(["b"]);
  });

  it("reaching a point reaches every earlier one; an old point reached late changes nothing", () => {
    const g = new OutputGate<string>();
    const p1 = g.require();
    g.admit("a");
    const p2 = g.require();
    g.admit("b");
    expect(g.reached(p2)).toEqual(["a", "b"]);
    expect(g.reached(p1)).toEqual([]);
    expect(g.pending).toBe(0);
  });

  it("keeps order: an output admitted while earlier ones are held waits behind them", () => {
    const g = new OutputGate<string>();
    const p = g.require();
    g.admit("a");
    // A subclass that would let "b" pass its own check still could not overtake "a" by default rules.
    expect(g.admit("b")).toEqual([]);
    expect(g.reached(p)).toEqual(["a", "b"]);
  });

  it("refuses a point that was never opened", () => {
    const g = new OutputGate<string>();
    expect(() => g.reached(1)).toThrow(RangeError);
    g.require();
    expect(() => g.reached(2)).toThrow(RangeError);
    expect(() => g.reached(-1)).toThrow(RangeError);
  });

  it("a crash discards the held outputs (they never left) and the pending points", () => {
    const g = new OutputGate<string>();
    const p = g.require();
    g.admit("a");
    g.admit("b");
    expect(g.discard()).toEqual(["a", "b"]);
    expect(g.held).toBe(0);
    expect(g.pending).toBe(0);
    expect(g.reached(p)).toEqual([]);
    expect(g.admit("c")).toEqual(["c"]);
  });

  it("a subclass can override which outputs wait (how the simulator builds a broken gate)", () => {
    class Leaky extends OutputGate<string> {
      protected override mustHold(item: string): boolean {
        return !item.startsWith("vote") && super.mustHold(item);
      }
    }
    const g = new Leaky();
    g.require();
    expect(g.admit("reply")).toEqual([]);
    expect(g.admit("vote 1")).toEqual(["vote 1"]); // left before its state was durable
  });
});

type Op =
  | { readonly op: "require" }
  | { readonly op: "admit" }
  | { readonly op: "reach"; readonly pick: number };

const ops: fc.Arbitrary<Op[]> = fc.array(
  fc.oneof(
    fc.constant<Op>({ op: "require" }),
    fc.constant<Op>({ op: "admit" }),
    fc.nat({ max: 1000 }).map<Op>((pick) => ({ op: "reach", pick })),
  ),
  { maxLength: 200 },
);

describe("OutputGate properties", () => {
  /** Runs ops; checks each release against the model; returns released ids (in order) and admitted count. */
  function run(list: readonly Op[]): { released: number[]; admitted: number; gate: OutputGate<number> } {
    const gate = new OutputGate<number>();
    const waitsFor: number[] = []; // per output id: the newest point opened before it was admitted
    const released: number[] = [];
    let opened = 0;
    let durable = 0;
    const out = (items: number[]) => {
      for (const id of items) {
        // Never before every point requested before it was reached.
        expect(durable).toBeGreaterThanOrEqual(waitsFor[id]!);
        released.push(id);
      }
    };
    for (const o of list) {
      if (o.op === "require") opened = gate.require();
      else if (o.op === "admit") {
        const id = waitsFor.length;
        waitsFor.push(opened);
        out(gate.admit(id));
      } else {
        // Writes complete in order: a point between the durable one and the newest.
        const point = durable + (opened === durable ? 0 : o.pick % (opened - durable + 1));
        durable = Math.max(durable, point);
        out(gate.reached(point));
      }
    }
    return { released, admitted: waitsFor.length, gate };
  }

  it("no output is released before every point requested before it was reached; order kept", () => {
    fc.assert(
      fc.property(ops, (list) => {
        const { released } = run(list);
        expect(released).toEqual([...released].sort((a, b) => a - b));
        expect(new Set(released).size).toBe(released.length);
      }),
      { numRuns: 500 },
    );
  });

  it("nothing is lost: once the newest point is reached, every output admitted has been released once", () => {
    fc.assert(
      fc.property(ops, (list) => {
        const { released, admitted, gate } = run(list);
        released.push(...gate.reached(gate.newest));
        expect(released).toEqual(Array.from({ length: admitted }, (_, i) => i));
        expect(gate.held).toBe(0);
        expect(gate.pending).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it("held + released = admitted at every moment, and held is 0 whenever nothing is pending", () => {
    fc.assert(
      fc.property(ops, (list) => {
        const gate = new OutputGate<number>();
        let admitted = 0;
        let released = 0;
        for (const o of list) {
          if (o.op === "require") gate.require();
          else if (o.op === "admit") released += gate.admit(admitted++).length;
          else
            released += gate.reached(gate.newest - (o.pick % 2 === 0 ? 0 : Math.min(1, gate.pending))).length;
          expect(gate.held + released).toBe(admitted);
          if (gate.pending === 0) expect(gate.held).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("isOutput", () => {
  const frame = pbft.ReplicaFrame.create({});
  const effects: [Effect, boolean][] = [
    [{ kind: "send", to: 1, frame }, true],
    [{ kind: "broadcast", frame }, true],
    [
      {
        kind: "reply",
        clientKey: new Uint8Array(),
        requestNumber: 1,
        seq: 1,
        attestation: pbft.Envelope.create({}),
      },
      true,
    ],
    [{ kind: "fetch-state", fromSeq: 1, toSeq: 2, peers: [1] }, true],
    [
      {
        kind: "request-refused",
        request: pbft.ClientRequest.create({}),
        clientKey: new Uint8Array(),
        reason: "stale-request",
      },
      true,
    ],
    [
      {
        kind: "persist",
        state: {
          view: 0,
          viewChanging: false,
          stableSeq: 0,
          stableDigest: new Uint8Array(),
          checkpointProof: [],
          prepared: [],
        },
      },
      false,
    ],
    [{ kind: "set-timer", timer: { kind: "batch" }, afterMs: 1 }, false],
    [{ kind: "cancel-timer", timer: { kind: "batch" } }, false],
    [
      {
        kind: "execute",
        seq: 1,
        view: 0,
        requests: [],
        certificate: pbft.CommitCertificate.create({}),
      },
      false,
    ],
    [{ kind: "rejected", reason: "duplicate", from: 1 }, false],
    [{ kind: "view-change-started", view: 1, reason: "joined" }, false],
    [{ kind: "new-view-entered", view: 1, primary: 1 }, false],
    [{ kind: "checkpoint-stable", seq: 4, proof: [] }, false],
  ];
  for (const [effect, expected] of effects)
    it(`${effect.kind}: ${expected ? "an output, gated" : "passes through"}`, () => {
      expect(isOutput(effect)).toBe(expected);
    });
});
