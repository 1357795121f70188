// `pbft bench`: runs the chosen scenarios one after the other and prints and writes their numbers.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname } from "node:path";
import {
  type BenchResult,
  type BenchScenario,
  runScenario,
  STANDARD_SCENARIOS,
} from "../bench/cluster-bench.js";
import { formatBreakdown } from "../bench/profile.js";
import { CliError, note, print, printJson } from "./common.js";

export interface BenchOptions {
  readonly scenario: string;
  readonly nodes: number;
  readonly clients: number;
  readonly payload: number;
  readonly duration?: number;
  readonly entries?: number;
  readonly out?: string;
  /** Protocol parameters for every scenario's cluster (cluster.json). */
  readonly parameters?: Record<string, number>;
  /** Print the results as JSON on stdout (progress goes to stderr). */
  readonly json?: boolean;
  /** Profile the nodes (--cpu-prof) and print where their time went, per scenario. */
  readonly profile?: boolean;
}

export function scenariosOf(o: BenchOptions): BenchScenario[] {
  const names =
    o.scenario === "all" ? STANDARD_SCENARIOS.map((s) => s.name) : o.scenario.split(",").map((x) => x.trim());
  return names.map((name) => {
    if (name === "custom")
      return {
        name,
        kind: "load",
        nodes: o.nodes,
        clients: o.clients,
        payloadBytes: o.payload,
        durationS: o.duration ?? 15,
        ...(o.parameters ? { parameters: o.parameters } : {}),
      };
    const s = STANDARD_SCENARIOS.find((x) => x.name === name);
    if (!s)
      throw new CliError(
        `unknown scenario "${name}": ${STANDARD_SCENARIOS.map((x) => x.name).join(", ")}, custom`,
      );
    return {
      ...s,
      ...(o.duration !== undefined && s.kind !== "state-transfer" ? { durationS: o.duration } : {}),
      ...(o.entries !== undefined ? { entries: o.entries } : {}),
      ...(o.parameters ? { parameters: { ...s.parameters, ...o.parameters } } : {}),
    };
  });
}

function row(r: BenchResult): string {
  const usage = [
    ...r.usage.map((u) => `n${u.id} ${u.cpuPercent}% ${u.rssMiB}MiB`),
    ...(r.loadGeneratorCpuPercent !== undefined ? [`clients ${r.loadGeneratorCpuPercent}%`] : []),
  ].join(", ");
  const extra =
    r.recoveryS !== undefined
      ? `  recovery ${r.recoveryS} s`
      : r.stateTransfer
        ? `  ${r.stateTransfer.entries} entries in ${r.stateTransfer.seconds} s, peak RSS ${r.stateTransfer.peakRssMiB} MiB`
        : "";
  const cpu = r.cpuUsPerProposal !== undefined ? `  cpu ${r.cpuUsPerProposal} µs/proposal/node` : "";
  const profile = r.profile ? `\n${formatBreakdown(r.profile)}` : "";
  return `${r.scenario.padEnd(26)} n=${r.nodes} c=${String(r.clients).padEnd(3)} ${String(r.throughput).padStart(6)}/s  p50 ${r.latencyMs.p50} ms  p90 ${r.latencyMs.p90} ms  p99 ${r.latencyMs.p99} ms${cpu}  failed ${r.failed}${extra}${usage ? `\n${" ".repeat(28)}cpu/rss: ${usage}` : ""}${profile}`;
}

export async function benchCommand(o: BenchOptions): Promise<void> {
  const scenarios = scenariosOf(o);
  const out = o.out ?? `bench-results/bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  const results: BenchResult[] = [];
  const write = () => {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ machine: machine(), results }, null, 2)}\n`);
  };
  const say = o.json ? note : print;
  const m = machine();
  say(`${m.cpu}, ${m.cpus} cores, load average ${m.loadAverage.join(" ")}, Node ${m.node}`);
  for (const s of scenarios) {
    const r = await runScenario(
      s,
      (line) => say(`  ${line}`),
      o.profile ? { profileDir: profileDirOf(out) } : {},
    );
    results.push(r);
    say(row(r));
    write(); // after each scenario, so an interrupted run keeps what it measured
  }
  if (o.json) printJson({ machine: machine(), results, out });
  else print(`results written to ${out}`);
}

/** Profiles go next to the JSON results: bench-results/bench-<time>-profiles/<scenario>/*.cpuprofile. */
export function profileDirOf(out: string): string {
  return `${out.replace(/\.json$/, "")}-profiles`;
}

/** The CPU's model name: ratios between systems depend on it, so every result names it. */
export function cpuModel(): string {
  try {
    return /^model name\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? "unknown";
  } catch {
    return "unknown";
  }
}

interface Machine {
  readonly node: string;
  readonly cpu: string;
  readonly cpus: number;
  readonly loadAverage: readonly number[];
  readonly at: string;
}

function machine(): Machine {
  return {
    node: process.version,
    cpu: cpuModel(),
    cpus: availableParallelism(),
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
    at: new Date().toISOString(),
  };
}
