// Sign throughput and latency through the double-sign guard with SoftHSM2, the raw token and the guard alone
// for comparison. Prints numbers; asserts nothing about timing (the machine is shared, the figures noisy).
//   npm run bench -w @pbft/hsm [-- --signs 5000 --rounds 3]
// Each row runs `rounds` times, interleaved with the other rows, and prints the median round and the range.
// cpu µs/sign is the process's user+system CPU time per sign: it separates CPU cost from waiting on the disk.
import { createHash } from "node:crypto";
import { loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { VoteSlot } from "@pbft/consensus";
import { DoubleSignGuard } from "../guard.js";
import { createDeferredVoteSigner } from "../signer.js";
import { makeTokenFixture } from "../testing-fixture.js";
import { HsmToken } from "../token.js";

function arg(name: string, fallback: number, min: number, max: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Math.max(min, Math.min(max, Number.isFinite(v) ? v : fallback));
}
const SIGNS = arg("--signs", 5000, 100, 1_000_000);
const ROUNDS = arg("--rounds", 3, 1, 20);

const fx = makeTokenFixture();
const tokenCopy = HsmToken.open({ tokenLabel: fx.tokenLabel, pin: fx.pin });
const tokenObject = HsmToken.open({ tokenLabel: fx.tokenLabel, pin: fx.pin, sessionKeyCopy: false });
const payload = (k: number) => createHash("sha256").update(`vote ${k}`).digest();

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Round {
  readonly rate: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpu: number;
}
interface Row {
  readonly name: string;
  /** Signs `count` votes starting at `k`, one timed call; returns how many it signed. */
  readonly step: (k: number) => number | Promise<number>;
  readonly latencyOf: string;
  readonly rounds: Round[];
}

async function round(row: Row, base: number): Promise<Round> {
  const lat: number[] = [];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let done = 0;
  while (done < SIGNS) {
    const s = performance.now();
    done += await row.step(base + done);
    lat.push(performance.now() - s);
  }
  const secs = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  lat.sort((a, b) => a - b);
  return {
    rate: done / secs,
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    cpu: (c.user + c.system) / done,
  };
}

const guardOnly = DoubleSignGuard.open(join(fx.dir, "guard-only.log"));
const guardDeferred = DoubleSignGuard.open(join(fx.dir, "guard-deferred.log"));
const deferred = createDeferredVoteSigner({ token: tokenCopy, keyLabel: fx.keyLabel, guard: guardDeferred });

let seq = 1;
const nextSlot = (kind: VoteSlot["kind"]): VoteSlot => ({ kind, view: 1, seq: seq++ });
const group = (n: number, k: number): { bytes: Uint8Array; slot: VoteSlot }[] =>
  Array.from({ length: n }, (_, i) => ({ bytes: payload(k + i), slot: nextSlot("commit") }));

const rows: Row[] = [
  {
    name: "raw token, token object",
    latencyOf: "sign",
    step: (k) => {
      tokenObject.sign(fx.keyLabel, payload(k));
      return 1;
    },
    rounds: [],
  },
  {
    name: "raw token, session copy",
    latencyOf: "sign",
    step: (k) => {
      tokenCopy.sign(fx.keyLabel, payload(k));
      return 1;
    },
    rounds: [],
  },
  {
    name: "guard alone (1 fdatasync/vote)",
    latencyOf: "vote",
    step: async (k) => {
      guardOnly.defer(nextSlot("prepare"), payload(k));
      await guardOnly.commitDeferred();
      return 1;
    },
    rounds: [],
  },
  // What the node does: each vote signed at once through the synchronous Signer (guard checked, record
  // deferred), one commit (write + fdatasync) per group of votes before any of them is released.
  ...[1, 8, 32, 128].map(
    (n): Row => ({
      name: `deferred Signer, commit/${n}`,
      latencyOf: "group",
      step: async (k) => {
        for (const v of group(n, k)) deferred.sign(v.bytes, v.slot);
        await deferred.commitVotes();
        return n;
      },
      rounds: [],
    }),
  ),
];

console.log(
  `${SIGNS} signs per row and round, ${ROUNDS} rounds; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
for (const row of rows) for (let k = 0; k < 100; k++) await row.step(-1 - 100 * k); // warm-up
for (let r = 0; r < ROUNDS; r++)
  for (const row of rows) row.rounds.push(await round(row, (r + 1) * 10_000_000));

const fmt = (x: number) => String(Math.round(x)).padStart(6);
for (const row of rows) {
  const byRate = [...row.rounds].sort((a, b) => a.rate - b.rate);
  const med = byRate[byRate.length >> 1]!;
  console.log(
    `${row.name.padEnd(32)} ${fmt(med.rate)} signs/s (${fmt(byRate[0]!.rate).trim()}-${fmt(byRate[byRate.length - 1]!.rate).trim()})` +
      `   cpu ${med.cpu.toFixed(0).padStart(4)} µs/sign   per ${row.latencyOf.padEnd(5)} p50 ${med.p50.toFixed(3)} ms  p99 ${med.p99.toFixed(3)} ms`,
  );
}
console.log(
  `guard files: ${guardDeferred.recordCount()} + ${guardOnly.recordCount()} records of 64 bytes (compacted when mostly dead); load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
deferred.close();
guardOnly.close();
tokenObject.close();
