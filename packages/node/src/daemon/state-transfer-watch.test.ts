// A state transfer as the node's operator sees it: one info line when it starts (from height, target), one
// when it ends (entries, seconds, entries/s), the target gauge (0 when idle), a bar when one is wanted. The
// core is a fake whose steps are observed as node.ts observes the real one (observeSteps).
import type { Effect, Event, pbft, Replica } from "@pbft/consensus";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createMetrics } from "./metrics.js";
import { observeSteps } from "./security-log.js";
import { StateTransferWatch } from "./state-transfer-watch.js";

type Line = { readonly level: number; readonly msg: string; readonly [field: string]: unknown };

const stateReply: Event = { kind: "state-reply", from: 1, reply: {} as pbft.StateReply };
const tick: Event = { kind: "timer", timer: { kind: "state-transfer" } };
const executed = (seq: number): Event => ({ kind: "executed", seq, entryHash: new Uint8Array(32) });
const executes = (from: number, to: number): Effect[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({
    kind: "execute",
    seq: from + i,
    view: 0,
    requests: [],
    certificate: {} as pbft.CommitCertificate,
  }));

/** A fake core answering each event with what `effects` holds for it at that moment, observed by a watch. */
function rig(o: { clusterHeight: number; bar?: boolean }) {
  const lines: Line[] = [];
  const logger = pino({ level: "info" }, { write: (s: string) => lines.push(JSON.parse(s) as Line) });
  const metrics = createMetrics({ node: "n3", cluster: "c" });
  let now = 0;
  let clusterHeight = o.clusterHeight;
  const bars: { from: number; updates: [number, number][]; stopped: number }[] = [];
  const watch = new StateTransferWatch({
    logger,
    quietMs: 2000,
    targetGauge: metrics.stateTransferTarget,
    clusterHeight: () => clusterHeight,
    now: () => now,
    ...(o.bar
      ? {
          bar: (from: number) => {
            const b = { from, updates: [] as [number, number][], stopped: 0 };
            bars.push(b);
            return {
              update: (h: number, t: number) => void b.updates.push([h, t]),
              stop: () => void b.stopped++,
            };
          },
        }
      : {}),
  });
  let next: Effect[] = [];
  const replica = { step: (): Effect[] => next } as unknown as Replica;
  observeSteps(replica, (event, effects) => watch.observe(event, effects));
  const target = async () =>
    (await metrics.registry.getSingleMetricAsString("pbft_state_transfer_target_height")).split("\n").at(-1);
  return {
    lines,
    watch,
    bars,
    target,
    step(event: Event, effects: Effect[] = []) {
      next = effects;
      replica.step(event);
    },
    at(ms: number) {
      now = ms;
    },
    clusterAt(h: number) {
      clusterHeight = h;
    },
  };
}

const info = (lines: readonly Line[]): Line[] => lines.filter((l) => l.level === 30);

describe("state transfer watch", () => {
  it("logs one line when a transfer starts and one when it ends, with the gauge at its target meanwhile", async () => {
    const r = rig({ clusterHeight: 0 });
    expect(await r.target()).toMatch(/^pbft_state_transfer_target_height\{.*\} 0$/);
    // A probe answered with nothing new: no transfer.
    r.step(stateReply);
    expect(r.watch.active).toBe(false);
    expect(r.lines).toEqual([]);
    // The first batches fetched (heights 11..74, the ledger at 10), before f+1 members told their height.
    r.at(1000);
    r.step(stateReply, executes(11, 74));
    expect(info(r.lines)).toEqual([
      expect.objectContaining({ msg: "state transfer started", fromHeight: 10, targetHeight: 74 }),
    ]);
    expect(await r.target()).toMatch(/ 74$/);
    // The ledger catches up with what was fetched before the next chunk arrives: not the end.
    for (let h = 11; h <= 74; h++) r.step(executed(h));
    r.clusterAt(150);
    r.step(stateReply, executes(75, 138));
    expect(await r.target()).toMatch(/ 150$/);
    for (let h = 75; h <= 138; h++) r.step(executed(h));
    // The cluster moved on while it fetched: the target follows.
    r.clusterAt(200);
    r.step(stateReply, executes(139, 202));
    expect(await r.target()).toMatch(/ 202$/);
    r.at(4000);
    for (let h = 139; h <= 202; h++) r.step(executed(h));
    expect(r.watch.active).toBe(true);
    expect(r.lines).toHaveLength(1);
    // A peer has nothing beyond it: the end, timed when the target was reached.
    r.at(4500);
    r.step(stateReply);
    expect(r.watch.active).toBe(false);
    expect(info(r.lines)).toEqual([
      expect.objectContaining({ msg: "state transfer started" }),
      expect.objectContaining({
        msg: "state transfer finished",
        fromHeight: 10,
        height: 202,
        entries: 192,
        seconds: 3,
        entriesPerSecond: 64,
      }),
    ]);
    expect(await r.target()).toMatch(/ 0$/);
    // Normal execution afterwards is no transfer.
    r.step(executed(203));
    expect(r.lines).toHaveLength(2);
  });

  it("ends without a last answer too: once the target is reached and no batch came for quietMs", () => {
    const r = rig({ clusterHeight: 0 });
    r.step(stateReply, executes(1, 64));
    for (let h = 1; h <= 64; h++) r.step(executed(h));
    r.at(1999);
    r.step(tick);
    expect(r.watch.active).toBe(true);
    r.at(2000);
    r.step(tick);
    expect(r.watch.active).toBe(false);
    expect(info(r.lines).map((l) => [l.msg, l.entries])).toEqual([
      ["state transfer started", undefined],
      ["state transfer finished", 64],
    ]);
  });

  it("draws a bar when one is wanted: increasing heights up to the target, stopped at the end", () => {
    const r = rig({ clusterHeight: 0, bar: true });
    r.step(stateReply, executes(1, 3));
    for (let h = 1; h <= 3; h++) r.step(executed(h));
    r.step(stateReply);
    expect(r.bars).toHaveLength(1);
    expect(r.bars[0]!.from).toBe(0);
    expect(r.bars[0]!.updates).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(r.bars[0]!.stopped).toBe(1);
  });

  it("a node stopped mid-transfer takes its bar down and the gauge to 0, with no end line", async () => {
    const r = rig({ clusterHeight: 100, bar: true });
    r.step(stateReply, executes(1, 64));
    r.watch.stop();
    expect(r.bars[0]!.stopped).toBe(1);
    expect(await r.target()).toMatch(/ 0$/);
    expect(info(r.lines).map((l) => l.msg)).toEqual(["state transfer started"]);
  });
});
