// `pbft bench`: runs the chosen scenarios one after the other and prints and writes their numbers.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import {
  type BenchResult,
  type BenchScenario,
  runScenario,
  STANDARD_SCENARIOS,
} from "../bench/cluster-bench.js";
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
  return `${r.scenario.padEnd(26)} n=${r.nodes} c=${String(r.clients).padEnd(3)} ${String(r.throughput).padStart(6)}/s  p50 ${r.latencyMs.p50} ms  p90 ${r.latencyMs.p90} ms  p99 ${r.latencyMs.p99} ms  failed ${r.failed}${extra}${usage ? `\n${" ".repeat(28)}cpu/rss: ${usage}` : ""}`;
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
  for (const s of scenarios) {
    const r = await runScenario(s, (line) => say(`  ${line}`));
    results.push(r);
    say(row(r));
    write(); // after each scenario, so an interrupted run keeps what it measured
  }
  if (o.json) printJson({ machine: machine(), results, out });
  else print(`results written to ${out}`);
}

function machine(): Record<string, unknown> {
  return {
    node: process.version,
    cpus: (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency,
    at: new Date().toISOString(),
  };
}
