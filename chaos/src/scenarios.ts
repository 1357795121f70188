// The chaos scenarios. Each applies its faults while the load runs, heals, and returns the moment it
// healed; runScenario does the rest (recovery probe, convergence, ledger checks, report row).
import { sleep } from "./harness/docker.js";
import type { FaultContext, FaultOutcome, ScenarioDef } from "./harness/scenario.js";
import { reconfigKillPrimary } from "./scenarios/reconfig-kill-primary.js";
import { witnessByzantineHistory } from "./scenarios/witness-byzantine-history.js";

/** Normal load before the faults start. */
const LEAD_MS = 6_000;

async function backupOf(ctx: FaultContext): Promise<number> {
  const p = await ctx.cluster.primary();
  return (p + 2) % ctx.cluster.n;
}

async function byzantineRun(ctx: FaultContext): Promise<FaultOutcome> {
  // The fault is present from the start; recovery is measured from here (the load is running).
  void ctx;
  return { healed_ms: Date.now() };
}

async function evidenceNote(ctx: FaultContext, member: number): Promise<void> {
  const seen: string[] = [];
  for (const i of ctx.cluster.honest) {
    const s = await ctx.cluster.status(i);
    const ev = (s?.equivocationEvidence as { member: number; kind: string }[] | undefined) ?? [];
    const mine = ev.filter((e) => e.member === member);
    if (mine.length)
      seen.push(`node${i}: ${mine.length} (${[...new Set(mine.map((e) => e.kind))].join(",")})`);
    const rej = s?.rejections as Record<string, number> | undefined;
    if (rej && Object.keys(rej).length) ctx.notes.push(`node${i} rejections ${JSON.stringify(rej)}`);
  }
  ctx.notes.push(
    seen.length
      ? `equivocation evidence against node${member}: ${seen.join("; ")}`
      : `no honest node holds equivocation evidence against node${member}`,
  );
  const views = await Promise.all(ctx.cluster.honest.map(async (i) => (await ctx.cluster.status(i))?.view));
  ctx.notes.push(`honest views after the run: ${views.join(",")}`);
}

export const SCENARIOS: readonly ScenarioDef[] = [
  {
    name: "kill-backup",
    faults: "kill -9 a backup under load, restart it after 10 s",
    inject: async (ctx) => {
      await sleep(LEAD_MS);
      const b = await backupOf(ctx);
      ctx.log(`kill -9 node${b}`);
      await ctx.cluster.kill(b);
      await sleep(10_000);
      await ctx.cluster.startAgain(b, false);
      const healed_ms = Date.now();
      await ctx.cluster.waitHealthy(b);
      return { healed_ms };
    },
  },
  {
    name: "kill-primary",
    faults: "kill -9 the primary under load, restart it after 15 s",
    smoke: true,
    inject: async (ctx) => {
      await sleep(LEAD_MS);
      const p = await ctx.cluster.primary();
      ctx.log(`kill -9 primary node${p}`);
      await ctx.cluster.kill(p);
      await sleep(15_000);
      await ctx.cluster.startAgain(p, false);
      const healed_ms = Date.now();
      await ctx.cluster.waitHealthy(p);
      ctx.notes.push(`killed primary node${p}; primary afterwards node${await ctx.cluster.primary()}`);
      return { healed_ms };
    },
  },
  {
    name: "pause-primary",
    faults: "docker pause the primary for 15 s under load, then unpause",
    inject: async (ctx) => {
      await sleep(LEAD_MS);
      const p = await ctx.cluster.primary();
      ctx.log(`pause primary node${p}`);
      await ctx.cluster.pause(p);
      await sleep(15_000);
      await ctx.cluster.unpause(p);
      return { healed_ms: Date.now() };
    },
  },
  {
    name: "partition-2-2",
    faults: "network partition {0,1} | {2,3} for 15 s (docker network disconnect/connect), then heal",
    smoke: true,
    inject: async (ctx) => {
      await sleep(LEAD_MS);
      ctx.log("partition {0,1} | {2,3}");
      await ctx.cluster.partition([2, 3]);
      await sleep(15_000);
      await ctx.cluster.heal();
      return { healed_ms: Date.now() };
    },
  },
  {
    name: "isolate-one",
    faults:
      "isolate one backup for 25 s (no network) while the others commit, then reconnect: it catches up by state transfer",
    inject: async (ctx) => {
      await sleep(LEAD_MS);
      const b = await backupOf(ctx);
      ctx.log(`isolate node${b}`);
      const before = (await ctx.cluster.status(b))?.height ?? 0;
      await ctx.cluster.isolate(b);
      await sleep(25_000);
      await ctx.cluster.heal();
      ctx.notes.push(`node${b} isolated at height ${before}`);
      return { healed_ms: Date.now() };
    },
  },
  {
    name: "packet-loss-30",
    faults: "30 % random packet loss on every link (iptables statistic DROP in each container) for 25 s",
    inject: async (ctx) => {
      await sleep(LEAD_MS);
      ctx.log("30 % packet loss on every node");
      await ctx.cluster.packetLoss(0.3);
      await sleep(25_000);
      await ctx.cluster.clearPacketLoss();
      return { healed_ms: Date.now() };
    },
  },
  {
    name: "restart-all",
    faults: "kill -9 all four nodes at once under load, start them all again after 5 s",
    inject: async (ctx) => {
      await sleep(LEAD_MS);
      ctx.log("kill -9 every node");
      await Promise.all(ctx.cluster.names.map((_, i) => ctx.cluster.kill(i)));
      await sleep(5_000);
      await Promise.all(ctx.cluster.names.map((_, i) => ctx.cluster.startAgain(i, false)));
      const healed_ms = Date.now();
      await Promise.all(ctx.cluster.names.map((_, i) => ctx.cluster.waitHealthy(i)));
      return { healed_ms };
    },
  },
  {
    name: "rolling-restart",
    faults: "graceful restart (SIGTERM) of each node in turn under load, 3 s apart",
    load: { duration_ms: 60_000, count_max: 80 },
    inject: async (ctx) => {
      await sleep(LEAD_MS);
      for (let i = 0; i < ctx.cluster.n; i++) {
        ctx.log(`restart node${i}`);
        await ctx.cluster.stop(i);
        await ctx.cluster.startAgain(i, true);
        await sleep(3_000);
      }
      return { healed_ms: Date.now() };
    },
  },
  {
    name: "byzantine-primary",
    faults:
      "the view-0 primary (node0) equivocates: conflicting signed pre-prepares (null batch) to two of its three backups",
    smoke: true,
    byzantine: { node: 0, mode: "equivocate" },
    inject: byzantineRun,
    after: (ctx) => evidenceNote(ctx, 0),
  },
  {
    name: "byzantine-backup",
    faults:
      "node3 sends conflicting signed prepares/commits to one peer and invalid signatures to the others",
    byzantine: { node: 3, mode: "bad-votes" },
    inject: byzantineRun,
    after: (ctx) => evidenceNote(ctx, 3),
  },
  {
    name: "netem-delay",
    faults: "tc netem delay 100 ms ± 20 ms on every node for 20 s",
    load: { duration_ms: 35_000, count_max: 40 },
    inject: async (ctx) => {
      await sleep(LEAD_MS);
      const reason = await ctx.cluster.netemDelay(100, 20);
      if (reason) return { skipped: reason };
      await sleep(20_000);
      await ctx.cluster.clearNetem();
      return { healed_ms: Date.now() };
    },
  },
  reconfigKillPrimary,
  witnessByzantineHistory,
];

/** CHAOS_SCENARIOS=a,b or "smoke"; default: all. */
export function selectedScenarios(): readonly ScenarioDef[] {
  const sel = process.env.CHAOS_SCENARIOS?.trim();
  if (!sel || sel === "all") return SCENARIOS;
  if (sel === "smoke") return SCENARIOS.filter((s) => s.smoke);
  const names = new Set(sel.split(",").map((s) => s.trim()));
  const unknown = [...names].filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length)
    throw new Error(
      `unknown scenario(s): ${unknown.join(", ")} (known: ${SCENARIOS.map((s) => s.name).join(", ")})`,
    );
  return SCENARIOS.filter((s) => names.has(s.name));
}
