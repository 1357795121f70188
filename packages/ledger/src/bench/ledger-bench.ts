// Benchmark: synced appends of 100-request entries, then offline verify speed (proposals/s) and peak RSS.
// Usage: npm run bench -w @pbft/ledger [-- <proposals>]   (default 100,000; bounded to 1,000,000)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ledger } from "../store.js";
import { makeFixture } from "../test-fixture.js";
import { verifyLedger } from "../verify.js";

const PER_ENTRY = 100;

async function main(): Promise<void> {
  const proposals = Math.min(1_000_000, Math.max(PER_ENTRY, Number(process.argv[2] ?? 100_000)));
  const entries = Math.ceil(proposals / PER_ENTRY);
  const fx = makeFixture("bench-cluster", true);
  const dir = mkdtempSync(join(tmpdir(), "ledger-bench-"));
  try {
    const ledger = await Ledger.open(dir, fx.cluster);
    let signMs = 0;
    let appendMs = 0;
    let n = 0;
    for (let h = 1; h <= entries; h++) {
      const t0 = performance.now();
      const requests = Array.from({ length: PER_ENTRY }, () => {
        n++;
        const id = `01J${String(n).padStart(23, "0")}`;
        return fx.request({ id, type: "observation", title: `o${n}`, content: { n }, source: "bench" }, n);
      });
      const certificate = fx.certify(0, h, requests);
      const t1 = performance.now();
      await ledger.execute({ seq: h, view: 0, requests, certificate });
      const t2 = performance.now();
      signMs += t1 - t0;
      appendMs += t2 - t1;
    }
    await ledger.close();
    const o0 = performance.now();
    await (await Ledger.open(dir, fx.cluster)).close();
    const openMs = performance.now() - o0;
    const rssBefore = process.memoryUsage().rss;
    let rssMax = rssBefore;
    const sampler = setInterval(() => {
      rssMax = Math.max(rssMax, process.memoryUsage().rss);
    }, 50);
    // With a progress hook, as `pbft ledger verify` runs it (throttled by the library: it must cost nothing).
    let progressCalls = 0;
    const v0 = performance.now();
    const result = await verifyLedger(dir, fx.cluster, { onProgress: () => void progressCalls++ });
    const verifyMs = performance.now() - v0;
    clearInterval(sampler);
    if (!result.ok) throw new Error(`verify failed at ${result.badHeight}: ${result.reason}`);
    const mib = (b: number) => (b / 2 ** 20).toFixed(0);
    const lines = [
      `entries: ${entries} x ${PER_ENTRY} requests = ${n} proposals (synced appends)`,
      `append: ${((entries / appendMs) * 1000).toFixed(1)} entries/s = ${((n / appendMs) * 1000).toFixed(0)} proposals/s (rules + encode + synced write; signing excluded, took ${(signMs / 1000).toFixed(1)} s)`,
      `verify: ${(verifyMs / 1000).toFixed(1)} s = ${((n / verifyMs) * 1000).toFixed(0)} proposals/s (${entries * 3} commit + ${n} client signatures; ${progressCalls} progress calls)`,
      `reopen: ${(openMs / 1000).toFixed(1)} s (the stored rules' state: no entry is replayed)`,
      `rss: ${mib(rssBefore)} MiB before verify, ${mib(rssMax)} MiB peak during verify`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
