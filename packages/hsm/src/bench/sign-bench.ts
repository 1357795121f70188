// Sign throughput and latency through the double-sign guard with SoftHSM2, and the raw token for comparison.
//   npm run bench -w @pbft/hsm [-- --signs 5000]
import { createHash } from "node:crypto";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { VoteSlot } from "@pbft/consensus";
import { DoubleSignGuard } from "../guard.js";
import { createVoteSigner } from "../signer.js";
import { makeTokenFixture } from "../testing-fixture.js";
import { HsmToken } from "../token.js";

const i = process.argv.indexOf("--signs");
const SIGNS = Math.max(100, Math.min(1_000_000, i >= 0 ? Number(process.argv[i + 1]) || 5000 : 5000));

const fx = makeTokenFixture();
const token = HsmToken.open({ tokenLabel: fx.tokenLabel, pin: fx.pin });
const payload = (k: number) => createHash("sha256").update(`vote ${k}`).digest();

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function run(name: string, sign: (k: number) => void): void {
  for (let k = 0; k < 200; k++) sign(-1 - k); // warm-up
  const lat: number[] = [];
  const t0 = performance.now();
  for (let k = 0; k < SIGNS; k++) {
    const s = performance.now();
    sign(k);
    lat.push(performance.now() - s);
  }
  const secs = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(28)} ${String(Math.round(SIGNS / secs)).padStart(7)} signs/s   p50 ${percentile(lat, 50).toFixed(3)} ms   p99 ${percentile(lat, 99).toFixed(3)} ms`,
  );
}

run("raw token (C_Sign)", (k) => token.sign(fx.keyLabel, payload(k)));

const guard = DoubleSignGuard.open(join(fx.dir, "guard.log"));
const signer = createVoteSigner({ token, keyLabel: fx.keyLabel, guard });
let seq = 1_000_000;
run("guard (fdatasync) + token", (k) => {
  const slot: VoteSlot = { kind: "prepare", view: 1, seq: seq++ };
  signer.sign(payload(k), slot);
});
const fsyncOnly = DoubleSignGuard.open(join(fx.dir, "guard-only.log"));
let s2 = 1;
run("guard alone (fdatasync)", (k) =>
  fsyncOnly.authorize({ kind: "commit", view: 1, seq: s2++ }, payload(k)),
);
console.log(`guard file: ${guard.recordCount()} records of 64 bytes; temp token dir ${fx.dir}`);
signer.close();
fsyncOnly.close();
