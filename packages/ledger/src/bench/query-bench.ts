// Benchmark (issue 18): `ledger query` answered from the LevelDB query indexes on N entries (default 100,000,
// one proposal each; bounded to 1,000,000), against a scan of every entry for the same question.
// Usage: npx tsx src/bench/query-bench.ts [entries]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pbft, timedDigest } from "@pbft/consensus";
import { parseClusterConfig } from "../cluster-config.js";
import { testKey } from "../config-testing.js";
import { batchDigestOf } from "../entry.js";
import type { LedgerQuery } from "../query.js";
import { wordsOf } from "../query-index.js";
import { Ledger } from "../store.js";
import { makeFixture } from "../test-fixture.js";

const ORGS = ["OrgA", "OrgB", "OrgC", "OrgD"];
const TYPES = [
  "observation",
  "observation",
  "observation",
  "observation",
  "observation",
  "observation",
  "outcome",
  "outcome",
  "decision",
  "constraint",
];
const WORDS = Array.from({ length: 200 }, (_, i) => `word${i}`);
const T0 = 1_800_000_000_000;

async function main(): Promise<void> {
  const entries = Math.min(1_000_000, Math.max(1000, Number(process.argv[2] ?? 100_000)));
  const fx = makeFixture("query-bench", true);
  const keys = Array.from({ length: 10 }, (_, i) => testKey(1000 + i));
  const cluster = parseClusterConfig({
    ...fx.cluster,
    proposers: keys.map((k, i) => ({ name: `p${i}`, publicKey: k.hex, org: ORGS[i % ORGS.length] })),
    policies: { decision: { k: 2, deadlineMs: 3_600_000 } },
  });
  const dir = mkdtempSync(join(tmpdir(), "query-bench-"));
  try {
    const ledger = await Ledger.open(dir, cluster);
    const w0 = performance.now();
    const numbers = new Array<number>(keys.length).fill(0);
    for (let h = 1; h <= entries; h += 1000) {
      const group = [];
      for (let s = h; s < h + 1000 && s <= entries; s++) {
        const who = s % keys.length;
        const title = `${WORDS[s % 200]} ${WORDS[(s * 7) % 200]}${s % 1000 === 0 ? " zanzibar" : ""}`;
        const id = `01J${String(s).padStart(23, "0")}`;
        const req = fx.request(
          { id, type: TYPES[s % 10], title, content: {}, source: "bench" },
          ++numbers[who]!,
          keys[who],
        );
        const timeMs = T0 + s * 1000;
        const batchDigest = timedDigest(batchDigestOf([req]), timeMs);
        group.push({
          seq: s,
          view: 0,
          requests: [req],
          certificate: pbft.CommitCertificate.create({ seq: s, batchDigest, timeMs }),
        });
      }
      await ledger.executeMany(group);
    }
    const writeMs = performance.now() - w0;
    console.log(`wrote ${entries} entries (with their index keys) in ${(writeMs / 1000).toFixed(1)} s`);
    const queries: [string, LedgerQuery][] = [
      ["title word, rare (1 in 1,000)", { text: "zanzibar" }],
      ["title word, common (1 in 100)", { text: "word17" }],
      ["type decision, status pending, first page", { type: "decision", status: "pending", limit: 50 }],
      ["proposer p6 + type outcome", { proposer: "p6", type: "outcome", limit: 50 }],
      ["org OrgB, one hour", { org: "OrgB", fromMs: T0 + 50_000_000, toMs: T0 + 53_600_000 }],
      ["time range, one hour", { fromMs: T0 + 20_000_000, toMs: T0 + 23_600_000 }],
      ["title word, rare, again (warm)", { text: "zanzibar" }],
    ];
    for (const [name, q] of queries) {
      const t = performance.now();
      const a = await ledger.query(q);
      const ms = performance.now() - t;
      console.log(
        `${name}: ${ms.toFixed(1)} ms, ${a.total} matches (${a.rows.length} returned), index ${a.index}: ${a.keysScanned} keys, ${a.entriesRead} entries read`,
      );
    }
    // The same rare-word question by scanning every entry, for comparison.
    const s0 = performance.now();
    let found = 0;
    for await (const e of ledger.range(1)) {
      const body = pbft.RequestBody.decode(e.batch.requests[0]!.body!);
      const p = JSON.parse(Buffer.from(body.proposal).toString("utf8")) as { title: string };
      if (wordsOf(p.title).includes("zanzibar")) found++;
    }
    console.log(
      `scan of every entry for the rare word: ${(performance.now() - s0).toFixed(1)} ms, ${found} matches`,
    );
    await ledger.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
