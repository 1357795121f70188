// Test support: a real cluster on loopback — a testnet made by the CLI (SoftHSM tokens, peer keys),
// each node a child process running `pbft node start`, so faults are real (SIGKILL, restart from disk).
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type ClusterConfig, clusterConfigHash, parseClusterConfig } from "@pbft/ledger";
import { MEMBER_CARD_FILE } from "../ceremony/card.js";
import { ClusterClient } from "../client/submit.js";
import { NODE_CONFIG_FILE } from "../config.js";
import type { NodeStatus } from "../daemon/node.js";
import { loadProposerKey } from "../proposer-key.js";
import {
  CLUSTER_FILE,
  createTestnet,
  localPorts,
  nodeHome,
  proposerKeyFile,
  type Testnet,
  withoutSoftHsmConf,
} from "../testnet.js";
import { type PortBlock, reservePortBlock } from "./port-block.js";

const run = promisify(execFile);
const PACKAGE_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const CLI_PATH = join(PACKAGE_ROOT, "dist", "cli", "main.js");

export interface LocalClusterOptions {
  readonly nodes?: number;
  readonly proposers?: number;
  readonly parameters?: Record<string, number>;
  readonly tmpPrefix?: string;
  /** Ports reserved for nodes added later by configuration changes (addHome). */
  readonly spare?: number;
  /**
   * Rewrites the genesis (cluster.json as JSON) before any node starts, e.g. proposers' organisations and
   * endorsement policies (issue 18); the result is validated as every node will.
   */
  readonly editGenesis?: (genesis: Record<string, unknown>) => Record<string, unknown>;
  /** Extra Node.js flags for every node process (e.g. --cpu-prof), before those of PBFT_NODE_ARGS. */
  readonly nodeArgs?: readonly string[];
}

export class LocalCluster {
  private readonly procs = new Map<number, ChildProcess>();
  private readonly clients: ClusterClient[] = [];
  /** HTTP addresses of nodes added after the genesis, by their node number. */
  private readonly extraHttp = new Map<number, string>();

  private constructor(
    readonly testnet: Testnet,
    readonly dir: string,
    private readonly ports: PortBlock,
    private readonly nodeArgs: readonly string[],
  ) {}

  static async create(o: LocalClusterOptions = {}): Promise<LocalCluster> {
    const dir = mkdtempSync(join(tmpdir(), o.tmpPrefix ?? "pbft-it-"));
    const nodes = o.nodes ?? 4;
    const ports = await reservePortBlock(nodes + (o.spare ?? 0));
    try {
      const made = await createTestnet({
        out: join(dir, "testnet"),
        nodes,
        basePort: ports.base,
        proposers: o.proposers ?? 3,
        force: false,
        cliPath: CLI_PATH,
        parameters: o.parameters ?? {},
      });
      const testnet = o.editGenesis ? rewriteGenesis(made, o.editGenesis) : made;
      return new LocalCluster(testnet, dir, ports, o.nodeArgs ?? []);
    } catch (e) {
      ports.release();
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  get cluster(): ClusterConfig {
    return this.testnet.cluster;
  }

  home(id: number): string {
    return nodeHome(this.testnet.dir, id);
  }

  /**
   * A new organisation's home for node number `id` (name node<id>, the testnet's port layout), made as that
   * organisation would make it (pbft member init), with the testnet's genesis: it is in no configuration
   * until a change adds its card (returned).
   */
  async addHome(id: number): Promise<{ home: string; card: string }> {
    const home = this.home(id);
    const p = localPorts(this.ports.base, id);
    const network = {
      listen: {
        replica: [`/ip4/127.0.0.1/tcp/${p.replica}`],
        client: [`/ip4/127.0.0.1/tcp/${p.client}`],
        http: `127.0.0.1:${p.http}`,
      },
      addresses: [`/ip4/127.0.0.1/tcp/${p.replica}`],
      clientAddresses: [`/ip4/127.0.0.1/tcp/${p.client}`],
      httpAddress: `127.0.0.1:${p.http}`,
    };
    const env = withoutSoftHsmConf();
    delete env.PBFT_HSM_PIN;
    await run(
      process.execPath,
      [
        CLI_PATH,
        "member",
        "init",
        "--home",
        home,
        "--name",
        `node${id}`,
        "--network",
        JSON.stringify(network),
      ],
      { env, timeout: 60_000 },
    );
    const file = join(home, NODE_CONFIG_FILE);
    const cfg = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    writeFileSync(file, `${JSON.stringify({ ...cfg, cluster: `../${CLUSTER_FILE}` }, null, 2)}\n`);
    this.extraHttp.set(id, network.httpAddress);
    return { home, card: join(home, MEMBER_CARD_FILE) };
  }

  httpAddress(id: number): string {
    const a = this.extraHttp.get(id) ?? this.cluster.members[id]?.httpAddress;
    if (a === undefined) throw new Error(`no HTTP address for node ${id}`);
    return a;
  }

  /** The epoch proof from the genesis to the epoch in force, from the first running node that answers. */
  async epochProof(): Promise<unknown> {
    for (const id of this.running()) {
      try {
        const res = await fetch(`http://${this.httpAddress(id)}/config/proof`, {
          signal: AbortSignal.timeout(2000),
        });
        if (res.ok) return await res.json();
      } catch {
        // the next one
      }
    }
    throw new Error("no node serves /config/proof");
  }

  /** Starts node `id` and resolves once its /healthz answers. */
  async start(id: number, timeoutMs = 30_000): Promise<void> {
    if (this.procs.has(id)) throw new Error(`node ${id} already running`);
    const log = openSync(join(this.home(id), "node.log"), "a");
    // PBFT_NODE_ARGS: extra Node.js flags for the node processes (e.g. --cpu-prof when profiling a bench).
    const extra = [
      ...this.nodeArgs,
      ...(process.env.PBFT_NODE_ARGS ?? "").split(" ").filter((a) => a.length > 0),
    ];
    // A node beyond the genesis' members is one a configuration change adds: it starts as an observer.
    const joining = id >= this.cluster.members.length ? ["--join"] : [];
    const child = spawn(
      process.execPath,
      [...extra, CLI_PATH, "node", "start", "--home", this.home(id), ...joining],
      {
        stdio: ["ignore", log, log],
        env: withoutSoftHsmConf(),
      },
    );
    closeSync(log);
    this.procs.set(id, child);
    const exited = new Promise<never>((_, reject) =>
      child.once("exit", (code, signal) =>
        reject(
          new Error(
            `node ${id} exited (${signal ?? code}) during start; its log ends with:\n${this.logTail(id)}`,
          ),
        ),
      ),
    );
    exited.catch(() => undefined);
    await Promise.race([this.until(id, async () => (await this.healthz(id)) === true, timeoutMs), exited]);
  }

  /** The last lines of node `id`'s log, for an error that has to say why the node stopped. */
  logTail(id: number, lines = 20): string {
    try {
      return readFileSync(join(this.home(id), "node.log"), "utf8")
        .trimEnd()
        .split("\n")
        .slice(-lines)
        .join("\n");
    } catch {
      return "(no log)";
    }
  }

  async startAll(): Promise<void> {
    await Promise.all(this.cluster.members.map((m) => this.start(m.id)));
  }

  /** Kills node `id` with `signal` and resolves when the process is gone. */
  async kill(id: number, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const child = this.procs.get(id);
    if (!child) return;
    this.procs.delete(id);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill(signal);
    await gone;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.procs.keys()].map((id) => this.kill(id, "SIGTERM")));
  }

  /** The process id of running node `id` (for CPU and memory readings). */
  pid(id: number): number | undefined {
    return this.procs.get(id)?.pid;
  }

  /** How node `id` ended ("SIGSEGV", "1") when it exited on its own, not through kill(); else undefined. */
  exitStatus(id: number): string | undefined {
    const c = this.procs.get(id);
    if (!c || (c.exitCode === null && c.signalCode === null)) return undefined;
    return c.signalCode ?? String(c.exitCode);
  }

  running(): number[] {
    return [...this.procs.keys()].sort();
  }

  async healthz(id: number): Promise<boolean> {
    try {
      const res = await fetch(`http://${this.httpAddress(id)}/healthz`, {
        signal: AbortSignal.timeout(1000),
      });
      return res.ok;
    } catch {
      return false;
    }
  }

  async status(id: number): Promise<NodeStatus> {
    const res = await fetch(`http://${this.httpAddress(id)}/status`, {
      signal: AbortSignal.timeout(2000),
    });
    return (await res.json()) as NodeStatus;
  }

  async metrics(id: number): Promise<string> {
    const res = await fetch(`http://${this.httpAddress(id)}/metrics`, {
      signal: AbortSignal.timeout(2000),
    });
    return res.text();
  }

  /** Polls node `id` (a child process: nothing to subscribe to) until `ok` holds. */
  async until(id: number, ok: () => Promise<boolean>, timeoutMs: number, what = "condition"): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        if (await ok()) return;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`node ${id}: ${what} not reached within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async client(proposer = 0): Promise<ClusterClient> {
    const c = await ClusterClient.connect({
      cluster: this.cluster,
      key: loadProposerKey(proposerKeyFile(this.testnet.dir, proposer)),
      retransmitMs: 500,
      epochProof: () => this.epochProof(),
    });
    this.clients.push(c);
    return c;
  }

  /** Stops everything and frees the ports; `keepFiles` leaves the nodes' files for a post-mortem. */
  async destroy(keepFiles = false): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close().catch(() => undefined)));
    await this.stopAll();
    if (!keepFiles) rmSync(this.dir, { recursive: true, force: true });
    this.ports.release();
  }
}

/** The testnet with its cluster.json rewritten by `edit` (validated; every node reads this one file). */
function rewriteGenesis(
  t: Testnet,
  edit: (genesis: Record<string, unknown>) => Record<string, unknown>,
): Testnet {
  const file = join(t.dir, "cluster.json");
  const value = edit(JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>);
  const cluster = parseClusterConfig(value, file);
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return { ...t, cluster, genesisHash: clusterConfigHash(cluster) };
}
