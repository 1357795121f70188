// `pbft testnet`: a whole cluster on one machine (or its files for containers / several hosts), made by the
// key ceremony's own steps: `pbft member init` per node (its own SoftHSM token with the vote key generated
// inside it, a libp2p identity, node.json, a member card), proposer keys, and `genesis create` from the
// cards, written as cluster.json (a genesis is a cluster.json with proofs). Each member init runs in a child
// process (SoftHSM binds a process to the token directory it first sees).
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { ConfigError, type ReplicaParams, resolveParams } from "@pbft/consensus";
import type { ClusterConfig } from "@pbft/ledger";
import { writeTestnetApi } from "./api/testnet-api.js";
import { MEMBER_CARD_FILE, readMemberCard } from "./ceremony/card.js";
import { createGenesis, PROPOSER_PUBLIC_KIND, type ProposerPublic } from "./ceremony/genesis.js";
import type { MemberNetwork } from "./ceremony/member-init.js";
import { NODE_CONFIG_FILE, type NodeConfigFile, PIN_ENV } from "./config.js";
import { generateProposerKey, writeProposerKey } from "./proposer-key.js";

const run = promisify(execFile);

export const CLUSTER_FILE = "cluster.json";
export const PROPOSER_KEY_FILE = "proposer.key";
/** Ports inside a container / on a dedicated host (the --hosts layout). */
export const HOST_PORTS = { replica: 7000, client: 7001, http: 7002, api: 7003 } as const;

/** Ports a testnet reserves per node on one host. */
export const PORTS_PER_NODE = 10;

/** The loopback ports of node `id` in a testnet from `basePort` (also what `--hosts` publishes on this host). */
export function localPorts(
  basePort: number,
  id: number,
): { replica: number; client: number; http: number; api: number } {
  const port = basePort + PORTS_PER_NODE * id;
  return { replica: port, client: port + 1, http: port + 2, api: port + 3 };
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
  /** SHA-256 of the genesis (cluster.json), as `pbft genesis verify` prints it. */
  readonly genesisHash: string;
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

  // The ceremony's own steps, as N organisations would run them: member init per home (one child process
  // each: SoftHSM binds a process to one token directory), proposer keys, then the genesis from the cards.
  const homes: string[] = [];
  const networks: MemberNetwork[] = [];
  for (let id = 0; id < o.nodes; id++) {
    homes.push(nodeHome(dir, id));
    const local = localPorts(o.basePort, id);
    const host = o.hosts?.[id];
    const listenHost = host ? "0.0.0.0" : "127.0.0.1";
    const ports = host ? HOST_PORTS : local;
    networks.push({
      listen: {
        replica: [`/ip4/${listenHost}/tcp/${ports.replica}`],
        client: [`/ip4/${listenHost}/tcp/${ports.client}`],
        http: `${listenHost}:${ports.http}`,
      },
      addresses: [host ? `/dns4/${host}/tcp/${ports.replica}` : `/ip4/127.0.0.1/tcp/${ports.replica}`],
      clientAddresses: host
        ? [`/dns4/${host}/tcp/${ports.client}`, `/ip4/127.0.0.1/tcp/${local.client}`]
        : [`/ip4/127.0.0.1/tcp/${ports.client}`],
      // What the CLI on this machine uses for `pbft status`: published ports in the --hosts layout.
      httpAddress: `127.0.0.1:${local.http}`,
    });
  }
  // Each child loads SoftHSM on its own and is CPU-light: run them all at once.
  await Promise.all(homes.map((home, id) => memberInitChild(o.cliPath, home, `node${id}`, networks[id]!)));

  const proposers: ProposerPublic[] = [];
  const proposerKeyFiles: string[] = [];
  for (let i = 0; i < o.proposers; i++) {
    const key = generateProposerKey();
    const file = proposerKeyFile(dir, i);
    writeProposerKey(file, key);
    proposerKeyFiles.push(file);
    const pub: ProposerPublic = {
      version: 1,
      kind: PROPOSER_PUBLIC_KIND,
      name: i === 0 ? "cli" : `proposer-${i}`,
      publicKey: Buffer.from(key.publicKey).toString("hex"),
    };
    writeFileSync(file.replace(/\.key$/, ".pub.json"), `${JSON.stringify(pub, null, 2)}\n`);
    proposers.push(pub);
  }
  let genesis: Awaited<ReturnType<typeof createGenesis>>;
  try {
    genesis = await createGenesis({
      cards: homes.map((home) => {
        const source = join(home, MEMBER_CARD_FILE);
        return { card: readMemberCard(source), source };
      }),
      proposers,
      parameters: o.parameters ?? {},
      clusterId: o.clusterId ?? `pbft-${randomBytes(4).toString("hex")}`,
    });
  } catch (e) {
    throw new TestnetError((e as Error).message);
  }
  genesis.config.members.forEach((m, id) => {
    if (m.name !== `node${id}`) throw new TestnetError(`member ${id} is ${m.name}, expected node${id}`);
  });
  homes.forEach((home, id) => {
    // The testnet keeps its layout: every node.json names the one shared ../cluster.json and its member id
    // (node<id>, as tools that read node.json expect; a ceremony's node finds its id by its peer id).
    const file = join(home, NODE_CONFIG_FILE);
    const cfg = JSON.parse(readFileSync(file, "utf8")) as NodeConfigFile;
    writeFileSync(file, `${JSON.stringify({ ...cfg, id, cluster: `../${CLUSTER_FILE}` }, null, 2)}\n`);
  });
  writeFileSync(join(dir, CLUSTER_FILE), genesis.text);
  // The HTTPS API: a local CA, node certificates, API keys (packages/node/src/api/testnet-api.ts).
  await writeTestnetApi(
    dir,
    genesis.config.clusterId,
    homes.map((home, id) => {
      const host = o.hosts?.[id];
      const local = localPorts(o.basePort, id);
      return {
        home,
        listen: host ? `0.0.0.0:${HOST_PORTS.api}` : `127.0.0.1:${local.api}`,
        url: `https://127.0.0.1:${local.api}`,
        hosts: host ? [host] : [],
      };
    }),
  );
  return { dir, cluster: genesis.config, genesisHash: genesis.hash, nodeHomes: homes, proposerKeyFiles };
}

async function memberInitChild(
  cliPath: string,
  home: string,
  name: string,
  network: MemberNetwork,
): Promise<void> {
  const env = withoutSoftHsmConf();
  delete env[PIN_ENV]; // each testnet member gets its own random PIN in its home
  try {
    await run(
      process.execPath,
      [
        cliPath,
        "member",
        "init",
        "--home",
        home,
        "--name",
        name,
        "--network",
        JSON.stringify(network),
        "--json",
      ],
      { env, timeout: 60_000 },
    );
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new TestnetError(`member init of ${home} failed: ${err.stderr?.trim() || err.message}`);
  }
}

/** The node's own softhsm2.conf must win over the caller's. */
export function withoutSoftHsmConf(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.SOFTHSM2_CONF;
  return env;
}
