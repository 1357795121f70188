// `pbft bench`: n local nodes (real libp2p, SoftHSM, LevelDB with synced writes), a fixed-duration load of
// client-signed proposals from closed-loop clients, and the numbers users compare: throughput, latency
// quantiles, CPU and RSS per node; recovery after the primary is killed; state transfer to a wiped node.
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import cliProgress from "cli-progress";
import { recordProposal } from "../client/proposal.js";
import { ClusterClient, type SubmitResult } from "../client/submit.js";
import { loadNodeConfig } from "../config.js";
import { loadProposerKey, type ProposerKey } from "../proposer-key.js";
import { LocalCluster } from "../testing/local-cluster.js";
import { proposerKeyFile } from "../testnet.js";
import { breakdown, type ProfileBreakdown, readProfiles } from "./profile.js";

export type ScenarioKind = "load" | "recovery" | "state-transfer";

export interface BenchScenario {
  readonly name: string;
  readonly kind: ScenarioKind;
  readonly nodes: number;
  readonly clients: number;
  readonly payloadBytes: number;
  readonly durationS: number;
  /** state-transfer: entries the wiped node must fetch. */
  readonly entries?: number;
  /** Protocol parameters of the cluster (cluster.json), over the defaults. */
  readonly parameters?: Readonly<Record<string, number>>;
}

export interface NodeUsage {
  readonly id: number;
  readonly cpuPercent: number; // of one core, over the measured window
  /** CPU time (user + system, all threads) per committed proposal over the measured window. */
  readonly cpuUsPerProposal: number;
  readonly rssMiB: number;
  readonly peakRssMiB: number;
}

export interface BenchResult {
  readonly scenario: string;
  /** Protocol parameters set over the defaults, when any. */
  readonly parameters?: Readonly<Record<string, number>>;
  readonly kind: ScenarioKind;
  readonly nodes: number;
  readonly clients: number;
  readonly payloadBytes: number;
  readonly durationS: number;
  readonly committed: number;
  readonly failed: number;
  readonly throughput: number; // proposals per second
  readonly latencyMs: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
  };
  readonly usage: readonly NodeUsage[];
  /** CPU µs per committed proposal per node: the mean of the nodes' (load scenarios). */
  readonly cpuUsPerProposal?: number;
  /** Where the nodes' main threads spent the measured window (`--profile`). */
  readonly profile?: ProfileBreakdown;
  /** CPU of this process (the clients: signing requests, checking replies) over the window, % of one core. */
  readonly loadGeneratorCpuPercent?: number;
  readonly recoveryS?: number;
  readonly stateTransfer?: {
    readonly entries: number;
    readonly seconds: number;
    readonly peakRssMiB: number;
  };
}

export const STANDARD_SCENARIOS: readonly BenchScenario[] = [
  { name: "sequential-1-client", kind: "load", nodes: 4, clients: 1, payloadBytes: 0, durationS: 15 },
  { name: "saturation-n4", kind: "load", nodes: 4, clients: 100, payloadBytes: 0, durationS: 20 },
  { name: "saturation-n4-1KiB", kind: "load", nodes: 4, clients: 100, payloadBytes: 1024, durationS: 20 },
  { name: "saturation-n7", kind: "load", nodes: 7, clients: 100, payloadBytes: 0, durationS: 20 },
  { name: "recovery-kill-primary", kind: "recovery", nodes: 4, clients: 10, payloadBytes: 0, durationS: 12 },
  {
    name: "state-transfer-wiped-node",
    kind: "state-transfer",
    nodes: 4,
    clients: 50,
    payloadBytes: 0,
    durationS: 0,
    entries: 100_000,
    // One request per entry, so the entries are what the wiped node transfers.
    parameters: { batchSizeMax: 1 },
  },
];

/** The fields of a result that name its scenario (every kind of result starts with them). */
function scenarioOf(
  s: BenchScenario,
): Pick<BenchResult, "scenario" | "parameters" | "kind" | "nodes" | "clients" | "payloadBytes"> {
  return {
    scenario: s.name,
    ...(s.parameters ? { parameters: s.parameters } : {}),
    kind: s.kind,
    nodes: s.nodes,
    clients: s.clients,
    payloadBytes: s.payloadBytes,
  };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const TICKS_PER_SECOND = 100;
const NODE_START_TIMEOUT_MS = 180_000;

/** Without a terminal (CI logs, `> file`) the bar prints a line every 10 s instead of nothing for minutes. */
const BAR_WITHOUT_TTY = { noTTYOutput: true, notTTYSchedule: 10_000 } as const;

/** CPU seconds of a process (all its threads), or with `mainThread` of its main thread alone. */
function cpuSeconds(pid: number, mainThread = false): number {
  const stat = readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime + stime
}

/** CPU seconds of V8's profiler thread in a process run with --cpu-prof (0 without one). */
function profilerCpuSeconds(pid: number): number {
  let sum = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      if (readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim() !== "v8:ProfEvntProc") continue;
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      sum += (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    } catch {
      // the thread ended
    }
  }
  return sum;
}

function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
  return { rss: kib("VmRSS") / 1024, peak: kib("VmHWM") / 1024 };
}

export interface LoadRun {
  latencies: number[];
  completions: { at: number; sentAt: number; height: number }[];
  failed: number;
}

/**
 * Closed-loop clients, each with its own proposer key, over one shared connection per member (also the
 * soak's and the SIGKILL integration test's load). `until` is checked before each new proposal.
 */
export async function runLoad(
  client: ClusterClient,
  keys: readonly ProposerKey[],
  payloadBytes: number,
  until: () => boolean,
  onCommit: (r: SubmitResult) => void,
  source = "pbft bench",
): Promise<LoadRun> {
  const run: LoadRun = { latencies: [], completions: [], failed: 0 };
  const pad = "x".repeat(payloadBytes);
  let n = 0;
  await Promise.all(
    keys.map(async (key) => {
      while (!until()) {
        const p = recordProposal({
          type: "test",
          title: `bench ${n++}`,
          content: payloadBytes > 0 ? { pad } : {},
          source,
        });
        const sentAt = performance.now();
        try {
          const r = await client.submit(p, 30_000, key);
          run.latencies.push(r.latencyMs);
          run.completions.push({ at: performance.now(), sentAt, height: r.decision.height });
          onCommit(r);
        } catch {
          run.failed++;
        }
      }
    }),
  );
  return run;
}

export interface RunOptions {
  /**
   * Profile the nodes (--cpu-prof) into `<profileDir>/<scenario>/` and break the measured window's samples
   * down by category. The whole run is profiled; only samples inside the window are counted.
   */
  readonly profileDir?: string;
}

/** Now on the monotonic clock V8's CPU profiles use (µs), so the window can be found in a node's profile. */
function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export async function runScenario(
  s: BenchScenario,
  log: (line: string) => void,
  o: RunOptions = {},
): Promise<BenchResult> {
  const proposers = s.clients;
  const profileDir = o.profileDir && s.kind !== "state-transfer" ? join(o.profileDir, s.name) : undefined;
  if (profileDir) {
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
  }
  const lc = await LocalCluster.create({
    nodes: s.nodes,
    proposers,
    tmpPrefix: "pbft-bench-",
    parameters: { ...s.parameters },
    ...(profileDir ? { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] } : {}),
  });
  const keys = Array.from({ length: proposers }, (_, i) =>
    loadProposerKey(proposerKeyFile(lc.testnet.dir, i)),
  );
  const client = await ClusterClient.connect({ cluster: lc.cluster, key: keys[0]!, trust: "channels" });
  const bar = new cliProgress.SingleBar(
    {
      format: `${s.name.padEnd(26)} |{bar}| {value}/{total} s  {committed} committed  {rate}/s`,
      hideCursor: true,
      ...BAR_WITHOUT_TTY,
    },
    cliProgress.Presets.shades_classic,
  );
  try {
    // A loaded machine (other work on the same cores) can take minutes to start four Node processes; the
    // bench measures the cluster once it runs, so it waits for each node's /healthz longer than tests do.
    await Promise.all(lc.cluster.members.map((m) => lc.start(m.id, NODE_START_TIMEOUT_MS)));
    await client.ready(30_000);
    await client.ready(30_000, s.nodes);
    // Warm-up: connections, JIT, the first batches.
    await runLoad(
      client,
      keys.slice(0, Math.min(4, keys.length)),
      s.payloadBytes,
      deadline(2),
      () => undefined,
    );

    if (s.kind === "state-transfer") return await stateTransfer(s, lc, client, keys, log);

    const pids = lc.running().map((id) => ({ id, pid: lc.pid(id)! }));
    const cpu0 = pids.map((p) => cpuSeconds(p.pid));
    const mainCpu0 = pids.map((p) => cpuSeconds(p.pid, true));
    const profilerCpu0 = profileDir ? pids.map((p) => profilerCpuSeconds(p.pid)) : [];
    const loadCpu0 = process.cpuUsage();
    const window0 = monotonicUs();
    const t0 = performance.now();
    let committed = 0;
    bar.start(s.durationS, 0, { committed: 0, rate: 0 });
    const ticker = setInterval(() => {
      const el = (performance.now() - t0) / 1000;
      bar.update(Math.min(s.durationS, Math.floor(el)), { committed, rate: Math.round(committed / el) });
    }, 500);
    let killedAt = 0;
    let primaryKilled = -1;
    const killer =
      s.kind === "recovery"
        ? setTimeout(
            () => {
              void lc.status(lc.running()[0]!).then((st) => {
                primaryKilled = st.primary;
                killedAt = performance.now();
                return lc.kill(st.primary, "SIGKILL");
              });
            },
            (s.durationS * 1000) / 3,
          )
        : undefined;
    const run = await runLoad(client, keys, s.payloadBytes, deadline(s.durationS), () => committed++);
    clearInterval(ticker);
    if (killer) clearTimeout(killer);
    const elapsed = (performance.now() - t0) / 1000;
    const window1 = monotonicUs();
    const loadCpu = process.cpuUsage(loadCpu0);
    const loadGeneratorCpuPercent = Math.round(((loadCpu.user + loadCpu.system) / 1e6 / elapsed) * 100);
    bar.update(s.durationS, { committed, rate: Math.round(committed / elapsed) });
    bar.stop();
    const committedCount = run.latencies.length;
    const live = pids.filter((p) => p.id !== primaryKilled);
    // CPU seconds over the window: each node process (all threads) and its main thread alone (the profile's).
    const cpu = live.map((p) => cpuSeconds(p.pid) - cpu0[pids.indexOf(p)]!);
    const mainCpu = live.map((p) => cpuSeconds(p.pid, true) - mainCpu0[pids.indexOf(p)]!);
    const profilerCpu = profileDir
      ? live.map((p) => profilerCpuSeconds(p.pid) - profilerCpu0[pids.indexOf(p)]!)
      : [];
    const usage = live.map((p, i) => {
      const mem = memoryMiB(p.pid);
      return {
        id: p.id,
        cpuPercent: Math.round((cpu[i]! / elapsed) * 100),
        cpuUsPerProposal: committedCount > 0 ? Math.round((cpu[i]! * 1e6) / committedCount) : 0,
        rssMiB: Math.round(mem.rss),
        peakRssMiB: Math.round(mem.peak),
      };
    });
    const cpuUsPerProposal =
      usage.length > 0 ? Math.round(usage.reduce((a, u) => a + u.cpuUsPerProposal, 0) / usage.length) : 0;
    let profile: ProfileBreakdown | undefined;
    if (profileDir) {
      // A node writes its profile when it exits: stop them all (SIGTERM, a clean exit) and read.
      await lc.stopAll();
      const windowUs = { fromUs: window0, toUs: window1 };
      const profiles = readProfiles(profileDir, windowUs);
      const nodes = live.flatMap((p, i) => {
        const times = profiles.get(p.pid);
        if (!times) return [];
        const cpuUs = { mainThreadCpuUs: mainCpu[i]! * 1e6, processCpuUs: cpu[i]! * 1e6 };
        return [{ times, ...cpuUs, profilerCpuUs: profilerCpu[i]! * 1e6 }];
      });
      profile = { ...breakdown(nodes, committedCount, profileDir), windowUs };
    }
    const sorted = [...run.latencies].sort((a, b) => a - b);
    let recoveryS: number | undefined;
    if (s.kind === "recovery" && killedAt > 0) {
      // The first commit of a request sent after the kill: the cluster works again.
      const after = run.completions.filter((c) => c.sentAt >= killedAt).sort((a, b) => a.at - b.at)[0];
      recoveryS = after ? round((after.at - killedAt) / 1000, 3) : Number.NaN;
    }
    return {
      ...scenarioOf(s),
      durationS: round(elapsed, 1),
      committed: run.latencies.length,
      failed: run.failed,
      throughput: Math.round(run.latencies.length / elapsed),
      latencyMs: {
        p50: round(quantile(sorted, 0.5), 2),
        p90: round(quantile(sorted, 0.9), 2),
        p99: round(quantile(sorted, 0.99), 2),
        max: round(sorted.at(-1) ?? 0, 2),
      },
      usage,
      cpuUsPerProposal,
      ...(profile ? { profile } : {}),
      loadGeneratorCpuPercent,
      ...(recoveryS !== undefined ? { recoveryS } : {}),
    };
  } finally {
    bar.stop();
    await client.close().catch(() => undefined);
    await lc.destroy();
  }
}

async function stateTransfer(
  s: BenchScenario,
  lc: LocalCluster,
  client: ClusterClient,
  keys: readonly ProposerKey[],
  log: (line: string) => void,
): Promise<BenchResult> {
  const entries = s.entries ?? 100_000;
  const victim = s.nodes - 1;
  await lc.kill(victim, "SIGTERM");
  rmSync(loadNodeConfig(lc.home(victim)).dataDir, { recursive: true, force: true });
  const bar = new cliProgress.SingleBar(
    {
      format: `${"building ledger".padEnd(26)} |{bar}| {value}/{total} entries  {rate}/s`,
      hideCursor: true,
      ...BAR_WITHOUT_TTY,
    },
    cliProgress.Presets.shades_classic,
  );
  let height = (await lc.status(0)).height;
  bar.start(entries, height, { rate: 0 });
  const t0 = performance.now();
  const refresh = setInterval(() => {
    void lc.status(0).then(
      (st) => {
        height = st.height;
        bar.update(Math.min(entries, height), {
          rate: Math.round(height / ((performance.now() - t0) / 1000)),
        });
      },
      () => undefined,
    );
  }, 500);
  try {
    await runLoad(
      client,
      keys,
      s.payloadBytes,
      () => height >= entries,
      () => undefined,
    );
  } finally {
    clearInterval(refresh);
    bar.stop();
  }
  height = (await lc.status(0)).height;
  log(`ledger built: ${height} entries`);
  const start = performance.now();
  await lc.start(victim, NODE_START_TIMEOUT_MS);
  const pid = lc.pid(victim)!;
  let peak = 0;
  await lc.until(
    victim,
    async () => {
      peak = Math.max(peak, memoryMiB(pid).peak);
      return (await lc.status(victim)).height >= height;
    },
    3_600_000,
    `height ${height}`,
  );
  const seconds = (performance.now() - start) / 1000;
  return {
    ...scenarioOf(s),
    durationS: round(seconds, 1),
    committed: height,
    failed: 0,
    throughput: Math.round(height / seconds),
    latencyMs: { p50: 0, p90: 0, p99: 0, max: 0 },
    usage: [],
    stateTransfer: { entries: height, seconds: round(seconds, 2), peakRssMiB: Math.round(peak) },
  };
}

function deadline(seconds: number): () => boolean {
  const end = performance.now() + seconds * 1000;
  return () => performance.now() >= end;
}

function round(x: number, digits: number): number {
  const m = 10 ** digits;
  return Math.round(x * m) / m;
}
