#!/usr/bin/env node
// The table of scripts/bench-vs-bftsmart.sh: reads its output directory (BFT-SMaRt's RESULT lines per round,
// pbft bench's JSON per round, meta.txt) and prints one Markdown table; each side's best round counts
// (the highest throughput for a saturation row, the lowest p50 for the one-client row).
// Usage: node scripts/bench-vs-bftsmart-table.mjs OUT_DIR
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: bench-vs-bftsmart-table.mjs OUT_DIR");
  process.exit(2);
}

/** RESULT lines of one run.sh round: label → { ops_per_s, p50_ms, ... } (numbers where they parse). */
function bftRound(file) {
  const out = new Map();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.startsWith("RESULT ")) continue;
    const kv = Object.fromEntries(
      line
        .slice(7)
        .split(" ")
        .map((p) => p.split("="))
        .map(([k, v]) => [k, Number.isNaN(Number(v)) ? v : Number(v)]),
    );
    if (kv.failed === undefined) out.set(kv.label, kv);
  }
  return out;
}

/** pbft bench's results of one round: scenario → result. */
function pbftRound(file) {
  const { results } = JSON.parse(readFileSync(file, "utf8"));
  return new Map(results.map((r) => [r.scenario, r]));
}

/** Each round's results: files <prefix>-r<N>.txt, or <prefix>-r<N>-<scenario>.json merged per round. */
function rounds(prefix, read) {
  const byRound = new Map();
  for (const f of readdirSync(dir)) {
    const m = new RegExp(`^${prefix}-r(\\d+)(-[a-z0-9-]+)?\\.(txt|json)$`).exec(f);
    if (!m || (m[2] && m[3] !== "json")) continue;
    const merged = byRound.get(m[1]) ?? new Map();
    for (const [k, v] of read(join(dir, f))) merged.set(k, v);
    byRound.set(m[1], merged);
  }
  return [...byRound.keys()].sort((a, b) => a - b).map((k) => byRound.get(k));
}

const shipped = rounds("bftsmart", bftRound);
const signing = rounds("bftsmart-sigs", bftRound);
const pbft = rounds("pbft", pbftRound);

/** The best round's entry for `key`: by `score` (higher is better). */
function best(rs, key, score) {
  const xs = rs.map((r) => r.get(key)).filter((x) => x !== undefined);
  return xs.sort((a, b) => score(b) - score(a))[0];
}

const bftSat = (rs, key) => best(rs, key, (x) => x.ops_per_s);
const bftSeq = (rs, key) => best(rs, key, (x) => -x.p50_ms);
const pSat = (key) => best(pbft, key, (x) => x.throughput);
const pSeq = (key) => best(pbft, key, (x) => -x.latencyMs.p50);

const int = (x) => Math.round(x).toLocaleString("en-US");
const ms = (x) => (x >= 10 ? x.toFixed(1) : x.toFixed(2));
const ratio = (a, b) => (a !== undefined && b !== undefined && b > 0 ? `${(a / b).toFixed(2)}×` : "–");

/** CPU per operation of all replicas together, and per replica. */
const bftCpu = (x) =>
  x && Number.isFinite(x.cpu_us_per_op)
    ? `${int(x.cpu_us_per_op)} µs/op (${int(x.cpu_us_per_op / 4)} per replica)`
    : "";
const pbftCpuTotal = (r) => (r ? r.usage.reduce((a, u) => a + u.cpuUsPerProposal, 0) : undefined);
const pbftCpu = (r) =>
  r?.cpuUsPerProposal !== undefined
    ? `${int(pbftCpuTotal(r))} µs/op (${int(r.cpuUsPerProposal)} per node)`
    : "";

const bftCell = (x) =>
  x ? `${int(x.ops_per_s)} ops/s, p50 ${ms(x.p50_ms)} ms, p99 ${ms(x.p99_ms)} ms` : "–";
const pbftCell = (r) =>
  r ? `${int(r.throughput)}/s, p50 ${ms(r.latencyMs.p50)} ms, p99 ${ms(r.latencyMs.p99)} ms` : "–";

const meta = existsSync(join(dir, "meta.txt")) ? readFileSync(join(dir, "meta.txt"), "utf8").trim() : "";
const rows = [];
const row = (...cells) => rows.push(`| ${cells.join(" | ")} |`);

const s4 = {
  shipped: bftSat(shipped, "sat-0B-100"),
  signing: bftSat(signing, "sat-0B-100"),
  pbft: pSat("saturation-n4"),
};
const k4 = { shipped: bftSat(shipped, "sat-1KiB-100"), pbft: pSat("saturation-n4-1KiB") };
const q1 = {
  shipped: bftSeq(shipped, "seq-0B"),
  signing: bftSeq(signing, "seq-0B"),
  pbft: pSeq("sequential-1-client"),
};
const n7 = pSat("saturation-n7");

row(
  "",
  "BFT-SMaRt as shipped",
  "BFT-SMaRt, clients signing",
  "pbft",
  "pbft ÷ as shipped",
  "pbft ÷ clients signing",
);
row("---", "---", "---", "---", "---", "---");
row(
  "saturation, n = 4, 100 clients",
  bftCell(s4.shipped),
  bftCell(s4.signing),
  pbftCell(s4.pbft),
  `throughput ${ratio(s4.pbft?.throughput, s4.shipped?.ops_per_s)}`,
  `throughput ${ratio(s4.pbft?.throughput, s4.signing?.ops_per_s)}`,
);
row(
  "CPU per operation at saturation (all replicas)",
  bftCpu(s4.shipped),
  bftCpu(s4.signing),
  pbftCpu(s4.pbft),
  ratio(pbftCpuTotal(s4.pbft), s4.shipped?.cpu_us_per_op),
  ratio(pbftCpuTotal(s4.pbft), s4.signing?.cpu_us_per_op),
);
if (k4.shipped || k4.pbft)
  row(
    "saturation, n = 4, 1 KiB requests",
    bftCell(k4.shipped),
    "–",
    pbftCell(k4.pbft),
    `throughput ${ratio(k4.pbft?.throughput, k4.shipped?.ops_per_s)}`,
    "–",
  );
row(
  "one sequential client",
  bftCell(q1.shipped),
  bftCell(q1.signing),
  pbftCell(q1.pbft),
  `p50 ${ratio(q1.pbft?.latencyMs.p50, q1.shipped?.p50_ms)}`,
  `p50 ${ratio(q1.pbft?.latencyMs.p50, q1.signing?.p50_ms)}`,
);
row(
  "CPU per operation, one client (all replicas)",
  bftCpu(q1.shipped),
  bftCpu(q1.signing),
  pbftCpu(q1.pbft),
  ratio(pbftCpuTotal(q1.pbft), q1.shipped?.cpu_us_per_op),
  ratio(pbftCpuTotal(q1.pbft), q1.signing?.cpu_us_per_op),
);
row(
  "n = 7, 100 clients",
  "–",
  "–",
  n7
    ? `${pbftCell(n7)} (${s4.pbft ? Math.round((n7.throughput / s4.pbft.throughput) * 100) : "?"} % of n = 4)`
    : "–",
  "–",
  "–",
);

const spread = (name, rs, key, f) => {
  const xs = rs.map((r) => r.get(key)).filter((x) => x !== undefined);
  return xs.length ? `${name}: ${xs.map(f).join(", ")}` : undefined;
};
const roundsLine = [
  spread("BFT-SMaRt sat n=4", shipped, "sat-0B-100", (x) => int(x.ops_per_s)),
  spread("clients signing", signing, "sat-0B-100", (x) => int(x.ops_per_s)),
  spread("pbft sat n=4", pbft, "saturation-n4", (x) => int(x.throughput)),
  spread("pbft n=7", pbft, "saturation-n7", (x) => int(x.throughput)),
  spread("BFT-SMaRt one-client p50 ms", shipped, "seq-0B", (x) => ms(x.p50_ms)),
  spread("pbft one-client p50 ms", pbft, "sequential-1-client", (x) => ms(x.latencyMs.p50)),
]
  .filter(Boolean)
  .join("; ");

console.log(
  [
    meta,
    `rounds: ${Math.max(shipped.length, pbft.length)} each, alternating; each side's best round counts (highest throughput, lowest one-client p50)`,
    "",
    ...rows,
    "",
    `every round: ${roundsLine}`,
    "CPU per operation: user + system time of every replica process over the measured window (/proc/PID/stat), summed over the replicas, per completed operation.",
  ].join("\n"),
);
