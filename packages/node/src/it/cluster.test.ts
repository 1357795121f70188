// Integration: four real node processes on loopback (libp2p, SoftHSM tokens, LevelDB), real faults.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bytesEqual, toHex } from "@pbft/consensus";
import { Ledger, verifyLedger } from "@pbft/ledger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordProposal } from "../client/proposal.js";
import type { ClusterClient, SubmitResult } from "../client/submit.js";
import { loadNodeConfig } from "../config.js";
import { LocalCluster } from "../testing/local-cluster.js";

let lc: LocalCluster;
const receipts: SubmitResult[] = [];

function proposal(title: string) {
  return recordProposal({ type: "decision", title, content: { text: title }, source: "integration-test" });
}

/** Each client submits its share one after the other; the clients run concurrently. */
async function load(clients: readonly ClusterClient[], total: number, tag: string): Promise<SubmitResult[]> {
  const per = clients.map(
    (_, i) => Math.floor(total / clients.length) + (i < total % clients.length ? 1 : 0),
  );
  const results = await Promise.all(
    clients.map(async (c, i) => {
      const out: SubmitResult[] = [];
      for (let k = 0; k < per[i]!; k++) out.push(await c.submit(proposal(`${tag} ${i}.${k}`), 60_000));
      return out;
    }),
  );
  const all = results.flat();
  receipts.push(...all);
  return all;
}

async function primary(): Promise<number> {
  for (const id of lc.running()) {
    try {
      return (await lc.status(id)).primary;
    } catch {
      // try the next one
    }
  }
  throw new Error("no node answers /status");
}

async function heights(): Promise<number[]> {
  return Promise.all(lc.running().map(async (id) => (await lc.status(id)).height));
}

let clients: ClusterClient[];

describe("a four-node cluster on loopback", () => {
  beforeAll(async () => {
    lc = await LocalCluster.create({ proposers: 3 });
    await lc.startAll();
    clients = await Promise.all([0, 1, 2].map((i) => lc.client(i)));
    await Promise.all(clients.map((c) => c.ready(15_000)));
  }, 120_000);

  afterAll(async () => {
    await lc?.destroy();
  });

  it("commits 100 proposals submitted concurrently by 3 clients, each with a receipt that verifies", async () => {
    const results = await load(clients, 100, "concurrent");
    expect(results).toHaveLength(100);
    expect(results.every((r) => r.decision.accepted)).toBe(true);
    expect(new Set(results.map((r) => r.decision.proposalId)).size).toBe(100);
    // Receipts carry f+1 attestations from distinct members and a 2f+1 commit certificate.
    for (const r of results) {
      expect(new Set(r.receipt.attestations.map((a) => a.signer)).size).toBeGreaterThanOrEqual(2);
      expect(new Set(r.receipt.certificate?.commits?.map((c) => c.signer)).size).toBeGreaterThanOrEqual(3);
    }
  }, 180_000);

  it("goes on committing after a backup is killed with SIGKILL", async () => {
    const p = await primary();
    const backup = (p + 1) % 4;
    await lc.kill(backup, "SIGKILL");
    const results = await load(clients, 9, "backup-down");
    expect(results.every((r) => r.decision.accepted)).toBe(true);
    await lc.start(backup);
  }, 120_000);

  it("changes view when the primary is killed, and commits resume", async () => {
    const p = await primary();
    const viewBefore = (await lc.status(p)).view;
    await lc.kill(p, "SIGKILL");
    const results = await load(clients, 6, "primary-down");
    expect(results.every((r) => r.decision.accepted)).toBe(true);
    const other = lc.running()[0]!;
    const s = await lc.status(other);
    expect(s.view).toBeGreaterThan(viewBefore);
    expect(s.primary).not.toBe(p);
    await lc.start(p);
  }, 120_000);

  it("a node restarted after 1,000 commits catches up by state transfer", async () => {
    const p = await primary();
    const victim = (p + 2) % 4;
    await lc.kill(victim, "SIGKILL");
    const results = await load(clients, 1000, "while-down");
    expect(results.every((r) => r.decision.accepted)).toBe(true);
    const target = Math.max(...(await heights()));
    await lc.start(victim);
    // While it fetches, /readyz says it is catching up (503); once caught up, it is ready again.
    const readyz = async () => {
      const res = await fetch(`http://${lc.cluster.members[victim]!.httpAddress}/readyz`);
      return { status: res.status, body: (await res.json()) as { reasons: { code: string }[] } };
    };
    const seen = new Set<string>();
    await lc.until(
      victim,
      async () => {
        const r = await readyz();
        for (const reason of r.body.reasons) seen.add(reason.code);
        return (await lc.status(victim)).height >= target;
      },
      120_000,
      `height ${target}`,
    );
    expect([...seen]).toContain("catching-up");
    await lc.until(victim, async () => (await readyz()).status === 200, 30_000, "ready after catching up");
    const fetched = /pbft_state_transfer_batches_total\{direction="fetched"[^}]*\} (\d+)/.exec(
      await lc.metrics(victim),
    );
    expect(Number(fetched?.[1] ?? 0)).toBeGreaterThan(0);
    // What its operator reads since the restart: one line when the transfer started, one when it ended at
    // the cluster's height (its log is a file, not a terminal: no progress bar in it).
    const sinceRestart = () => {
      const log = readFileSync(join(lc.home(victim), "node.log"), "utf8").split("\n");
      return log.slice(log.findLastIndex((l) => l.includes('"msg":"node started"')));
    };
    const lines = (msg: string) =>
      sinceRestart()
        .filter((l) => l.includes(`"msg":"${msg}"`))
        .map((l) => JSON.parse(l) as { fromHeight: number; targetHeight?: number; height?: number });
    await lc.until(
      victim,
      async () => (lines("state transfer finished").at(-1)?.height ?? 0) >= target,
      30_000,
      "the state transfer's end line",
    );
    const started = lines("state transfer started");
    expect(started[0]!.fromHeight).toBeLessThan(target);
    expect(started[0]!.targetHeight).toBeGreaterThan(started[0]!.fromHeight);
    expect(lines("state transfer finished").at(-1)).toMatchObject({
      entries: expect.any(Number),
      seconds: expect.any(Number),
      entriesPerSecond: expect.any(Number),
    });
    expect(sinceRestart().some((l) => l.includes("catch-up"))).toBe(false);
  }, 600_000);

  it("all ledgers are identical, verify offline, and hold every receipted proposal exactly once", async () => {
    // Let every node reach the same height, then stop them all (LevelDB is locked while a node runs).
    await lc.until(
      0,
      async () => {
        const h = await heights();
        return h.length === 4 && h.every((x) => x === h[0]);
      },
      60_000,
      "equal heights",
    );
    await lc.stopAll();
    const heads: { height: number; hash: string }[] = [];
    for (let id = 0; id < 4; id++) {
      const cfg = loadNodeConfig(lc.home(id));
      const result = await verifyLedger(cfg.dataDir, lc.cluster);
      expect(result, `node ${id}: ${JSON.stringify(result)}`).toMatchObject({ ok: true });
      if (result.ok) heads.push({ height: result.height, hash: toHex(result.headHash) });
    }
    expect(new Set(heads.map((h) => `${h.height}/${h.hash}`)).size).toBe(1);

    const ledger = await Ledger.open(loadNodeConfig(lc.home(0)).dataDir, lc.cluster);
    try {
      const accepted = new Map<string, number>();
      for await (const e of ledger.range(1))
        for (const r of e.results)
          if (r.accepted) accepted.set(r.proposalId, (accepted.get(r.proposalId) ?? 0) + 1);
      expect(receipts.length).toBe(1115);
      for (const r of receipts) {
        expect(accepted.get(r.decision.proposalId), r.decision.proposalId).toBe(1);
        const at = await ledger.get(r.decision.height);
        expect(at && bytesEqual(at.entryHash, r.decision.entryHash)).toBe(true);
      }
    } finally {
      await ledger.close();
    }
  }, 180_000);
});
