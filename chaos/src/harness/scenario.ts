// One chaos scenario from start to report: a fresh cluster on its own network, a warm-up commit, a
// bounded load, the faults, healing, the recovery probe, convergence, then the offline ledger checks on
// every honest node. The cluster is destroyed whatever happens.

import { checkLedgers } from "./checks.js";
import { type ByzantineMode, ChaosCluster } from "./cluster.js";
import { sleep } from "./docker.js";
import { LoadGenerator, proposerKeys, type Receipt, submitOnce } from "./load.js";
import { record, type ScenarioResult } from "./report.js";

export const LOAD_WORKERS = 3;
/** Proposer keys per testnet: one per load worker, one for the probes. */
export const PROPOSERS = LOAD_WORKERS + 1;

export interface FaultContext {
  readonly cluster: ChaosCluster;
  readonly load: LoadGenerator;
  readonly log: (line: string) => void;
  readonly notes: string[];
  /** Receipts of the scenario's own submissions: checked like the load's (present, exactly once). */
  readonly receipts: Receipt[];
}

export type FaultOutcome = { readonly healed_ms: number } | { readonly skipped: string };

export interface ScenarioDef {
  readonly name: string;
  readonly faults: string;
  readonly smoke?: boolean;
  readonly byzantine?: { readonly node: number; readonly mode: ByzantineMode };
  /** Genesis protocol parameters (e.g. a short checkpoint interval, for heads and epoch boundaries). */
  readonly params?: Readonly<Record<string, number>>;
  /** Proposer keys beyond the load's and the probe's (proposer-4.key, ...), for the scenario itself. */
  readonly extraProposers?: number;
  /** Load bounds (defaults: 60 proposals, 45 s). */
  readonly load?: { readonly count_max?: number; readonly duration_ms?: number };
  /** Applies the faults during the load and heals them; returns when it healed. */
  readonly inject: (ctx: FaultContext) => Promise<FaultOutcome>;
  /** Extra checks on the running cluster after convergence (e.g. evidence of a Byzantine member). */
  readonly after?: (ctx: FaultContext) => Promise<void>;
}

const RECOVERY_TIMEOUT_MS = 150_000;
const CONVERGE_TIMEOUT_MS = 120_000;

/** Submits probe proposals one after another until one gets a receipt; bounded in time and count. */
async function probeCommit(
  cluster: ChaosCluster,
  key: string,
  tag: string,
  timeout_ms: number,
): Promise<{ receipt: Receipt; at_ms: number } | undefined> {
  const deadline = Date.now() + timeout_ms;
  for (let k = 0; k < 50 && Date.now() < deadline; k++) {
    const left = deadline - Date.now();
    const r = await submitOnce(cluster.testnet, key, `${tag}-${k}`, Math.max(5_000, Math.min(20_000, left)));
    if (r.receipt) return { receipt: r.receipt, at_ms: Date.now() };
    await sleep(500);
  }
  return undefined;
}

export async function runScenario(def: ScenarioDef): Promise<ScenarioResult> {
  const t0 = Date.now();
  const notes: string[] = [];
  const problems: string[] = [];
  const log = (line: string) => console.log(`[${def.name}] ${line}`);
  let cluster: ChaosCluster | undefined;
  let result: ScenarioResult;
  const base = {
    scenario: def.name,
    faults: def.faults,
    submitted: 0,
    receipted: 0,
    committed: 0,
    lost: 0,
    notes,
    problems,
  };
  try {
    cluster = await ChaosCluster.start({
      scenario: def.name,
      proposers: PROPOSERS + (def.extraProposers ?? 0),
      ...(def.params ? { params: def.params } : {}),
      ...(def.byzantine ? { byzantine: def.byzantine } : {}),
      log,
    });
    const keys = proposerKeys(cluster.testnet, PROPOSERS);
    const probeKey = keys[LOAD_WORKERS] as string;
    const probeReceipts: Receipt[] = [];

    const warm = await probeCommit(cluster, probeKey, "warmup", def.byzantine ? 20_000 : 90_000);
    if (warm) {
      probeReceipts.push(warm.receipt);
      log(`warm-up committed at height ${warm.receipt.height} (${Date.now() - t0} ms after start)`);
    } else if (!def.byzantine) {
      throw new Error("the fresh cluster did not commit a warm-up proposal within 90 s");
    } else
      notes.push(
        "no warm-up commit within 20 s with the Byzantine member (expected for a Byzantine primary)",
      );

    const load = new LoadGenerator({
      testnet: cluster.testnet,
      keys: keys.slice(0, LOAD_WORKERS),
      tag: `load-${def.name}`,
      count_max: def.load?.count_max ?? 60,
      duration_ms: def.load?.duration_ms ?? 45_000,
    }).start();
    const ctx: FaultContext = { cluster, load, log, notes, receipts: [] };
    const outcome = await def.inject(ctx);
    if ("skipped" in outcome) {
      await load.finish();
      result = {
        ...base,
        outcome: "skipped",
        reason: outcome.skipped,
        duration_ms: Date.now() - t0,
        workdir: cluster.dir,
      };
      log(`skipped: ${outcome.skipped}`);
      record(result);
      return result;
    }
    log(`healed at +${outcome.healed_ms - t0} ms; probing for a commit`);
    const probe = await probeCommit(cluster, probeKey, "probe", RECOVERY_TIMEOUT_MS);
    let recovery_ms: number | undefined;
    if (probe) {
      probeReceipts.push(probe.receipt);
      recovery_ms = probe.at_ms - outcome.healed_ms;
      log(`cluster commits again: height ${probe.receipt.height}, ${recovery_ms} ms after healing`);
    } else problems.push(`no commit within ${RECOVERY_TIMEOUT_MS / 1000} s after healing (liveness)`);

    const submissions = await load.done();
    const receipts = submissions.flatMap((s) => (s.receipt ? [s.receipt] : []));
    log(`load: ${submissions.length} submitted, ${receipts.length} receipted`);
    const errors = new Map<string, number>();
    for (const s of submissions)
      if (s.error) errors.set(s.error.slice(0, 120), (errors.get(s.error.slice(0, 120)) ?? 0) + 1);
    for (const [e, k] of errors) notes.push(`${k} submission(s) without receipt: ${e}`);

    // Convergence: all honest nodes at one height, at least the highest receipted one.
    const top = Math.max(0, ...[...receipts, ...probeReceipts, ...ctx.receipts].map((r) => r.height));
    let catchup_ms: number | undefined;
    try {
      const h = await cluster.waitConverged(cluster.honest, top, CONVERGE_TIMEOUT_MS);
      catchup_ms = Math.max(0, Date.now() - outcome.healed_ms);
      log(`honest nodes converged at height ${h}`);
    } catch (e) {
      const hs = await Promise.all(
        cluster.honest.map(async (i) => `node${i}=${(await cluster?.status(i))?.height ?? "?"}`),
      );
      problems.push(`honest nodes did not converge: ${hs.join(" ")} (${(e as Error).message})`);
    }
    if (def.after) {
      try {
        await def.after(ctx);
      } catch (e) {
        problems.push(`post-check: ${(e as Error).message}`);
      }
    }

    await cluster.stopAll();
    const check = await checkLedgers(cluster.testnet, cluster.honest, [
      ...receipts,
      ...probeReceipts,
      ...ctx.receipts,
    ]);
    problems.push(...check.problems);
    const probeIds = new Set(probeReceipts.map((r) => r.proposalId));
    const committed = [...check.acceptedIds].filter((id) => !probeIds.has(id)).length;
    notes.push(
      `ledger heights ${Object.entries(check.heights)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")}`,
    );
    result = {
      ...base,
      outcome: problems.length === 0 ? "passed" : "failed",
      ...(problems.length ? { reason: problems[0] } : {}),
      submitted: submissions.length,
      receipted: receipts.length,
      committed,
      lost: check.lost.length,
      ...(recovery_ms === undefined ? {} : { recovery_ms }),
      ...(catchup_ms === undefined ? {} : { catchup_ms }),
      heights: check.heights,
      duration_ms: Date.now() - t0,
      workdir: cluster.dir,
    };
  } catch (e) {
    problems.push(`harness: ${(e as Error).stack ?? String(e)}`);
    result = {
      ...base,
      outcome: "failed",
      reason: (e as Error).message,
      duration_ms: Date.now() - t0,
      ...(cluster ? { workdir: cluster.dir } : {}),
    };
  } finally {
    await cluster?.destroy();
  }
  log(
    `${result.outcome} in ${(result.duration_ms / 1000).toFixed(0)} s${result.problems.length ? `: ${result.problems.join("; ")}` : ""}`,
  );
  record(result);
  return result;
}
