// reconfig-kill-primary (issue 16, item 6): a configuration change that changes who signs goes through its
// vote on the containers while the load flows, and the primary is killed -9 in the middle of it.
//   1. proposer-4 (a key of the scenario's own) commits a proposal: it is authorised;
//   2. a backup r rotates its vote key (`pbft member rotate`: a new key in a fresh token in its home) and is
//      restarted (a running PKCS#11 library does not see a token made after it started);
//   3. one change, proposed by member a with its vote key: rotate r's key, remove proposer-4, set
//      batchSizeMax=128; member a approves;
//   4. the primary is killed (docker kill -s KILL); member b approves while it is dead (the cluster changes
//      view to order it); the primary is started again once that approval landed (15 s after the kill at
//      the earliest, 60 s at the latest), and member r approves around its return;
//   5. every node reaches epoch 1; proposer-4's next proposal is refused `unauthorised-proposer`.
// Then the usual checks (recovery, convergence, offline `pbft ledger verify` from the genesis alone, no
// receipted proposal lost, the change's own entries included) and, after convergence: every honest node
// reports epoch 1 with r's new key, without proposer-4 and with the new parameter.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { httpPort } from "../harness/cluster.js";
import { sleep, waitFor } from "../harness/docker.js";
import { type Receipt, submitOnce } from "../harness/load.js";
import { type FaultContext, PROPOSERS, type ScenarioDef } from "../harness/scenario.js";
import { pbft, why } from "./pbft-cli.js";

/** A short checkpoint interval: the change applies at the first multiple of it after its approvals. */
const K = 8;
const LEAD_MS = 6_000;
const DOWN_MS = 15_000;
const MAX_DOWN_MS = 60_000;
const EPOCH_TIMEOUT_MS = 240_000;
const NEW_BATCH_SIZE_MAX = 128;

interface ConfigView {
  readonly current: {
    readonly epoch: number;
    readonly startHeight: number;
    readonly config: {
      readonly members: readonly { readonly name: string; readonly votePublicKey: string }[];
      readonly proposers: readonly { readonly publicKey: string }[];
      readonly parameters?: Readonly<Record<string, number>>;
    };
  };
  readonly history?: readonly { readonly epoch: number; readonly startHeight: number }[];
}

async function configOf(i: number, history = false): Promise<ConfigView | undefined> {
  try {
    const r = await fetch(`http://127.0.0.1:${httpPort(i)}/config${history ? "?history=1" : ""}`, {
      signal: AbortSignal.timeout(5_000),
    });
    return r.ok ? ((await r.json()) as ConfigView) : undefined;
  } catch {
    return undefined;
  }
}

async function changeOf(
  i: number,
  id: string,
): Promise<{ approvals: readonly string[]; status: string } | undefined> {
  try {
    const r = await fetch(`http://127.0.0.1:${httpPort(i)}/config/changes/${id}`, {
      signal: AbortSignal.timeout(5_000),
    });
    return r.ok ? ((await r.json()) as { approvals: readonly string[]; status: string }) : undefined;
  } catch {
    return undefined;
  }
}

/** What the scenario learnt in inject and checks again after convergence. */
interface Expected {
  rotated: string;
  newKey: string;
  removedKey: string;
  restartedAt: number;
}
const expected = new Map<FaultContext, Expected>();

/** A receipt from a config command's --json output (it records an entry like any proposal). */
function receiptOf(j: Record<string, unknown> | undefined): Receipt | undefined {
  if (j?.decision !== "accepted" || typeof j.height !== "number" || typeof j.id !== "string")
    return undefined;
  return { height: j.height, entryHash: String(j.entryHash), proposalId: j.id, decision: "accepted" };
}

/**
 * One member's approval, run again as an operator would after a timeout or a reply recorded as a duplicate
 * (near a view change or a boundary); `already-approved` means an earlier attempt counted.
 */
async function approve(ctx: FaultContext, member: number, via: number, id: string): Promise<void> {
  const home = join(ctx.cluster.testnet, `node${member}`);
  for (let attempt = 1; attempt <= 5; attempt++) {
    const t0 = Date.now();
    const r = await pbft(
      [
        "config",
        "approve",
        "--home",
        home,
        "--node",
        `127.0.0.1:${httpPort(via)}`,
        "--timeout",
        "60s",
        "--json",
        id,
      ],
      150_000,
    );
    const reason =
      r.json?.reason ?? (r.json?.error as { details?: { reason?: string } } | undefined)?.details?.reason;
    if (r.json?.decision === "accepted") {
      const rc = receiptOf(r.json);
      if (rc) ctx.receipts.push(rc);
      ctx.log(
        `node${member} approved at height ${String(r.json.height)} (${Date.now() - t0} ms, attempt ${attempt})`,
      );
      return;
    }
    if (reason === "already-approved" || (attempt > 1 && reason === "change-not-pending")) {
      ctx.notes.push(`node${member}'s approval: an earlier attempt counted (${String(reason)})`);
      return;
    }
    // What an operator checks next (`pbft config show`): did the approval count after all? The last one
    // can complete the change while the command still waits for replies; once the epoch switches, a
    // retransmission signed with a rotated member's old key is refused unauthorised-proposer by a member
    // already in the new epoch, and the client takes one such refusal as final.
    const recorded = await changeOf(via, id);
    if (recorded?.approvals.includes(`node${member}`)) {
      ctx.notes.push(
        `node${member}'s approval counted (change ${recorded.status}), though the command said ${why(r)}`,
      );
      ctx.log(`node${member}'s approval counted although the command reported ${reason ?? r.code}`);
      return;
    }
    ctx.notes.push(`node${member}'s approval, attempt ${attempt}: ${why(r)}`);
    if (!(r.code === 3 || reason === "duplicate-request" || reason === "timeout")) break;
    await sleep(1_000);
  }
  throw new Error(`node${member} could not approve change ${id}`);
}

async function inject(ctx: FaultContext) {
  const { cluster, log, notes } = ctx;
  const tn = cluster.testnet;
  const removedKeyFile = join(tn, `proposer-${PROPOSERS}.key`);
  const removedPub = join(tn, `proposer-${PROPOSERS}.pub.json`);
  const removedKey = (JSON.parse(readFileSync(removedPub, "utf8")) as { publicKey: string }).publicKey;
  await sleep(LEAD_MS);

  const authorised = await submitOnce(tn, removedKeyFile, "proposer-4-before", 60_000);
  if (!authorised.receipt)
    throw new Error(`proposer-4 could not commit before the change: ${authorised.error}`);
  ctx.receipts.push(authorised.receipt);

  const p = await cluster.primary();
  const [r, a, b] = [1, 2, 3].map((k) => (p + k) % cluster.n) as [number, number, number];
  const via = (i: number) => ["--node", `127.0.0.1:${httpPort(i)}`];
  const rot = await pbft(["member", "rotate", "--home", join(tn, `node${r}`), ...via(a), "--json"]);
  if (rot.code !== 0 || typeof rot.json?.rotationPath !== "string")
    throw new Error(`member rotate node${r}: ${why(rot)}`);
  const newKey = String(rot.json.newKey);
  log(
    `node${r} made a new vote key ${newKey.slice(0, 16)}… in token ${String(rot.json.tokenLabel)}; restarting it`,
  );
  await cluster.stop(r);
  await cluster.startAgain(r, true);

  const proposed = await pbft(
    [
      "config",
      "propose",
      "--home",
      join(tn, `node${a}`),
      ...via(a),
      "--rotate-member",
      rot.json.rotationPath,
      "--remove-proposer",
      removedPub,
      "--set",
      `batchSizeMax=${NEW_BATCH_SIZE_MAX}`,
      "--reason",
      `chaos: rotate node${r}'s vote key, revoke proposer-4, batchSizeMax ${NEW_BATCH_SIZE_MAX}`,
      "--timeout",
      "60s",
      "--json",
    ],
    150_000,
  );
  const proposal = receiptOf(proposed.json);
  if (!proposal) throw new Error(`config propose: ${why(proposed)}`);
  ctx.receipts.push(proposal);
  const id = proposal.proposalId;
  log(
    `change ${id} proposed at height ${proposal.height} (epoch 0); node${a} approves, then primary node${p} dies`,
  );
  await approve(ctx, a, a, id);

  log(`kill -9 primary node${p} in the middle of the change`);
  const killedAt = Date.now();
  await cluster.kill(p);
  // The second approval is ordered while the primary is dead (the others change view for it); the primary
  // comes back when it has landed, 15 s after the kill at the earliest and 60 s at the latest, and the
  // last approval goes through around its return.
  let secondAt = 0;
  let lastApprovalAt = 0;
  const second = approve(ctx, b, b, id).then(() => {
    secondAt = Date.now();
  });
  const approvals = (async () => {
    await second;
    await approve(ctx, r, a, id);
    lastApprovalAt = Date.now();
  })();
  const restart = (async () => {
    await Promise.race([second, sleep(MAX_DOWN_MS)]);
    await sleep(Math.max(0, killedAt + DOWN_MS - Date.now()));
    await cluster.startAgain(p, false);
    const at = Date.now();
    log(`primary node${p} started again (${at - killedAt} ms after the kill)`);
    return at;
  })();
  const [, healed_ms] = await Promise.all([approvals, restart]);
  const when = (t: number) =>
    `${t - killedAt} ms after the kill, ${t <= healed_ms ? "before" : "after"} the restart`;
  notes.push(
    `primary node${p} down ${healed_ms - killedAt} ms; approvals: node${a} before the kill, node${b} ${when(secondAt)}, node${r} ${when(lastApprovalAt)}`,
  );
  await cluster.waitHealthy(p);

  // The new configuration's first entry, then every node in epoch 1. The load may have ended by now (it is
  // bounded): the probe key (idle until inject returns) submits while epoch 1 has committed nothing.
  const probeKey = join(tn, `proposer-${PROPOSERS - 1}.key`);
  const failures: string[] = [];
  let probes = 0;
  const first = await waitFor(
    "epoch 1 committing its first entry",
    async () => {
      const v = await configOf(a, true);
      const s = await cluster.status(a);
      const start = v?.history?.find((e) => e.epoch === 1)?.startHeight;
      if (start !== undefined && s && Number(s.epoch) === 1 && s.height >= start)
        return { start, at: Date.now() };
      if (start !== undefined && lastApprovalAt > 0 && Date.now() - lastApprovalAt > 5_000) {
        const r = await submitOnce(tn, probeKey, `epoch1-probe-${probes++}`, 30_000);
        if (r.receipt) ctx.receipts.push(r.receipt);
        else failures.push(r.error ?? "?");
      }
      return undefined;
    },
    EPOCH_TIMEOUT_MS,
    250,
  ).catch((e: unknown) => {
    throw new Error(
      `${(e as Error).message}; ${probes} probe(s) in the meantime${failures.length ? `, failures: ${[...new Set(failures)].join(" | ").slice(0, 400)}` : ""}`,
    );
  });
  notes.push(
    `epoch 1 starts at height ${first.start}; last approval to its first entry seen committed: ${first.at - lastApprovalAt} ms (polled every 250 ms; ${probes} probe proposal(s) of the scenario's own${failures.length ? `, ${failures.length} failed: ${[...new Set(failures)].join(" | ").slice(0, 200)}` : ""})`,
  );
  for (const i of cluster.honest)
    await waitFor(
      `node${i} in epoch 1`,
      async () => (Number((await cluster.status(i))?.epoch) === 1 ? true : undefined),
      EPOCH_TIMEOUT_MS,
    );

  const refused = await submitOnce(tn, removedKeyFile, "proposer-4-after", 60_000);
  if (refused.receipt)
    throw new Error(`proposer-4 was removed but its proposal committed at height ${refused.receipt.height}`);
  if (!/unauthorised-proposer/.test(refused.error ?? ""))
    throw new Error(
      `proposer-4's proposal after the change failed, but not as unauthorised-proposer: ${refused.error}`,
    );
  notes.push(`removed proposer-4 refused: ${refused.error?.slice(0, 120)}`);
  expected.set(ctx, { rotated: `node${r}`, newKey, removedKey, restartedAt: healed_ms });
  return { healed_ms };
}

async function after(ctx: FaultContext): Promise<void> {
  const e = expected.get(ctx);
  if (!e) throw new Error("the change was not made");
  const seen: string[] = [];
  for (const i of ctx.cluster.honest) {
    const s = await ctx.cluster.status(i);
    const v = await configOf(i);
    if (!s || !v) throw new Error(`node${i} does not answer /status or /config`);
    const c = v.current;
    const key = c.config.members.find((m) => m.name === e.rotated)?.votePublicKey;
    const problems = [
      Number(s.epoch) !== 1 || c.epoch !== 1 ? `epoch ${String(s.epoch)}/${c.epoch}, not 1` : "",
      key !== e.newKey ? `${e.rotated}'s key ${key?.slice(0, 16)}…, not the new one` : "",
      c.config.proposers.some((x) => x.publicKey === e.removedKey) ? "proposer-4 still authorised" : "",
      c.config.parameters?.batchSizeMax !== NEW_BATCH_SIZE_MAX
        ? `batchSizeMax ${String(c.config.parameters?.batchSizeMax)}`
        : "",
    ].filter(Boolean);
    if (problems.length) throw new Error(`node${i}: ${problems.join("; ")}`);
    seen.push(`node${i}`);
  }
  // The report's recovery column runs from the primary's restart to the probe after inject, which waits for
  // the approvals and the epoch switch first: the first load receipt after the restart says more.
  const firstAfter = Math.min(
    ...ctx.load.submissions.filter((x) => x.receipt && x.ended_ms > e.restartedAt).map((x) => x.ended_ms),
  );
  if (Number.isFinite(firstAfter))
    ctx.notes.push(`first load receipt after the primary's restart: ${firstAfter - e.restartedAt} ms`);
  ctx.notes.push(
    `${seen.join(", ")} report epoch 1: ${e.rotated}'s new vote key, proposer-4 gone, batchSizeMax ${NEW_BATCH_SIZE_MAX}`,
  );
  expected.delete(ctx);
}

export const reconfigKillPrimary: ScenarioDef = {
  name: "reconfig-kill-primary",
  faults:
    "a config change (rotate a backup's vote key, revoke a proposer, set batchSizeMax) voted under load; the primary killed -9 after the proposal and the first approval, restarted once the second landed (15-60 s)",
  params: { checkpointInterval: K, logWindow: 4 * K },
  extraProposers: 1,
  load: { duration_ms: 150_000, count_max: 150 },
  inject,
  after,
};
