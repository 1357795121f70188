// `pbft testnet`: a whole cluster on one machine (or its files for containers / several hosts): per node an
// HSM token with a vote key generated inside it, a libp2p identity and node.json; one public cluster.json;
// proposer keys for the CLI. Each token is initialised in a child process (SoftHSM binds a process to the
// token directory it first sees).
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { ConfigError, type ReplicaParams, resolveParams } from "@pbft/consensus";
import { type ClusterConfig, parseClusterConfig } from "@pbft/ledger";
import { DEFAULT_LIMITS, NODE_CONFIG_FILE, type NodeConfigFile } from "./config.js";
import { SO_PIN_FILE, writeNewPin } from "./hsm-setup.js";
import { generateProposerKey, writeProposerKey } from "./proposer-key.js";
import { loadOrCreatePeerKey, peerIdOf } from "./transport/index.js";

const run = promisify(execFile);

export const CLUSTER_FILE = "cluster.json";
export const PROPOSER_KEY_FILE = "proposer.key";
/** Ports inside a container / on a dedicated host (the --hosts layout). */
export const HOST_PORTS = { replica: 7000, client: 7001, http: 7002 } as const;

/** Ports a testnet reserves per node on one host. */
export const PORTS_PER_NODE = 10;

/** The loopback ports of node `id` in a testnet from `basePort` (also what `--hosts` publishes on this host). */
export function localPorts(basePort: number, id: number): { replica: number; client: number; http: number } {
  const port = basePort + PORTS_PER_NODE * id;
  return { replica: port, client: port + 1, http: port + 2 };
}

export interface TestnetOptions {
  readonly out: string;
  readonly nodes: number;
  readonly basePort: number;
  /** One host name per node: listen on 0.0.0.0 and advertise /dns4/<host>; clients also reach 127.0.0.1 published ports. */
  readonly hosts?: readonly string[];
  readonly proposers: number;
  readonly clusterId?: string;
  readonly force: boolean;
  /** The CLI entry script, run once per node to set up its token. */
  readonly cliPath: string;
  readonly parameters?: Record<string, number>;
}

export interface Testnet {
  readonly dir: string;
  readonly cluster: ClusterConfig;
  readonly nodeHomes: readonly string[];
  readonly proposerKeyFiles: readonly string[];
}

export class TestnetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TestnetError";
  }
}

export function nodeHome(dir: string, id: number): string {
  return join(dir, `node${id}`);
}

export function proposerKeyFile(dir: string, index: number): string {
  return join(dir, index === 0 ? PROPOSER_KEY_FILE : `proposer-${index}.key`);
}

export async function createTestnet(o: TestnetOptions): Promise<Testnet> {
  if (!Number.isInteger(o.nodes) || o.nodes < 4 || o.nodes > 64)
    throw new TestnetError(`--nodes must be an integer from 4 to 64, got ${o.nodes}`);
  if (!Number.isInteger(o.proposers) || o.proposers < 1 || o.proposers > 1000)
    throw new TestnetError(`--proposers must be an integer from 1 to 1000, got ${o.proposers}`);
  if (!Number.isInteger(o.basePort) || o.basePort < 1024 || o.basePort + PORTS_PER_NODE * o.nodes > 65535)
    throw new TestnetError(`--base-port ${o.basePort} leaves no room for ${o.nodes} nodes (10 ports each)`);
  if (o.hosts && o.hosts.length !== o.nodes)
    throw new TestnetError(`--hosts names ${o.hosts.length} hosts for ${o.nodes} nodes`);
  try {
    resolveParams(o.parameters as Partial<ReplicaParams> | undefined); // before the slow token set-up
  } catch (e) {
    if (e instanceof ConfigError) throw new TestnetError(`--param: ${e.message}`);
    throw e;
  }
  const dir = resolve(o.out);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!o.force) throw new TestnetError(`${dir} is not empty: choose another --out or pass --force`);
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true, mode: 0o755 });

  const members: ClusterConfig["members"] = [];
  const homes: string[] = [];
  for (let id = 0; id < o.nodes; id++) {
    const home = nodeHome(dir, id);
    mkdirSync(home, { recursive: true, mode: 0o700 });
    const local = localPorts(o.basePort, id);
    const host = o.hosts?.[id];
    const listenHost = host ? "0.0.0.0" : "127.0.0.1";
    const ports = host ? HOST_PORTS : local;
    const cfg: NodeConfigFile = {
      version: 1,
      id,
      cluster: `../${CLUSTER_FILE}`,
      listen: {
        replica: [`/ip4/${listenHost}/tcp/${ports.replica}`],
        client: [`/ip4/${listenHost}/tcp/${ports.client}`],
        http: `${listenHost}:${ports.http}`,
      },
      dataDir: "data",
      peerKeyFile: "peer.key",
      guardFile: "guard.log",
      hsm: { tokenLabel: `node${id}`, keyLabel: "vote", pinFile: "hsm.pin", softhsmTokenDir: "tokens" },
      limits: { ...DEFAULT_LIMITS },
      logLevel: "info",
    };
    writeFileSync(join(home, NODE_CONFIG_FILE), `${JSON.stringify(cfg, null, 2)}\n`);
    writeNewPin(join(home, "hsm.pin"));
    writeNewPin(join(home, SO_PIN_FILE));
    const peerId = peerIdOf(await loadOrCreatePeerKey(join(home, "peer.key")));
    homes.push(home);
    members.push({
      id,
      name: `node${id}`,
      peerId,
      addresses: [host ? `/dns4/${host}/tcp/${ports.replica}` : `/ip4/127.0.0.1/tcp/${ports.replica}`],
      clientAddresses: host
        ? [`/dns4/${host}/tcp/${ports.client}`, `/ip4/127.0.0.1/tcp/${local.client}`]
        : [`/ip4/127.0.0.1/tcp/${ports.client}`],
      // What the CLI on this machine uses for `pbft status`: published ports in the --hosts layout.
      httpAddress: `127.0.0.1:${local.http}`,
      votePublicKey: "",
    });
  }
  // Token set-up is CPU-light but each child loads SoftHSM on its own: run them all at once.
  const keys = await Promise.all(homes.map((home) => voteKeyOf(o.cliPath, home)));
  keys.forEach((k, i) => {
    members[i] = { ...members[i]!, votePublicKey: k };
  });

  const proposers: ClusterConfig["proposers"] = [];
  const proposerKeyFiles: string[] = [];
  for (let i = 0; i < o.proposers; i++) {
    const key = generateProposerKey();
    const file = proposerKeyFile(dir, i);
    writeProposerKey(file, key);
    proposerKeyFiles.push(file);
    proposers.push({
      name: i === 0 ? "cli" : `proposer-${i}`,
      publicKey: Buffer.from(key.publicKey).toString("hex"),
    });
  }
  const cluster = parseClusterConfig({
    version: 1,
    clusterId: o.clusterId ?? `pbft-${randomBytes(4).toString("hex")}`,
    f: Math.floor((o.nodes - 1) / 3),
    members,
    proposers,
    parameters: o.parameters ?? {},
  });
  writeFileSync(join(dir, CLUSTER_FILE), `${JSON.stringify(cluster, null, 2)}\n`);
  return { dir, cluster, nodeHomes: homes, proposerKeyFiles };
}

async function voteKeyOf(cliPath: string, home: string): Promise<string> {
  try {
    const { stdout } = await run(process.execPath, [cliPath, "hsm", "init", "--home", home, "--json"], {
      env: withoutSoftHsmConf(),
      timeout: 60_000,
    });
    const parsed = JSON.parse(stdout) as { votePublicKey?: unknown };
    if (typeof parsed.votePublicKey !== "string") throw new Error("no votePublicKey in its output");
    return parsed.votePublicKey;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new TestnetError(
      `setting up the HSM token of ${home} failed: ${err.stderr?.trim() || err.message}`,
    );
  }
}

/** The node's own softhsm2.conf must win over the caller's. */
export function withoutSoftHsmConf(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.SOFTHSM2_CONF;
  return env;
}
