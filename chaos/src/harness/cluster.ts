// A four-node cluster of real containers (the same image as deploy/compose.yaml) on its own Docker
// network, with the faults the scenarios apply. Containers are created through testcontainers; the
// faults testcontainers has no call for go through the docker CLI. Everything created here is labelled
// and removed by destroy(), also when a scenario fails.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GenericContainer, type StartedTestContainer, Wait } from "testcontainers";
import { docker, dockerOk, run, sleep, waitFor } from "./docker.js";
import { BASE_PORT, CLI, IMAGE, LABEL, WORK_ROOT } from "./paths.js";

/** lying-heads: votes honestly, but its published HTTP port is a proxy that lies about /heads/latest. */
export type ByzantineMode = "equivocate" | "bad-votes" | "lying-heads";

export interface ClusterOptions {
  readonly scenario: string;
  readonly nodes?: number;
  /** Proposer keys in the testnet (one per concurrent submitter). */
  readonly proposers?: number;
  readonly byzantine?: { readonly node: number; readonly mode: ByzantineMode };
  /** Protocol parameters for the genesis (`pbft testnet --param name=value`). */
  readonly params?: Readonly<Record<string, number>>;
  readonly log?: (line: string) => void;
}

export interface NodeStatus {
  readonly id: number;
  readonly view: number;
  readonly primary: number;
  readonly height: number;
  readonly [key: string]: unknown;
}

const HEALTH_CMD =
  "node -e \"fetch('http://127.0.0.1:7002/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))\"";

/** GenericContainer with ports published on 127.0.0.1 only, at fixed host ports. */
class LoopbackContainer extends GenericContainer {
  withLoopbackPort(containerPort: number, hostPort: number): this {
    const key = `${containerPort}/tcp`;
    this.createOpts.ExposedPorts = { ...this.createOpts.ExposedPorts, [key]: {} };
    this.hostConfig.PortBindings = {
      ...this.hostConfig.PortBindings,
      [key]: [{ HostIp: "127.0.0.1", HostPort: String(hostPort) }],
    };
    return this;
  }
}

export function clientPort(i: number): number {
  return BASE_PORT + 10 * i + 1;
}
export function httpPort(i: number): number {
  return BASE_PORT + 10 * i + 2;
}

export class ChaosCluster {
  readonly n: number;
  readonly runId: string;
  readonly dir: string;
  readonly testnet: string;
  readonly names: readonly string[];
  readonly network: string;
  private readonly extraNetworks: string[] = [];
  private readonly started: (StartedTestContainer | undefined)[] = [];
  /** Which network each node is attached to right now (undefined: none). */
  private readonly attachedTo: (string | undefined)[] = [];
  private lossApplied = false;
  private readonly log: (line: string) => void;

  private constructor(readonly opts: ClusterOptions) {
    this.n = opts.nodes ?? 4;
    this.runId = `${opts.scenario}-${Date.now().toString(36)}-${randomBytes(2).toString("hex")}`;
    this.dir = join(WORK_ROOT, this.runId);
    this.testnet = join(this.dir, "testnet");
    const short = opts.scenario.replace(/[^a-z0-9]+/g, "").slice(0, 12);
    const tag = randomBytes(2).toString("hex");
    this.names = Array.from({ length: this.n }, (_, i) => `chaos-${short}-${tag}-n${i}`);
    this.network = `chaos-${short}-${tag}`;
    this.log = opts.log ?? ((line) => console.log(`[${opts.scenario}] ${line}`));
  }

  get byzantine(): number | undefined {
    return this.opts.byzantine?.node;
  }

  get honest(): number[] {
    return Array.from({ length: this.n }, (_, i) => i).filter((i) => i !== this.byzantine);
  }

  /** Generates the testnet, creates the network and starts every node; on failure removes what it made. */
  static async start(opts: ClusterOptions): Promise<ChaosCluster> {
    const c = new ChaosCluster(opts);
    try {
      await c.init();
      return c;
    } catch (e) {
      await c.destroy();
      throw e;
    }
  }

  private async init(): Promise<void> {
    mkdirSync(join(this.dir, "logs"), { recursive: true });
    const t0 = Date.now();
    const gen = await run(
      process.execPath,
      [
        CLI,
        "testnet",
        "--out",
        this.testnet,
        "--nodes",
        String(this.n),
        "--base-port",
        String(BASE_PORT),
        "--hosts",
        this.names.join(","),
        "--proposers",
        String(this.opts.proposers ?? 1),
        "--force",
        ...Object.entries(this.opts.params ?? {}).flatMap(([k, v]) => ["--param", `${k}=${v}`]),
      ],
      { timeout_ms: 120_000 },
    );
    if (gen.code !== 0) throw new Error(`pbft testnet failed (${gen.code}): ${gen.stderr.trim()}`);
    this.log(`testnet in ${this.testnet} (${Date.now() - t0} ms)`);
    await dockerOk(["network", "create", "--label", `${LABEL}=1`, this.network]);
    await Promise.all(this.names.map((_, i) => this.create(i)));
    this.log(`${this.n} containers healthy on ${this.network} (${Date.now() - t0} ms)`);
  }

  private async create(i: number): Promise<void> {
    const name = this.names[i] as string;
    let c = new LoopbackContainer(IMAGE)
      .withName(name)
      .withHostname(name)
      .withNetworkMode(this.network)
      .withLabels({ [LABEL]: "1", "pbft-chaos.scenario": this.opts.scenario })
      .withAddedCapabilities("NET_ADMIN")
      .withBindMounts([
        { source: join(this.testnet, "cluster.json"), target: "/pbft/cluster.json", mode: "ro" },
        { source: join(this.testnet, `node${i}`), target: `/pbft/node${i}`, mode: "rw" },
      ])
      .withLoopbackPort(7001, clientPort(i))
      // A lying-heads node's published HTTP port is its proxy (7009), in front of its own server (7002).
      .withLoopbackPort(
        this.opts.byzantine?.node === i && this.opts.byzantine.mode === "lying-heads" ? 7009 : 7002,
        httpPort(i),
      )
      .withWaitStrategy(Wait.forSuccessfulCommand(HEALTH_CMD))
      .withStartupTimeout(120_000);
    if (this.opts.byzantine?.node === i) {
      c = c
        .withEntrypoint(["node"])
        .withCommand([
          "/app/chaos/dist/byzantine/main.js",
          "--home",
          `/pbft/node${i}`,
          "--mode",
          this.opts.byzantine.mode,
        ]);
    } else {
      c = c.withCommand(["node", "start", "--home", `/pbft/node${i}`]);
    }
    this.started[i] = await c.start();
    this.attachedTo[i] = this.network;
  }

  name(i: number): string {
    return this.names[i] as string;
  }

  // ---- observation -------------------------------------------------------------------------

  async status(i: number, timeout_ms = 2_000): Promise<NodeStatus | undefined> {
    try {
      const r = await fetch(`http://127.0.0.1:${httpPort(i)}/status`, {
        signal: AbortSignal.timeout(timeout_ms),
      });
      if (!r.ok) return undefined;
      return (await r.json()) as NodeStatus;
    } catch {
      return undefined;
    }
  }

  async healthy(i: number): Promise<boolean> {
    try {
      const r = await fetch(`http://127.0.0.1:${httpPort(i)}/healthz`, {
        signal: AbortSignal.timeout(2_000),
      });
      return r.ok;
    } catch {
      return false;
    }
  }

  async waitHealthy(i: number, timeout_ms = 90_000): Promise<void> {
    await waitFor(
      `${this.name(i)} /healthz`,
      async () => ((await this.healthy(i)) ? true : undefined),
      timeout_ms,
    );
  }

  /** The primary as most honest reachable nodes report it. */
  async primary(): Promise<number> {
    const votes = new Map<number, number>();
    for (const i of this.honest) {
      const s = await this.status(i);
      if (s && typeof s.primary === "number") votes.set(s.primary, (votes.get(s.primary) ?? 0) + 1);
    }
    let best = 0;
    let count = -1;
    for (const [p, k] of votes) if (k > count) [best, count] = [p, k];
    if (count < 0) throw new Error("no node answered /status");
    return best;
  }

  /** Waits until every node in `nodes` reports the same height >= min_height. Returns that height. */
  async waitConverged(nodes: readonly number[], min_height: number, timeout_ms: number): Promise<number> {
    return waitFor(
      `nodes ${nodes.join(",")} at one height >= ${min_height}`,
      async () => {
        const hs: number[] = [];
        for (const i of nodes) {
          const s = await this.status(i);
          if (!s) return undefined;
          hs.push(Number(s.height));
        }
        const h = hs[0] as number;
        return hs.every((x) => x === h) && h >= min_height ? h : undefined;
      },
      timeout_ms,
      1_000,
    );
  }

  // ---- faults ------------------------------------------------------------------------------

  async kill(i: number): Promise<void> {
    await dockerOk(["kill", "-s", "KILL", this.name(i)]);
  }

  /** Graceful stop (SIGTERM, then KILL after the grace period). */
  async stop(i: number, grace_s = 20): Promise<void> {
    await dockerOk(["stop", "-t", String(grace_s), this.name(i)], (grace_s + 30) * 1_000);
  }

  async startAgain(i: number, wait = true): Promise<void> {
    await dockerOk(["start", this.name(i)]);
    if (this.lossApplied) await this.applyLossTo(i, this.lossProbability);
    if (wait) await this.waitHealthy(i);
  }

  async pause(i: number): Promise<void> {
    await dockerOk(["pause", this.name(i)]);
  }

  async unpause(i: number): Promise<void> {
    await dockerOk(["unpause", this.name(i)]);
  }

  /** Detaches node i from every network (it keeps running, reachable by nobody). */
  async isolate(i: number): Promise<void> {
    const net = this.attachedTo[i];
    if (net) await dockerOk(["network", "disconnect", "-f", net, this.name(i)]);
    this.attachedTo[i] = undefined;
  }

  /** Moves the nodes of `group` to a network of their own: a partition group | rest. */
  async partition(group: readonly number[]): Promise<void> {
    const net = `${this.network}-p${this.extraNetworks.length}`;
    await dockerOk(["network", "create", "--label", `${LABEL}=1`, net]);
    this.extraNetworks.push(net);
    for (const i of group) {
      await dockerOk(["network", "connect", net, this.name(i)]);
      const old = this.attachedTo[i];
      this.attachedTo[i] = net;
      if (old) await dockerOk(["network", "disconnect", "-f", old, this.name(i)]);
    }
  }

  /** Puts every node back on the cluster's network only. */
  async heal(): Promise<void> {
    for (let i = 0; i < this.n; i++) {
      const cur = this.attachedTo[i];
      if (cur === this.network) continue;
      await dockerOk(["network", "connect", this.network, this.name(i)]);
      this.attachedTo[i] = this.network;
      if (cur) await dockerOk(["network", "disconnect", "-f", cur, this.name(i)]);
    }
  }

  private lossProbability = 0;

  private async applyLossTo(i: number, p: number): Promise<void> {
    // Every packet arriving on the container's network interfaces (not loopback) is dropped with
    // probability p: each link direction loses p of its packets.
    await this.exec(i, [
      "iptables",
      "-I",
      "INPUT",
      "!",
      "-i",
      "lo",
      "-m",
      "statistic",
      "--mode",
      "random",
      "--probability",
      String(p),
      "-j",
      "DROP",
    ]);
  }

  async packetLoss(p: number): Promise<void> {
    this.lossProbability = p;
    this.lossApplied = true;
    for (let i = 0; i < this.n; i++) await this.applyLossTo(i, p);
  }

  async clearPacketLoss(): Promise<void> {
    this.lossApplied = false;
    for (let i = 0; i < this.n; i++) await this.exec(i, ["iptables", "-F", "INPUT"]);
  }

  /** Adds netem delay on every node's eth0; returns a reason when the kernel has no netem. */
  async netemDelay(delay_ms: number, jitter_ms: number): Promise<string | undefined> {
    for (let i = 0; i < this.n; i++) {
      const r = await docker([
        "exec",
        this.name(i),
        "tc",
        "qdisc",
        "add",
        "dev",
        "eth0",
        "root",
        "netem",
        "delay",
        `${delay_ms}ms`,
        `${jitter_ms}ms`,
      ]);
      if (r.code !== 0) {
        for (let j = 0; j < i; j++)
          await docker(["exec", this.name(j), "tc", "qdisc", "del", "dev", "eth0", "root"]);
        return `tc netem unavailable: ${r.stderr.trim() || r.stdout.trim()}`;
      }
    }
    return undefined;
  }

  async clearNetem(): Promise<void> {
    for (let i = 0; i < this.n; i++)
      await docker(["exec", this.name(i), "tc", "qdisc", "del", "dev", "eth0", "root"]);
  }

  async exec(i: number, cmd: readonly string[]): Promise<string> {
    return dockerOk(["exec", this.name(i), ...cmd]);
  }

  async running(i: number): Promise<boolean> {
    const r = await docker(["inspect", "-f", "{{.State.Running}}", this.name(i)]);
    return r.stdout.trim() === "true";
  }

  // ---- teardown ----------------------------------------------------------------------------

  /** Stops every node gracefully (so LevelDB is released for the offline checks). */
  async stopAll(): Promise<void> {
    await Promise.all(
      Array.from({ length: this.n }, async (_, i) => {
        const r = await docker(["inspect", "-f", "{{.State.Paused}}", this.name(i)]);
        if (r.stdout.trim() === "true") await docker(["unpause", this.name(i)]);
        await docker(["stop", "-t", "20", this.name(i)], 60_000);
      }),
    );
  }

  async saveLogs(): Promise<void> {
    for (let i = 0; i < this.n; i++) {
      const r = await docker(["logs", this.name(i)], 60_000);
      if (r.code === 0 || r.stdout || r.stderr) {
        writeFileSync(join(this.dir, "logs", `node${i}.log`), r.stdout + r.stderr);
      }
    }
  }

  /** Removes the containers and networks this cluster created. Never throws. */
  async destroy(): Promise<void> {
    try {
      if (existsSync(join(this.dir, "logs"))) await this.saveLogs();
    } catch {
      // logs are a convenience
    }
    for (let i = 0; i < this.n; i++) {
      await docker(["rm", "-f", "-v", this.name(i)], 60_000);
    }
    for (const net of [...this.extraNetworks, this.network]) await docker(["network", "rm", net], 60_000);
  }
}

export { sleep };
