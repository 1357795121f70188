// `npm run soak`: a local cluster of real node processes under steady closed-loop load for N minutes, one
// node killed with SIGKILL and restarted from disk every few minutes; every minute each node's RSS and V8
// heap (from its /metrics), at the end their slope after the warm-up, and the ledger checks: every
// receipted proposal in every ledger, the entry hash of every height the same in every ledger.
import { runLoad } from "../bench/cluster-bench.js";
import { ClusterClient } from "../client/submit.js";
import { loadProposerKey } from "../proposer-key.js";
import { LocalCluster } from "../testing/local-cluster.js";
import { proposerKeyFile } from "../testnet.js";
import { Faults, type KillRecord, type UnexpectedExit } from "./faults.js";
import {
  checkLedgers,
  describeCheck,
  type LedgerCheck,
  ledgersAgree,
  type Receipted,
  receiptedOf,
  waitForEqualHeights,
} from "./ledgers.js";
import {
  HEAP_METRIC,
  type MemorySample,
  metricValue,
  RSS_METRIC,
  type Slope,
  slopeOf,
  toMiB,
} from "./memory.js";

export interface SoakOptions {
  readonly minutes: number;
  readonly nodes: number;
  /** Closed-loop clients, each with its own proposer key. */
  readonly clients: number;
  /** 0: no kills. */
  readonly killEveryMs: number;
  readonly downMs: number;
  readonly sampleEveryMs: number;
  readonly printEveryMs: number;
  /** The load stops after this many proposals even when time is left. */
  readonly proposalsMax: number;
  /** How long the nodes may take to reach the same height once the load has stopped. */
  readonly settleTimeoutMs: number;
}

/** The first 25 % of the run is warm-up; a restarted process also skips its first minute (or less). */
const WARMUP_FRACTION = 0.25;
const RESTART_WARMUP_S = 60;

export interface NodeMemory {
  readonly node: number;
  readonly restarts: number;
  readonly lastRssMiB: number | null;
  readonly lastHeapMiB: number | null;
  readonly rss: Slope;
  readonly heap: Slope;
}

export interface SoakResult {
  readonly options: SoakOptions;
  readonly durationS: number;
  readonly submitted: number;
  readonly receipted: number;
  readonly failed: number;
  readonly kills: readonly KillRecord[];
  readonly unexpectedExits: readonly Omit<UnexpectedExit, "logTail">[];
  readonly settled: { readonly ok: boolean; readonly heights: readonly (number | null)[] };
  readonly check: LedgerCheck;
  readonly memory: {
    readonly warmupEndS: number;
    readonly restartWarmupS: number;
    readonly nodes: readonly NodeMemory[];
    readonly samples: readonly MemorySample[];
  };
  /** Nothing lost, no fork, every ledger verifies, all caught up, no node exited on its own. */
  readonly ok: boolean;
  /** Where the cluster's files were kept (only when the run failed). */
  readonly keptAt?: string;
}

export interface SoakOutput {
  /** A line of the report (kept in logs). */
  line(text: string): void;
  /** The current progress (a terminal redraws it in place; elsewhere it is printed now and then). */
  progress(text: string): void;
}

function clock(s: number): string {
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, " ")}:${String(Math.floor(s % 60)).padStart(2, "0")}`;
}

function mib(bytes: number | undefined): string {
  return bytes === undefined ? "-" : `${toMiB(bytes).toFixed(1)} MiB`;
}

export async function runSoak(o: SoakOptions, out: SoakOutput): Promise<SoakResult> {
  const lc = await LocalCluster.create({ nodes: o.nodes, proposers: o.clients, tmpPrefix: "pbft-soak-" });
  const keys = Array.from({ length: o.clients }, (_, i) =>
    loadProposerKey(proposerKeyFile(lc.testnet.dir, i)),
  );
  // Replies authenticated by their channels (as the bench does): the load generator shares 2 cores with
  // the nodes, and the soak checks every receipt against every ledger at the end anyway.
  const client = await ClusterClient.connect({ cluster: lc.cluster, key: keys[0]!, trust: "channels" });
  let keep = false;
  const timers: NodeJS.Timeout[] = [];
  try {
    out.line(`soak: ${o.nodes} nodes, ${o.clients} clients, ${o.minutes} min, cluster in ${lc.dir}`);
    await lc.startAll();
    await client.ready(30_000, o.nodes);
    const faults =
      o.killEveryMs > 0
        ? new Faults(lc, { everyMs: o.killEveryMs, downMs: o.downMs, log: (l) => out.line(l) })
        : undefined;
    const t0 = performance.now();
    const elapsedS = () => (performance.now() - t0) / 1000;
    const samples: MemorySample[] = [];
    const receipted: Receipted[] = [];

    const sample = async () => {
      const down = new Set(faults?.down() ?? []);
      await Promise.all(
        lc.cluster.members.map(async (m) => {
          const pid = lc.pid(m.id);
          if (pid === undefined || down.has(m.id)) return;
          try {
            const text = await lc.metrics(m.id);
            const rssBytes = metricValue(text, RSS_METRIC);
            const heapBytes = metricValue(text, HEAP_METRIC);
            if (rssBytes !== undefined && heapBytes !== undefined)
              samples.push({ node: m.id, pid, t: Math.round(elapsedS() * 10) / 10, rssBytes, heapBytes });
          } catch {
            // a node being killed or busy: no sample this time
          }
        }),
      );
    };
    let lastPrinted = 0;
    const printMinute = () => {
      const now = elapsedS();
      const done = receipted.length;
      out.line(
        `[${clock(now)}] ${done} receipted (${Math.round((done - lastPrinted) / (o.printEveryMs / 1000))}/s), ${faults?.kills.length ?? 0} kills`,
      );
      lastPrinted = done;
      for (const m of lc.cluster.members) {
        const last = samples.findLast((s) => s.node === m.id);
        const fresh = last && now - last.t < (o.sampleEveryMs / 1000) * 2;
        out.line(
          `        n${m.id} RSS ${mib(fresh ? last.rssBytes : undefined).padStart(10)}  heap ${mib(fresh ? last.heapBytes : undefined).padStart(10)}${fresh ? `  pid ${last.pid}` : "  (down)"}`,
        );
      }
    };
    const runS = o.minutes * 60;
    const progress = () =>
      out.progress(
        `[${clock(elapsedS())}/${clock(runS)}] ${receipted.length} receipted, ${faults?.kills.length ?? 0} kills${faults?.down().length ? `, down: n${faults.down().join(", n")}` : ""}`,
      );
    await sample();
    timers.push(setInterval(() => void sample(), o.sampleEveryMs));
    timers.push(setInterval(printMinute, o.printEveryMs));
    timers.push(setInterval(progress, 1000));
    faults?.start();

    const endAt = performance.now() + runS * 1000;
    const run = await runLoad(
      client,
      keys,
      0,
      () => performance.now() >= endAt || receipted.length >= o.proposalsMax,
      (r) => receipted.push(receiptedOf(r)),
      "pbft soak",
    );
    const durationS = elapsedS();
    out.line(`[${clock(durationS)}] load stopped; letting the last restart finish`);
    await faults?.stopAndHeal();
    for (const t of timers) clearInterval(t);
    await sample();

    const target = receipted.reduce((h, r) => Math.max(h, r.height), 0);
    const settled = await waitForEqualHeights(lc, target, o.settleTimeoutMs);
    out.line(
      settled.ok
        ? `all nodes at height ${settled.heights[0]}`
        : `nodes did NOT reach the same height within ${o.settleTimeoutMs / 1000} s: ${settled.heights.join(", ")}`,
    );
    await lc.stopAll();
    out.progress("checking the ledgers");
    const check = await checkLedgers(lc, receipted);

    const warmupEndS = durationS * WARMUP_FRACTION;
    const slopeOpts = { warmupEndS, restartWarmupS: Math.min(RESTART_WARMUP_S, warmupEndS) };
    const nodes = lc.cluster.members.map((m): NodeMemory => {
      const mine = samples.filter((s) => s.node === m.id);
      const last = mine.at(-1);
      return {
        node: m.id,
        restarts: new Set(mine.map((s) => s.pid)).size - 1,
        lastRssMiB: last ? round1(toMiB(last.rssBytes)) : null,
        lastHeapMiB: last ? round1(toMiB(last.heapBytes)) : null,
        rss: roundSlope(slopeOf(mine, (s) => s.rssBytes, slopeOpts)),
        heap: roundSlope(slopeOf(mine, (s) => s.heapBytes, slopeOpts)),
      };
    });
    const unexpectedExits = (faults?.unexpectedExits ?? []).map(({ logTail: _, ...e }) => e);
    const ok = settled.ok && ledgersAgree(check) && unexpectedExits.length === 0;
    keep = !ok;
    return {
      options: o,
      durationS: round1(durationS),
      submitted: run.latencies.length + run.failed,
      receipted: receipted.length,
      failed: run.failed,
      kills: faults?.kills ?? [],
      unexpectedExits,
      settled,
      check,
      memory: { ...slopeOpts, nodes, samples },
      ok,
      ...(keep ? { keptAt: lc.dir } : {}),
    };
  } finally {
    for (const t of timers) clearInterval(t);
    await client.close().catch(() => undefined);
    await lc.destroy(keep);
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function roundSlope(s: Slope): Slope {
  return { ...s, miBPerHour: s.miBPerHour === null ? null : Math.round(s.miBPerHour * 100) / 100 };
}

function signed(x: number | null): string {
  return x === null ? "n/a" : `${x >= 0 ? "+" : ""}${x.toFixed(2)}`;
}

/** The end-of-run report. */
export function reportLines(r: SoakResult): string[] {
  const kills = r.kills.map((k) => `n${k.node}${k.primary ? " (primary)" : ""} at ${clock(k.atS).trim()}`);
  const lines = [
    `soak finished after ${(r.durationS / 60).toFixed(1)} min: ${r.options.nodes} nodes, ${r.options.clients} clients`,
    `kills: ${r.kills.length}${kills.length ? ` (${kills.join(", ")})` : ""}; nodes that exited on their own: ${r.unexpectedExits.length}`,
    `memory slope after warm-up (first ${Math.round(r.memory.warmupEndS)} s; a restarted process also skips its first ${Math.round(r.memory.restartWarmupS)} s; one slope per node fitted over its process lifetimes):`,
    "  node  RSS MiB/h  heap MiB/h  samples  restarts  last RSS  last heap",
  ];
  for (const n of r.memory.nodes)
    lines.push(
      `  n${String(n.node).padEnd(4)}${signed(n.rss.miBPerHour).padStart(9)}${signed(n.heap.miBPerHour).padStart(12)}${String(n.rss.samples).padStart(9)}${String(n.restarts).padStart(10)}${`${n.lastRssMiB ?? "-"}`.padStart(10)}${`${n.lastHeapMiB ?? "-"}`.padStart(11)}`,
    );
  lines.push(
    `proposals: ${r.submitted} submitted, ${r.receipted} receipted, ${r.failed} failed (no receipt in time)`,
    ...describeCheck(r.check),
    r.ok ? "soak OK: nothing lost, no fork" : "soak FAILED",
  );
  if (r.keptAt) lines.push(`the cluster's files are kept in ${r.keptAt}`);
  return lines;
}
