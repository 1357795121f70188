// `pbft testnet`: a cluster's files (cluster.json, per node a token with its vote key, a peer key, node.json).
import { createTestnet, TestnetError } from "../../testnet.js";
import type { CommandModule } from "../command.js";
import { jsonOption } from "../command.js";
import { CliError, EXIT, parseIntOption, parseParams, print, printJson } from "../common.js";

export interface TestnetOptions {
  readonly out: string;
  readonly nodes: number;
  readonly basePort: number;
  readonly hosts?: string;
  readonly proposers: number;
  readonly clusterId?: string;
  readonly param?: readonly string[];
  readonly force: boolean;
  readonly json?: boolean;
}

export const testnet: CommandModule<TestnetOptions> = {
  path: ["testnet"],
  description:
    "create a local cluster by the key ceremony's steps: per node `member init` (its own HSM token with the vote key generated inside, a peer key, node.json, a member card), proposer keys, and the genesis from the cards (cluster.json)",
  declare: (c) =>
    c
      .option("--out <dir>", "where to create it", ".pbft/testnet")
      .option("--nodes <n>", "number of nodes (n >= 4, f = floor((n-1)/3))", parseIntOption("--nodes"), 4)
      .option(
        "--base-port <port>",
        "node i uses base+10i (replica), +1 (client), +2 (HTTP)",
        parseIntOption("--base-port"),
        7100,
      )
      .option(
        "--hosts <names>",
        "comma-separated host names, one per node (containers or one node per machine)",
      )
      .option(
        "--proposers <n>",
        "proposer keys to create (proposer.key, proposer-1.key, ...)",
        parseIntOption("--proposers"),
        1,
      )
      .option("--cluster-id <id>", "cluster id (default: random)")
      .option("--param <name=value...>", "protocol parameter for cluster.json, e.g. requestTimeoutMs=600")
      .option("--force", "replace an existing testnet directory", false)
      .addOption(jsonOption()),
  handler: async (o, ctx) => {
    const parameters = parseParams(o.param);
    let t: Awaited<ReturnType<typeof createTestnet>>;
    try {
      t = await createTestnet({
        out: o.out,
        nodes: o.nodes,
        basePort: o.basePort,
        ...(o.hosts ? { hosts: o.hosts.split(",").map((h) => h.trim()) } : {}),
        proposers: o.proposers,
        ...(o.clusterId ? { clusterId: o.clusterId } : {}),
        force: o.force,
        cliPath: ctx.cliPath,
        parameters,
      });
    } catch (e) {
      if (e instanceof TestnetError) throw new CliError(e.message, EXIT.usage);
      throw e;
    }
    if (o.json)
      printJson({
        clusterId: t.cluster.clusterId,
        dir: t.dir,
        n: t.nodeHomes.length,
        f: t.cluster.f,
        genesisHash: t.genesisHash,
        nodeHomes: t.nodeHomes,
        proposerKeys: t.proposerKeyFiles,
      });
    else {
      print(
        `testnet ${t.cluster.clusterId} created in ${t.dir}: ${t.nodeHomes.length} nodes (f = ${t.cluster.f}), ${t.proposerKeyFiles.length} proposer key(s)`,
      );
      print(`  genesis hash ${t.genesisHash} (pbft genesis verify ${t.dir}/cluster.json)`);
      print(`  HTTPS API and web page: https://127.0.0.1:<base port + 3>/ui/ per node (CA ${t.dir}/ca.crt,`);
      print(`    API key ${t.dir}/api-token; the URLs are in ${t.dir}/api.json)`);
      print(`  start it:  pbft cluster up --testnet ${t.dir}`);
    }
  },
};
