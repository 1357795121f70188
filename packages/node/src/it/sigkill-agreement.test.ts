// Integration: agreement of the ledgers a cluster writes while its nodes are killed with SIGKILL under
// concurrent load. Four real node processes, 16 closed-loop clients (each its own proposer key) through the
// public client API; every few seconds a random node (the primary on some rounds) is killed and restarted
// from its disk. Then: every receipted proposal in every ledger, every ledger verifies, and the entry hash
// of EVERY height is the same in all four. `ledger verify` of each ledger alone cannot see a fork between
// honest ledgers: each chain is valid on its own.
// PBFT_IT_KEEP=1 keeps the cluster's files (ledgers, node logs) of a failed run and prints where.
import { afterAll, describe, expect, it } from "vitest";
import { runLoad } from "../bench/cluster-bench.js";
import { loadProposerKey } from "../proposer-key.js";
import { Faults } from "../soak/faults.js";
import {
  checkLedgers,
  describeCheck,
  type Receipted,
  receiptedOf,
  waitForEqualHeights,
} from "../soak/ledgers.js";
import { LocalCluster } from "../testing/local-cluster.js";
import { proposerKeyFile } from "../testnet.js";

const CLIENTS = 16;
/** The load runs until the kills are done, but at least LOAD_MIN_MS and at most LOAD_MAX_MS. */
const LOAD_MIN_MS = 30_000;
const LOAD_MAX_MS = 120_000;
const KILLS = 5;
const KILL_EVERY_MS = 4_000;
const DOWN_MS = 1_000;
/** Kill rounds whose victim is the primary (a view change while batches commit); the others are random. */
const PRIMARY_ROUNDS = new Set([1, 3]);
const SETTLE_MS = 60_000;

let lc: LocalCluster | undefined;
let keep = false;

afterAll(async () => {
  await lc?.destroy(keep);
  if (keep) process.stderr.write(`sigkill-agreement: the cluster's files are kept in ${lc?.dir}\n`);
});

describe("a four-node cluster whose nodes are killed with SIGKILL under concurrent load", () => {
  it("ends with one chain: every receipted proposal in every ledger, the same entry hash at every height", async () => {
    lc = await LocalCluster.create({ proposers: CLIENTS, tmpPrefix: "pbft-it-sigkill-" });
    const cluster = lc;
    const keys = Array.from({ length: CLIENTS }, (_, i) =>
      loadProposerKey(proposerKeyFile(cluster.testnet.dir, i)),
    );
    await cluster.startAll();
    const client = await cluster.client(0);
    await client.ready(30_000, 4);

    const events: string[] = [];
    const faults = new Faults(cluster, {
      everyMs: KILL_EVERY_MS,
      downMs: DOWN_MS,
      primaryRounds: PRIMARY_ROUNDS,
      killsMax: KILLS,
      log: (line) => events.push(line),
    });
    const receipted: Receipted[] = [];
    faults.start();
    const t0 = performance.now();
    const run = await runLoad(
      client,
      keys,
      0,
      () => {
        const ms = performance.now() - t0;
        return ms >= LOAD_MAX_MS || (ms >= LOAD_MIN_MS && faults.allKillsDone());
      },
      (r) => receipted.push(receiptedOf(r)),
      "sigkill-agreement test",
    );
    const loadS = (performance.now() - t0) / 1000;
    await faults.stopAndHeal();

    const target = receipted.reduce((h, r) => Math.max(h, r.height), 0);
    const settled = await waitForEqualHeights(cluster, target, SETTLE_MS);
    await cluster.stopAll();
    const check = await checkLedgers(cluster, receipted);

    const summary = [
      `${receipted.length} receipted, ${run.failed} without a receipt in time, load ${loadS.toFixed(1)} s`,
      `kills: ${faults.kills.map((k) => `n${k.node}${k.primary ? " (primary)" : ""} at ${k.atS.toFixed(1)} s, back after ${k.backAfterS ?? "never"} s`).join("; ")}`,
      ...events,
      settled.ok
        ? `all nodes reached height ${settled.heights[0]}`
        : `heights after ${SETTLE_MS / 1000} s without load: ${settled.heights.join(", ")}`,
      ...describeCheck(check),
    ].join("\n");
    // The evidence of every run (which nodes were killed when, the heights, any fork), passed or failed.
    process.stderr.write(`${summary}\n`);
    keep = process.env.PBFT_IT_KEEP === "1";

    // The faults happened as intended: several kills, the primary at least once, every node back.
    expect(faults.kills.length, summary).toBeGreaterThanOrEqual(KILLS - 1);
    expect(
      faults.kills.some((k) => k.primary),
      summary,
    ).toBe(true);
    expect(
      faults.kills.every((k) => k.backAfterS !== null),
      summary,
    ).toBe(true);
    expect(faults.unexpectedExits, summary).toEqual([]);
    expect(receipted.length, summary).toBeGreaterThan(200);

    // One chain for all: the same entry hash at every height in all four ledgers, each ledger valid.
    expect(check.divergence, summary).toBeNull();
    expect(check.comparedHeights, summary).toBeGreaterThanOrEqual(target);
    expect(
      check.verify.filter((v) => !v.ok),
      summary,
    ).toEqual([]);
    // Durability: every receipted proposal is in every ledger, at the entry its receipt names.
    expect(check.lost, summary).toBe(0);
    expect(check.receiptMismatches, summary).toEqual([0, 0, 0, 0]);
    expect(settled.ok, summary).toBe(true);
    keep = false;
  }, 300_000);
});
