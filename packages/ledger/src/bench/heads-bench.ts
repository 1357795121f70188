// Benchmark (issue 17): signed heads and proofs on a ledger of 100,000 entries (one request each, a signed
// head every 1,000): the cost of the tree root per append, reading a history for proofs, and the sizes and
// verification times of inclusion and consistency proofs, with and without the head's signatures.
// Usage: npx tsx packages/ledger/src/bench/heads-bench.ts [entries]   (default 100,000; at most 1,000,000)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromHex, historyLeaf, MerkleFrontier, sha256, toHex, verifyInclusion } from "@pbft/consensus";
import { readHistory } from "../history.js";
import { proveConsistency, proveInclusion, verifyConsistencyProof, verifyInclusionProof } from "../proofs.js";
import { headFromProof, type SignedHead, verifySignedHead } from "../signed-head.js";
import { Ledger } from "../store.js";
import { makeFixture } from "../test-fixture.js";

const HEAD_EVERY = 1000;
const GROUP = 500; // batches per executeMany (a synced write each)

function timeIt<T>(runs: number, f: (i: number) => T): { ms: number; last: T } {
  let last: T | undefined;
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) last = f(i);
  return { ms: (performance.now() - t0) / runs, last: last as T };
}

async function main(): Promise<void> {
  const entries = Math.min(1_000_000, Math.max(HEAD_EVERY, Number(process.argv[2] ?? 100_000)));
  const fx = makeFixture("bench-cluster", true);
  const dir = mkdtempSync(join(tmpdir(), "heads-bench-"));
  const out: string[] = [];
  try {
    // The frontier alone: what the tree root costs each append.
    const hashes = Array.from({ length: entries }, (_, i) => sha256(Buffer.from(`e${i}`)));
    const f = new MerkleFrontier();
    const r0 = performance.now();
    for (const h of hashes) {
      f.append(historyLeaf(h));
      f.root();
    }
    const rootUs = ((performance.now() - r0) * 1000) / entries;
    out.push(`tree root per append (frontier append + root): ${rootUs.toFixed(2)} µs`);

    const ledger = await Ledger.open(dir, fx.cluster);
    const heads: SignedHead[] = [];
    const b0 = performance.now();
    for (let from = 1; from <= entries; from += GROUP) {
      const batches = [];
      for (let h = from; h < from + GROUP && h <= entries; h++) {
        const id = `01J${String(h).padStart(23, "0")}`;
        const requests = [
          fx.request({ id, type: "observation", title: `o${h}`, content: {}, source: "b" }, h),
        ];
        batches.push({ seq: h, view: 0, requests, certificate: fx.certify(0, h, requests) });
      }
      const outs = await ledger.executeMany(batches);
      for (const o of outs)
        if (o.entry.height % HEAD_EVERY === 0) {
          const head = headFromProof(
            fx.cluster.clusterId,
            fx.checkpointProof(o.entry.height, o.entryHash, o.treeRoot),
          );
          await ledger.putSignedHead(head!);
          heads.push(head!);
        }
    }
    await ledger.close();
    out.push(
      `ledger built: ${entries} entries, ${heads.length} signed heads, ${((performance.now() - b0) / 1000).toFixed(1)} s (signing included)`,
    );

    const h0 = performance.now();
    const history = await readHistory(dir, fx.cluster.clusterId);
    out.push(
      `read history for proofs (raw entries, header hashes): ${(performance.now() - h0).toFixed(0)} ms`,
    );
    const latest = heads.at(-1)!;
    const first = heads[0]!;
    const middle = heads[Math.floor(heads.length / 2)]!;

    const heights = [1, Math.floor(entries / 3), entries - 1];
    for (const height of heights) {
      const made = timeIt(3, () =>
        proveInclusion(
          fx.cluster.clusterId,
          history.leaves,
          height,
          latest,
          toHex(history.entryHashes[height - 1]!),
        ),
      );
      const proof = made.last;
      const json = JSON.stringify(proof);
      const pathJson = JSON.stringify(proof.path);
      const full = timeIt(200, () => verifyInclusionProof(proof, fx.cluster));
      const leaf = historyLeaf(fromHex(proof.entryHash));
      const path = proof.path.map(fromHex);
      const root = fromHex(latest.treeRoot);
      const only = timeIt(20_000, () => verifyInclusion(leaf, height - 1, latest.height, path, root));
      out.push(
        `inclusion of entry ${height} under head ${latest.height}: ${proof.path.length} hashes = ${proof.path.length * 32} bytes (path JSON ${pathJson.length} B, whole proof with head ${json.length} B); make ${made.ms.toFixed(0)} ms; verify ${(full.ms * 1000).toFixed(0)} µs with the head's 3 signatures, ${(only.ms * 1000).toFixed(1)} µs the path alone`,
      );
    }
    for (const [a, b] of [
      [first, latest],
      [middle, latest],
      [heads.at(-2)!, latest],
    ] as const) {
      const made = timeIt(3, () => proveConsistency(fx.cluster.clusterId, history.leaves, a, b));
      const proof = made.last;
      const full = timeIt(200, () => verifyConsistencyProof(proof, fx.cluster));
      out.push(
        `consistency ${a.height} -> ${b.height}: ${proof.path.length} hashes = ${proof.path.length * 32} bytes (whole proof with both heads ${JSON.stringify(proof).length} B); make ${made.ms.toFixed(0)} ms; verify ${(full.ms * 1000).toFixed(0)} µs with both heads' signatures`,
      );
    }
    const sig = timeIt(500, () => verifySignedHead(latest, fx.cluster));
    out.push(
      `signed head alone: ${JSON.stringify(latest).length} B JSON, verify ${(sig.ms * 1000).toFixed(0)} µs (3 Ed25519 signatures)`,
    );
    process.stdout.write(`${out.join("\n")}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
