// `pbft cluster up|down` and `pbft status`: the local cluster as plain processes, one per node, each
// logging to <node dir>/node.log.
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ClusterConfig } from "@pbft/ledger";
import { fetchConfigView, httpTargets } from "../reconfig/node-api.js";
import { nodeHome, withoutSoftHsmConf } from "../testnet.js";
import { CliError, EXIT, print, printJson } from "./common.js";

const PID_FILE = "node.pid";
const LOG_FILE = "node.log";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function pidOf(home: string): number | undefined {
  const f = join(home, PID_FILE);
  if (!existsSync(f)) return undefined;
  const pid = Number(readFileSync(f, "utf8").trim());
  return Number.isSafeInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
}

/** A running node records its pid in its home (so `cluster down` and operators find it); one per home. */
export function claimPidFile(home: string): string {
  const file = join(home, PID_FILE);
  const other = pidOf(home);
  if (other !== undefined && other !== process.pid)
    throw new CliError(`a node is already running in ${home} (pid ${other})`, EXIT.usage, { pid: other });
  writeFileSync(file, `${process.pid}\n`);
  return file;
}

export function releasePidFile(file: string): void {
  try {
    if (Number(readFileSync(file, "utf8").trim()) === process.pid) rmSync(file, { force: true });
  } catch {
    // already gone
  }
}

async function healthy(httpAddress: string | undefined): Promise<boolean> {
  if (!httpAddress) return false;
  try {
    const res = await fetch(`http://${httpAddress}/healthz`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function waitHealthy(
  cluster: ClusterConfig,
  timeoutMs: number,
  exited: () => string | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = exited();
    if (dead) throw new CliError(dead, EXIT.internal);
    const ok = await Promise.all(cluster.members.map((m) => healthy(m.httpAddress)));
    if (ok.every(Boolean)) return;
    if (Date.now() > deadline)
      throw new CliError(
        `nodes not healthy after ${timeoutMs} ms: ${cluster.members
          .filter((_, i) => !ok[i])
          .map((m) => m.name)
          .join(", ")} (see their node.log)`,
        EXIT.unreachable,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function clusterUp(
  dir: string,
  cluster: ClusterConfig,
  cliPath: string,
  o: { detach: boolean; timeoutMs: number; json: boolean },
): Promise<void> {
  const children: { name: string; home: string; child: ChildProcess; exit?: string }[] = [];
  for (const m of cluster.members) {
    const home = nodeHome(dir, m.id);
    if (!existsSync(join(home, "node.json")))
      throw new CliError(
        `${home}/node.json is missing: is ${dir} a testnet made by 'pbft testnet'?`,
        EXIT["not-found"],
      );
    const running = pidOf(home);
    if (running)
      throw new CliError(
        `${m.name} is already running (pid ${running}): 'pbft cluster down' first`,
        EXIT.usage,
        {
          node: m.name,
          pid: running,
        },
      );
  }
  for (const m of cluster.members) {
    const home = nodeHome(dir, m.id);
    const log = openSync(join(home, LOG_FILE), "a");
    const child = spawn(process.execPath, [cliPath, "node", "start", "--home", home], {
      stdio: ["ignore", log, log],
      detached: o.detach,
      env: withoutSoftHsmConf(),
    });
    closeSync(log);
    if (child.pid === undefined) throw new CliError(`could not start ${m.name}`, EXIT.internal);
    writeFileSync(join(home, PID_FILE), `${child.pid}\n`);
    const entry: (typeof children)[number] = { name: m.name, home, child };
    child.on("exit", (code, signal) => {
      entry.exit = `${m.name} exited (${signal ?? `code ${code}`}); see ${join(home, LOG_FILE)}`;
      rmSync(join(home, PID_FILE), { force: true });
    });
    children.push(entry);
  }
  const stopAll = async () => {
    for (const c of children) if (!c.exit) c.child.kill("SIGTERM");
    const deadline = Date.now() + 10_000;
    while (children.some((c) => !c.exit) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    for (const c of children) if (!c.exit) c.child.kill("SIGKILL");
  };
  try {
    await waitHealthy(cluster, o.timeoutMs, () => children.find((c) => c.exit)?.exit);
  } catch (e) {
    await stopAll();
    throw e;
  }
  if (o.json)
    printJson({
      clusterId: cluster.clusterId,
      n: cluster.members.length,
      f: cluster.f,
      detached: o.detach,
      nodes: cluster.members.map((m, i) => ({
        name: m.name,
        pid: children[i]!.child.pid,
        http: m.httpAddress,
        client: m.clientAddresses[0],
        log: join(nodeHome(dir, m.id), LOG_FILE),
      })),
    });
  else {
    print(
      `cluster ${cluster.clusterId} up: ${cluster.members.length} nodes (f = ${cluster.f}); logs in ${dir}/node<i>/${LOG_FILE}`,
    );
    for (const m of cluster.members)
      print(`  ${m.name}  http://${m.httpAddress}/status  ${m.clientAddresses[0] ?? ""}`);
  }
  if (o.detach) {
    for (const c of children) c.child.unref();
    if (!o.json) print(`running in the background; stop with: pbft cluster down --testnet ${dir}`);
    return;
  }
  if (!o.json) print("Ctrl-C stops the cluster");
  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = () => {
      if (stopping) return;
      stopping = true;
      if (!o.json) print("stopping the cluster…");
      void stopAll().then(resolve);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    for (const c of children)
      c.child.on("exit", () => {
        if (!stopping && !o.json) print(c.exit ?? `${c.name} exited`);
        if (children.every((x) => x.exit)) resolve();
      });
  });
}

export async function clusterDown(dir: string, cluster: ClusterConfig, json = false): Promise<void> {
  const pids: { name: string; pid: number; home: string }[] = [];
  for (const m of cluster.members) {
    const home = nodeHome(dir, m.id);
    const pid = pidOf(home);
    if (pid) pids.push({ name: m.name, pid, home });
    else rmSync(join(home, PID_FILE), { force: true });
  }
  if (pids.length === 0) {
    if (json) printJson({ stopped: [] });
    else print("no node of this testnet is running");
    return;
  }
  for (const p of pids) process.kill(p.pid, "SIGTERM");
  const deadline = Date.now() + 10_000;
  while (pids.some((p) => alive(p.pid)) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  for (const p of pids) {
    if (alive(p.pid)) process.kill(p.pid, "SIGKILL");
    rmSync(join(p.home, PID_FILE), { force: true });
  }
  if (json) printJson({ stopped: pids.map((p) => p.name) });
  else print(`stopped ${pids.map((p) => p.name).join(", ")}`);
}

/**
 * Every member's /status: the members of the epoch in force (asked of any node that answers /config, so
 * organisations added since the genesis are included and removed ones are not), else the genesis'.
 */
export async function statusCommand(genesis: ClusterConfig, json: boolean): Promise<void> {
  let cluster: ClusterConfig = genesis;
  let epoch = 0;
  try {
    const view = await fetchConfigView(httpTargets(undefined, genesis), false, 2000);
    cluster = view.current.config;
    epoch = view.current.epoch;
  } catch {
    // no node answers /config: the genesis' members, as before
  }
  const rows = await Promise.all(
    cluster.members.map(async (m) => {
      try {
        const res = await fetch(`http://${m.httpAddress}/status`, { signal: AbortSignal.timeout(2000) });
        if (!res.ok) return { name: m.name, error: `HTTP ${res.status}` };
        return { name: m.name, status: (await res.json()) as Record<string, unknown> };
      } catch (e) {
        return { name: m.name, error: `unreachable (${(e as Error).message})` };
      }
    }),
  );
  if (json) {
    printJson(rows);
  } else {
    print(`cluster ${cluster.clusterId}: epoch ${epoch}, n = ${cluster.members.length}, f = ${cluster.f}`);
    for (const r of rows) {
      if ("error" in r) {
        print(`  ${r.name.padEnd(8)} DOWN  ${r.error}`);
        continue;
      }
      const s = r.status as {
        view: number;
        primary: number;
        height: number;
        stableCheckpoint: number;
        connectedPeers: number[];
        viewChanging: boolean;
        equivocationEvidence: unknown[];
        epoch?: number;
        members?: { id: number; name: string }[];
        pendingBoundary?: number | null;
      };
      const primary = s.members?.find((m) => m.id === s.primary)?.name ?? `member ${s.primary}`;
      print(
        `  ${r.name.padEnd(8)} epoch ${s.epoch ?? 0}  view ${s.view}${s.viewChanging ? " (changing)" : ""}  primary ${primary}  height ${s.height}  stable ${s.stableCheckpoint}  peers [${s.connectedPeers.join(",")}]${s.pendingBoundary ? `  change applies after ${s.pendingBoundary}` : ""}${s.equivocationEvidence.length ? `  EVIDENCE ${s.equivocationEvidence.length}` : ""}`,
      );
    }
  }
  // More than f members down: no quorum can form.
  if (rows.filter((r) => "error" in r).length > cluster.f) process.exitCode = EXIT.unreachable;
}
