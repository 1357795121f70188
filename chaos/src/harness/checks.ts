// The section-4 checks on the honest nodes' ledgers, offline, after the nodes were stopped (LevelDB is
// locked while a node runs): `pbft ledger verify` (hash chain, certificates, signatures, rules
// re-executed), identical entries up to the shortest height, every receipted proposal present exactly
// once at the height and entry hash of its receipt.
import { join } from "node:path";
import { run } from "./docker.js";
import type { Receipt } from "./load.js";
import { CLI } from "./paths.js";

export interface LedgerRow {
  readonly height: number;
  readonly view: number;
  readonly entryHash: string;
  readonly requests: readonly {
    readonly proposalId: string;
    readonly decision: string;
    readonly reason?: string;
  }[];
}

export interface LedgerCheck {
  readonly ok: boolean;
  readonly problems: string[];
  readonly heights: Record<string, number>;
  readonly commonHeight: number;
  /** Distinct accepted proposal ids in the longest honest ledger. */
  readonly acceptedIds: ReadonlySet<string>;
  readonly receipted: number;
  readonly lost: string[];
}

async function cli(
  args: readonly string[],
  timeout_ms = 180_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [CLI, ...args], { timeout_ms });
}

export async function verifyLedger(testnet: string, node: number): Promise<{ ok: boolean; detail: string }> {
  const r = await cli([
    "ledger",
    "verify",
    "--data",
    join(testnet, `node${node}`, "data"),
    "--cluster",
    join(testnet, "cluster.json"),
    "--json",
  ]);
  try {
    const j = JSON.parse(r.stdout) as { ok: boolean; height?: number; badHeight?: number; reason?: string };
    return {
      ok: j.ok === true && r.code === 0,
      detail: j.ok ? `ok, height ${j.height}` : `bad height ${j.badHeight}: ${j.reason}`,
    };
  } catch {
    return { ok: false, detail: `exit ${r.code}: ${(r.stderr || r.stdout).trim().slice(0, 300)}` };
  }
}

export async function readLedger(testnet: string, node: number): Promise<LedgerRow[]> {
  const r = await cli([
    "ledger",
    "show",
    "--data",
    join(testnet, `node${node}`, "data"),
    "--cluster",
    join(testnet, "cluster.json"),
    "--json",
  ]);
  if (r.code !== 0)
    throw new Error(`ledger show node${node} failed (${r.code}): ${r.stderr.trim().slice(0, 300)}`);
  return r.stdout
    .split("\n")
    .filter((l) => l.trim().startsWith("{"))
    .map((l) => JSON.parse(l) as LedgerRow);
}

export async function checkLedgers(
  testnet: string,
  honest: readonly number[],
  receipts: readonly Receipt[],
): Promise<LedgerCheck> {
  const problems: string[] = [];
  const ledgers = new Map<number, LedgerRow[]>();
  const heights: Record<string, number> = {};
  for (const i of honest) {
    const v = await verifyLedger(testnet, i);
    if (!v.ok) problems.push(`node${i}: ledger verify failed: ${v.detail}`);
    try {
      const rows = await readLedger(testnet, i);
      ledgers.set(i, rows);
      heights[`node${i}`] = rows.length === 0 ? 0 : (rows[rows.length - 1] as LedgerRow).height;
    } catch (e) {
      problems.push(String(e));
    }
  }
  const all = [...ledgers.values()];
  const commonHeight = all.length === 0 ? 0 : Math.min(...all.map((rows) => rows.length));
  // Agreement: identical entries up to the shortest honest ledger.
  for (let h = 0; h < commonHeight; h++) {
    const hashes = new Set(all.map((rows) => (rows[h] as LedgerRow).entryHash));
    if (hashes.size !== 1) {
      problems.push(
        `height ${h + 1}: honest ledgers differ (${[...hashes].map((x) => x.slice(0, 12)).join(" vs ")})`,
      );
      break;
    }
  }
  // Exactly once and durability.
  const lost: string[] = [];
  const longest = all.reduce<LedgerRow[]>((a, b) => (b.length > a.length ? b : a), []);
  const acceptedIds = new Set<string>();
  for (const row of longest)
    for (const q of row.requests) if (q.decision === "accepted") acceptedIds.add(q.proposalId);
  for (const [i, rows] of ledgers) {
    const count = new Map<string, number>();
    for (const row of rows) {
      if (row.height !== rows.indexOf(row) + 1) {
        problems.push(`node${i}: height ${row.height} out of place`);
        break;
      }
      for (const q of row.requests)
        if (q.decision === "accepted") count.set(q.proposalId, (count.get(q.proposalId) ?? 0) + 1);
    }
    for (const [id, k] of count) if (k > 1) problems.push(`node${i}: proposal ${id} accepted ${k} times`);
    for (const rc of receipts) {
      const row = rows[rc.height - 1];
      const here = row?.requests.some((q) => q.proposalId === rc.proposalId) ?? false;
      if (!row || !here || row.entryHash !== rc.entryHash) {
        if (!lost.includes(rc.proposalId)) lost.push(rc.proposalId);
        problems.push(
          `node${i}: receipted proposal ${rc.proposalId} (height ${rc.height}) ${!row ? `missing (ledger height ${rows.length})` : !here ? "not in the entry at its height" : "in an entry whose hash differs from its receipt"}`,
        );
      } else if (rc.decision === "accepted" && (count.get(rc.proposalId) ?? 0) !== 1) {
        problems.push(
          `node${i}: receipted proposal ${rc.proposalId} accepted ${count.get(rc.proposalId) ?? 0} times`,
        );
      }
    }
  }
  return {
    ok: problems.length === 0,
    problems,
    heights,
    commonHeight,
    acceptedIds,
    receipted: receipts.length,
    lost,
  };
}
