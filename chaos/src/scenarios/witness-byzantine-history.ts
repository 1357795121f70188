// witness-byzantine-history (issue 17, item 4): a `pbft witness` on the host polls the signed heads of the
// four containers while node3 is Byzantine toward auditors: it votes honestly, but its published HTTP port
// is a proxy (src/byzantine/heads.ts) that, on the scenario's cue, serves
//   1. a rolled-back history: its own validly signed head at height K, after the witness saw it at >= 2K;
//   2. a forked history: its latest head with another tree root and entry hash (which 2f+1 members never
//      signed: one Byzantine member of four cannot make a validly signed fork).
// The long-running witness must raise each alarm (log line and metric) within one poll interval of the cue
// (at the latest in the first poll that started after it), `pbft witness --once` must exit 2 on the doctored
// head and 0 on the honest nodes, the witness must raise nothing before the cue, and the honest members must
// go on committing and signing heads through it all. The detection times go into the report's notes.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { httpPort } from "../harness/cluster.js";
import { sleep, waitFor } from "../harness/docker.js";
import { submitOnce } from "../harness/load.js";
import { BASE_PORT, CLI } from "../harness/paths.js";
import { type FaultContext, type FaultOutcome, PROPOSERS, type ScenarioDef } from "../harness/scenario.js";
import { cliEnv, pbft } from "./pbft-cli.js";

/** A short checkpoint interval: a head every 4 entries (a slow, shared machine commits few per second). */
const K = 4;
const LIAR = 3;
const INTERVAL_MS = 2_000;
const LEAD_MS = 4_000;

interface Line {
  readonly at: number;
  readonly o: { alarm?: string; node?: string; msg?: string; heads?: Record<string, number | null> };
}

/** The witness as a child process; every JSON line it logs (stderr) with the time it arrived. */
class WitnessProcess {
  readonly lines: Line[] = [];
  private readonly child: ChildProcess;
  private rest = "";

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, [CLI, "witness", ...args], {
      env: cliEnv(),
      stdio: ["ignore", "ignore", "pipe"],
    });
    this.child.stderr?.on("data", (d: Buffer) => {
      const at = Date.now();
      const text = this.rest + d.toString();
      const parts = text.split("\n");
      this.rest = parts.pop() ?? "";
      for (const p of parts) {
        try {
          this.lines.push({ at, o: JSON.parse(p) as Line["o"] });
        } catch {
          // a line for people: not counted
        }
      }
    });
  }

  polls(after = 0): Line[] {
    return this.lines.filter((l) => l.o.msg === "poll" && l.at > after);
  }

  alarms(kind?: string): Line[] {
    return this.lines.filter((l) => l.o.alarm !== undefined && (kind === undefined || l.o.alarm === kind));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once("exit", () => r()));
    this.child.kill("SIGTERM");
    await Promise.race([exited, sleep(10_000)]);
    if (this.child.exitCode === null) this.child.kill("SIGKILL");
  }
}

/** True when no load submission started in the last 10 s (the load's bounds ended it). */
async function loadIdle(ctx: FaultContext): Promise<boolean> {
  const last = Math.max(0, ...ctx.load.submissions.map((s) => s.started_ms));
  return Date.now() - last > 10_000;
}

async function headHeight(i: number): Promise<number> {
  try {
    const r = await fetch(`http://127.0.0.1:${httpPort(i)}/heads/latest`, {
      signal: AbortSignal.timeout(5_000),
    });
    return r.ok ? ((await r.json()) as { height: number }).height : 0;
  } catch {
    return 0;
  }
}

async function metric(port: number, re: RegExp): Promise<number> {
  try {
    const text = await (
      await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5_000) })
    ).text();
    const m = re.exec(text);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Writes the lie to node3's trigger file and waits for the witness's alarm of `kind` about node3; returns
 * the detection time and how many polls ended between the cue and the alarm.
 */
async function lieAndDetect(
  ctx: FaultContext,
  w: WitnessProcess,
  trigger: string,
  lie: string,
  kind: string,
  liarUrl: string,
): Promise<{ detection_ms: number; pollsBefore: number }> {
  const before = w.alarms(kind).length;
  writeFileSync(trigger, lie);
  const cue = Date.now();
  ctx.log(`node${LIAR} starts lying: ${lie}`);
  const alarm = await waitFor(
    `a ${kind} alarm about node${LIAR}`,
    async () =>
      w
        .alarms(kind)
        .slice(before)
        .find((l) => l.o.node === liarUrl),
    Math.max(30_000, 10 * INTERVAL_MS),
    100,
  );
  rmSync(trigger, { force: true });
  const pollsBefore = w.polls(cue).filter((l) => l.at < alarm.at).length;
  const detection_ms = alarm.at - cue;
  // The alarm is logged before its own poll's summary line, so polls ended in between that were not this
  // one: at most one (a poll under way at the cue may have asked node3 before the lie began).
  if (pollsBefore > 1)
    throw new Error(
      `${kind}: the witness needed ${pollsBefore + 1} polls after the cue (${detection_ms} ms)`,
    );
  ctx.notes.push(
    `witness ${kind} alarm ${detection_ms} ms after node${LIAR} began serving "${lie}" (poll interval ${INTERVAL_MS} ms, ${pollsBefore} poll(s) ended in between)`,
  );
  return { detection_ms, pollsBefore };
}

async function inject(ctx: FaultContext): Promise<FaultOutcome> {
  const { cluster, log, notes } = ctx;
  const urls = cluster.names.map((_, i) => `http://127.0.0.1:${httpPort(i)}`);
  const liarUrl = urls[LIAR] as string;
  const honestUrls = urls.filter((u) => u !== liarUrl);
  const clusterArgs = ["--cluster", join(cluster.testnet, "cluster.json")];
  const trigger = join(cluster.testnet, `node${LIAR}`, "chaos-heads");
  const metricsPort = BASE_PORT + 95;
  const dir = join(cluster.dir, "witness");
  mkdirSync(dir, { recursive: true });
  await sleep(LEAD_MS);

  const w = new WitnessProcess([
    ...clusterArgs,
    "--dir",
    dir,
    "--interval",
    `${INTERVAL_MS}ms`,
    "--listen",
    `127.0.0.1:${metricsPort}`,
    "--node",
    ...urls,
  ]);
  try {
    // The witness must have seen node3's head at 2K or above, so that head K is a rollback.
    await waitFor(
      `the witness seeing node${LIAR}'s head at ${2 * K} or above`,
      async () => ((w.polls().at(-1)?.o.heads?.[liarUrl] ?? 0) >= 2 * K ? true : undefined),
      300_000,
      500,
    );
    if (w.alarms().length > 0)
      throw new Error(`false alarm before any lie: ${JSON.stringify(w.alarms()[0]?.o)}`);
    const honestBefore = Math.min(...(await Promise.all(cluster.honest.map(headHeight))));
    notes.push(`${w.polls().length} polls without an alarm before the lie; honest heads at ${honestBefore}`);

    await lieAndDetect(ctx, w, trigger, `rollback:${K}`, "rollback", liarUrl);
    await lieAndDetect(ctx, w, trigger, "doctor", "bad-head", liarUrl);

    const rollbacks = await metric(metricsPort, /pbft_witness_alarms_total\{kind="rollback"\} (\d+)/);
    const bad = await metric(metricsPort, /pbft_witness_alarms_total\{kind="bad-head"\} (\d+)/);
    const forks = await metric(metricsPort, /pbft_witness_alarms_total\{kind="fork"\} (\d+)/);
    if (rollbacks < 1 || bad < 1) throw new Error(`witness metrics: rollback ${rollbacks}, bad-head ${bad}`);
    notes.push(`witness /metrics: rollback ${rollbacks}, bad-head ${bad}, fork ${forks}`);

    // `--once` with a fresh directory: exit 0 on the honest nodes, exit 2 while node3 serves the doctored head.
    const once = (nodes: readonly string[], sub: string) =>
      pbft(["witness", ...clusterArgs, "--once", "--dir", join(dir, sub), "--node", ...nodes], 60_000);
    const clean = await once(honestUrls, "once-honest");
    if (clean.code !== 0)
      throw new Error(`witness --once on the honest nodes exited ${clean.code}: ${clean.stderr.slice(-300)}`);
    writeFileSync(trigger, "doctor");
    const caught = await once(urls, "once-all");
    rmSync(trigger, { force: true });
    if (caught.code !== 2 || !/"alarm":"bad-head"/.test(caught.stderr))
      throw new Error(
        `witness --once with the doctored head exited ${caught.code}: ${caught.stderr.slice(-300)}`,
      );
    notes.push(
      "pbft witness --once: exit 0 on the honest nodes, exit 2 (bad-head) with node3's doctored head",
    );

    const healed_ms = Date.now();
    // The honest cluster went on: its members sign new heads after the lies (the load still runs).
    // If the bounded load has ended by now, the probe key (idle until inject returns) commits the rest.
    const probeKey = join(cluster.testnet, `proposer-${PROPOSERS - 1}.key`);
    let extra = 0;
    const hs = await waitFor(
      `honest heads above ${honestBefore + K}`,
      async () => {
        const now = await Promise.all(cluster.honest.map(headHeight));
        if (Math.min(...now) >= honestBefore + K) return now;
        if (ctx.load.receipted.length > 0 && (await loadIdle(ctx))) {
          const r = await submitOnce(cluster.testnet, probeKey, `witness-extra-${extra++}`, 30_000);
          if (r.receipt) ctx.receipts.push(r.receipt);
        }
        return undefined;
      },
      180_000,
      1_000,
    );
    notes.push(
      `honest heads went on: ${honestBefore} -> ${hs.join(",")}${extra ? ` (${extra} proposals of the scenario's own after the load ended)` : ""}`,
    );
    const stray = w.alarms().filter((l) => l.o.node !== liarUrl);
    if (stray.length) throw new Error(`alarm about an honest node: ${JSON.stringify(stray[0]?.o)}`);
    log(`witness: ${w.polls().length} polls, ${w.alarms().length} alarms, all about node${LIAR}`);
    return { healed_ms };
  } finally {
    rmSync(trigger, { force: true });
    await w.stop();
  }
}

export const witnessByzantineHistory: ScenarioDef = {
  name: "witness-byzantine-history",
  faults:
    "node3 votes honestly but serves auditors a rolled-back head, then a doctored (forked) one; a pbft witness polling every 2 s must alarm within one poll",
  byzantine: { node: LIAR, mode: "lying-heads" },
  params: { checkpointInterval: K, logWindow: 4 * K },
  load: { duration_ms: 90_000, count_max: 120 },
  inject,
};
