// npm run sim -- --seeds 1..200 | --seed 42 [--steps 500] [--json] [--trace]
// --seed N replays one seed exactly and prints its world; --trace also writes its trace file.
// Prints the summary (seeds, steps, commits, view changes, state transfers, violations, seeds/s); a
// violating seed prints itself and the invariant and writes a trace to sim-traces/seed-N.json (the seed
// alone replays it exactly: --seed N). Exit code 1 on any violation, 2 on bad arguments.
import { mkdirSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { formatViolation, runSeed, type SeedResult } from "./simulator.js";

function usage(msg: string): never {
  process.stderr.write(`sim: ${msg}\nusage: sim --seeds A..B | --seed N [--steps S] [--json] [--trace]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const value = (flag: string): string | undefined => {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith("--")) usage(`${flag} needs a value`);
  return v;
};
const known = new Set(["--seeds", "--seed", "--steps", "--json", "--trace"]);
for (const a of args) if (a.startsWith("--") && !known.has(a)) usage(`unknown option ${a}`);

let from = 1;
let to = 200;
const single = value("--seed");
const range = value("--seeds");
if (single !== undefined) {
  if (!/^\d+$/.test(single)) usage(`--seed wants a non-negative integer, got ${single}`);
  from = to = Number(single);
} else if (range !== undefined) {
  const m = /^(\d+)\.\.(\d+)$/.exec(range);
  if (!m || Number(m[1]) > Number(m[2])) usage(`--seeds wants A..B with A <= B, got ${range}`);
  from = Number(m[1]);
  to = Number(m[2]);
}
const stepsArg = value("--steps");
const steps = stepsArg === undefined ? 500 : Number(stepsArg);
if (!Number.isInteger(steps) || steps < 1 || steps > 1_000_000)
  usage("--steps wants an integer in 1..1000000");
const json = args.includes("--json");
const writeTrace = args.includes("--trace");
const replayCommand = (seed: number) =>
  `npm run sim -- --seed ${seed}${steps === 500 ? "" : ` --steps ${steps}`} --trace`;

const t0 = performance.now();
const totals = {
  seeds: 0,
  steps: 0,
  commits: 0,
  requests: 0,
  viewChanges: 0,
  stateTransfers: 0,
  epochChanges: 0,
  violations: 0,
};
const failed: SeedResult[] = [];
let singleWorld: string | null = null;

function traceFile(r: SeedResult): string {
  mkdirSync("sim-traces", { recursive: true });
  const path = `sim-traces/seed-${r.seed}.json`;
  writeFileSync(path, `${JSON.stringify({ replay: replayCommand(r.seed), ...r }, null, 2)}\n`);
  return path;
}

for (let seed = from; seed <= to; seed++) {
  const r = runSeed(seed, { steps, traceMax: writeTrace ? 100_000 : 2_000 });
  totals.seeds++;
  totals.steps += r.steps;
  totals.commits += r.commits;
  totals.requests += r.requests;
  totals.viewChanges += r.viewChanges;
  totals.stateTransfers += r.stateTransfers;
  totals.epochChanges += r.epochs;
  totals.violations += r.violations.length;
  if (single !== undefined) singleWorld = r.world;
  if (single !== undefined && !json) process.stdout.write(`${r.world}\n`);
  if (r.violations.length > 0) {
    failed.push(r);
    process.stderr.write(
      `${r.world}\n${formatViolation(r)}\ntrace: ${traceFile(r)} (replay: ${replayCommand(seed)})\n`,
    );
  } else if (writeTrace && single !== undefined) {
    process.stdout.write(`trace: ${traceFile(r)}\n`);
  }
  if (!json && seed % 500 === 0) process.stdout.write(`… ${seed - from + 1} seeds\n`);
}

const seconds = (performance.now() - t0) / 1000;
const summary = {
  from,
  to,
  ...totals,
  seconds: Number(seconds.toFixed(2)),
  seedsPerSecond: Number((totals.seeds / seconds).toFixed(1)),
  ...(singleWorld === null ? {} : { world: singleWorld }),
  failedSeeds: failed.map((r) => r.seed),
  violationList: failed.flatMap((r) => r.violations.map((v) => ({ seed: r.seed, ...v }))),
};
if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
else
  process.stdout.write(
    `seeds ${from}..${to}: ${totals.seeds} seeds, ${totals.steps} steps, ${totals.commits} commits, ` +
      `${totals.requests} requests, ${totals.viewChanges} view changes, ${totals.stateTransfers} state transfers, ` +
      `${totals.epochChanges} configuration changes applied, ` +
      `${totals.violations} violations, ${summary.seedsPerSecond} seeds/s (${summary.seconds} s)\n`,
  );
process.exitCode = failed.length > 0 ? 1 : 0;
