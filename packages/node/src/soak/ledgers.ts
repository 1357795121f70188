// After a run with faults: let every node catch up, stop the cluster, and compare what the clients hold
// (receipts) with what every node wrote. `ledger verify` of each ledger alone cannot see a fork between
// honest ledgers (each chain is valid on its own), so the entry hash of EVERY height is compared across
// all of them, and every receipted proposal is looked up in every ledger.
import { toHex } from "@pbft/consensus";
import { Ledger, type StoredEntry, verifyLedger } from "@pbft/ledger";
import type { SubmitResult } from "../client/submit.js";
import { loadNodeConfig } from "../config.js";
import type { LocalCluster } from "../testing/local-cluster.js";

/** What a client kept of one receipt. */
export interface Receipted {
  readonly proposalId: string;
  readonly height: number;
  /** Hex. */
  readonly entryHash: string;
}

export function receiptedOf(r: SubmitResult): Receipted {
  return {
    proposalId: r.decision.proposalId,
    height: r.decision.height,
    entryHash: toHex(r.decision.entryHash),
  };
}

/** Polls every node until all have the same height, at least `atLeast`; false with the last heights if not. */
export async function waitForEqualHeights(
  lc: LocalCluster,
  atLeast: number,
  timeoutMs: number,
): Promise<{ readonly ok: boolean; readonly heights: readonly (number | null)[] }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const heights = await Promise.all(
      lc.cluster.members.map((m) =>
        lc.status(m.id).then(
          (s) => s.height,
          () => null,
        ),
      ),
    );
    const h0 = heights[0];
    if (h0 !== null && h0 !== undefined && h0 >= atLeast && heights.every((h) => h === h0))
      return { ok: true, heights };
    if (Date.now() > deadline) return { ok: false, heights };
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** How one node's entry looks at a height where the ledgers differ. */
export interface EntryView {
  readonly node: number;
  readonly entryHash: string;
  readonly certificateView: number;
  readonly certificateSigners: readonly number[];
  readonly batchDigest: string;
  readonly requests: number;
}

export interface LedgerCheck {
  /** Per node. */
  readonly heights: readonly number[];
  readonly verify: readonly { readonly node: number; readonly ok: boolean; readonly reason?: string }[];
  /** Heights held by every ledger, compared. */
  readonly comparedHeights: number;
  /** The first height whose entry hash is not the same in every ledger (a fork), or null. */
  readonly divergence: { readonly height: number; readonly entries: readonly EntryView[] } | null;
  /** How many compared heights differ somewhere (a fork goes on for good: every prev_hash after it differs). */
  readonly divergentHeights: number;
  readonly receipted: number;
  /** Receipted proposals absent from at least one ledger. */
  readonly lost: number;
  /** Per node: receipted proposals absent from its ledger (count and the first few ids). */
  readonly missing: readonly {
    readonly node: number;
    readonly count: number;
    readonly first: readonly string[];
  }[];
  /** Per node: receipts whose entry hash differs from the node's entry at the receipt's height. */
  readonly receiptMismatches: readonly number[];
}

function viewOf(node: number, e: StoredEntry): EntryView {
  const cert = e.batch.certificate;
  return {
    node,
    entryHash: toHex(e.entryHash),
    certificateView: Number(cert?.view ?? 0),
    certificateSigners: (cert?.commits ?? []).map((c) => c.signer ?? -1).sort((a, b) => a - b),
    batchDigest: toHex(e.header.batchDigest),
    requests: e.header.requestCount,
  };
}

/** Verifies and compares the ledgers of a STOPPED cluster (LevelDB is locked while a node runs). */
export async function checkLedgers(lc: LocalCluster, receipted: readonly Receipted[]): Promise<LedgerCheck> {
  const ids = lc.cluster.members.map((m) => m.id);
  const dirs = ids.map((id) => loadNodeConfig(lc.home(id)).dataDir);
  const verify: { node: number; ok: boolean; reason?: string }[] = [];
  for (const [i, dir] of dirs.entries()) {
    const r = await verifyLedger(dir, lc.cluster);
    verify.push(
      r.ok
        ? { node: ids[i]!, ok: true }
        : { node: ids[i]!, ok: false, reason: `${r.badHeight}: ${r.reason}` },
    );
  }

  // Which ledgers hold each receipted proposal (a bit per node), and the receipts' entry hashes by height.
  const holders = new Map<string, number>(receipted.map((r) => [r.proposalId, 0]));
  const receiptHashes = new Map<number, Map<string, number>>();
  for (const r of receipted) {
    const at = receiptHashes.get(r.height) ?? new Map<string, number>();
    receiptHashes.set(r.height, at.set(r.entryHash, (at.get(r.entryHash) ?? 0) + 1));
  }
  const receiptMismatches = ids.map(() => 0);
  const heights = ids.map(() => 0);
  let comparedHeights = 0;
  let divergentHeights = 0;
  let divergence: LedgerCheck["divergence"] = null;

  const ledgers: Ledger[] = [];
  try {
    for (const dir of dirs) ledgers.push(await Ledger.open(dir, lc.cluster));
    const cursors = ledgers.map((l) => l.range(1)[Symbol.asyncIterator]());
    for (;;) {
      const next = await Promise.all(cursors.map((c) => c.next()));
      const entries = next.map((n) => (n.done ? undefined : n.value));
      if (entries.every((e) => e === undefined)) break;
      for (const [i, e] of entries.entries()) {
        if (!e) continue;
        heights[i] = e.height;
        for (const res of e.results) {
          const mask = holders.get(res.proposalId);
          if (mask !== undefined) holders.set(res.proposalId, mask | (1 << i));
        }
        const hash = toHex(e.entryHash);
        for (const [h, n] of receiptHashes.get(e.height) ?? []) if (h !== hash) receiptMismatches[i]! += n;
      }
      if (entries.some((e) => e === undefined)) continue; // a shorter ledger: its heights are not compared
      comparedHeights++;
      const first = toHex(entries[0]!.entryHash);
      if (entries.every((e) => toHex(e!.entryHash) === first)) continue;
      divergentHeights++;
      divergence ??= { height: entries[0]!.height, entries: entries.map((e, i) => viewOf(ids[i]!, e!)) };
    }
  } finally {
    await Promise.all(ledgers.map((l) => l.close().catch(() => undefined)));
  }

  const missing = ids.map((node, i) => {
    const absent = [...holders].filter(([, mask]) => (mask & (1 << i)) === 0).map(([id]) => id);
    return { node, count: absent.length, first: absent.slice(0, 5) };
  });
  const all = (1 << ids.length) - 1;
  const lost = [...holders.values()].filter((mask) => mask !== all).length;
  return {
    heights,
    verify,
    comparedHeights,
    divergence,
    divergentHeights,
    receipted: holders.size,
    lost,
    missing,
    receiptMismatches,
  };
}

/** True when nothing was lost, nothing forked, every ledger verifies and all have the same height. */
export function ledgersAgree(c: LedgerCheck): boolean {
  return (
    c.lost === 0 &&
    c.divergence === null &&
    c.verify.every((v) => v.ok) &&
    c.heights.every((h) => h === c.heights[0]) &&
    c.receiptMismatches.every((n) => n === 0)
  );
}

/** Human-readable lines of a check, for the soak's report and a failing test's message. */
export function describeCheck(c: LedgerCheck): string[] {
  const lines = [
    `ledger heights: ${c.heights.map((h, i) => `n${i} ${h}`).join(", ")}`,
    `ledger verify: ${c.verify.map((v) => `n${v.node} ${v.ok ? "ok" : `FAILED at ${v.reason}`}`).join(", ")}`,
  ];
  if (c.divergence === null)
    lines.push(
      `forks: none (entry hashes identical at all ${c.comparedHeights} heights held by every ledger)`,
    );
  else {
    lines.push(
      `FORK: entry hashes differ at ${c.divergentHeights} of ${c.comparedHeights} heights, first at height ${c.divergence.height}:`,
    );
    for (const e of c.divergence.entries)
      lines.push(
        `  n${e.node} entry ${e.entryHash.slice(0, 16)} certificate view ${e.certificateView} signers [${e.certificateSigners.join(",")}] batch ${e.batchDigest.slice(0, 16)} (${e.requests} requests)`,
      );
  }
  lines.push(
    `lost (receipted, missing from some ledger): ${c.lost} of ${c.receipted}${c.lost > 0 ? ` (${c.missing.map((m) => `n${m.node} ${m.count}${m.first.length ? ` e.g. ${m.first[0]}` : ""}`).join(", ")})` : ""}`,
    `receipts disagreeing with a ledger's entry hash: ${c.receiptMismatches.map((n, i) => `n${i} ${n}`).join(", ")}`,
  );
  return lines;
}
