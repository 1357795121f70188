#!/usr/bin/env node
// The `pbft` command line. The polyfill comes first: libp2p 3 needs Promise.withResolvers (Node 22+).
import "../polyfill.js";
import { fileURLToPath } from "node:url";
import { Command, Option } from "commander";
import { STANDARD_SCENARIOS } from "../bench/cluster-bench.js";
import { loadLocalNodeConfig } from "../config.js";
import { startNode } from "../daemon/node.js";
import { ensureVoteKey } from "../hsm-setup.js";
import { createTestnet } from "../testnet.js";
import { benchCommand } from "./bench-command.js";
import { claimPidFile, clusterDown, clusterUp, releasePidFile, statusCommand } from "./cluster-commands.js";
import {
  CliError,
  clusterFrom,
  parseIntOption,
  parseParams,
  print,
  printJson,
  testnetDir,
} from "./common.js";
import {
  exportCommand,
  importCommand,
  migrateCommand,
  readerCommand,
  showCommand,
  verifyCommand,
} from "./ledger-commands.js";
import { receiptVerifyCommand, submitCommand } from "./submit-command.js";

const CLI_PATH = fileURLToPath(import.meta.url);

// Output piped into `head` and the like: a closed pipe ends the command quietly.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

const program = new Command()
  .name("pbft")
  .description(
    "A Byzantine fault tolerant decision ledger: PBFT over libp2p, HSM-signed votes, a hash-chained LevelDB ledger",
  )
  .showHelpAfterError()
  .configureOutput({ outputError: (s, write) => write(s) });

const testnetOpt = () =>
  new Option("--testnet <dir>", "testnet directory (default $PBFT_TESTNET or .pbft/testnet)");
const clusterOpt = () => new Option("--cluster <file>", "cluster.json (default: the testnet's)");

program
  .command("testnet")
  .description(
    "create a cluster: cluster.json, per node an HSM token with its vote key generated inside, a peer key and node.json, and proposer keys",
  )
  .option("--out <dir>", "where to create it", ".pbft/testnet")
  .option("--nodes <n>", "number of nodes (n >= 4, f = floor((n-1)/3))", parseIntOption("--nodes"), 4)
  .option(
    "--base-port <port>",
    "node i uses base+10i (replica), +1 (client), +2 (HTTP)",
    parseIntOption("--base-port"),
    7100,
  )
  .option("--hosts <names>", "comma-separated host names, one per node (containers or one node per machine)")
  .option(
    "--proposers <n>",
    "proposer keys to create (proposer.key, proposer-1.key, ...)",
    parseIntOption("--proposers"),
    1,
  )
  .option("--cluster-id <id>", "cluster id (default: random)")
  .option("--param <name=value...>", "protocol parameter for cluster.json, e.g. requestTimeoutMs=600")
  .option("--force", "replace an existing testnet directory", false)
  .action(async (o) => {
    const parameters = parseParams(o.param as string[] | undefined);
    const t = await createTestnet({
      out: o.out,
      nodes: o.nodes,
      basePort: o.basePort,
      ...(o.hosts
        ? {
            hosts: String(o.hosts)
              .split(",")
              .map((h: string) => h.trim()),
          }
        : {}),
      proposers: o.proposers,
      ...(o.clusterId ? { clusterId: o.clusterId } : {}),
      force: o.force,
      cliPath: CLI_PATH,
      parameters,
    });
    print(
      `testnet ${t.cluster.clusterId} created in ${t.dir}: ${t.nodeHomes.length} nodes (f = ${t.cluster.f}), ${t.proposerKeyFiles.length} proposer key(s)`,
    );
    print(`  start it:  pbft cluster up --testnet ${t.dir}`);
  });

const hsm = program.command("hsm").description("the node's HSM token");
hsm
  .command("init")
  .description(
    "initialise the node's token (when absent) and generate its vote key inside it (when absent); prints the public key",
  )
  .requiredOption("--home <dir>", "the node's directory (holds node.json)")
  .option("--json", "print JSON", false)
  .action((o) => {
    const key = ensureVoteKey(loadNodeConfigOrFail(o.home));
    const hex = Buffer.from(key).toString("hex");
    if (o.json) printJson({ votePublicKey: hex });
    else print(`vote public key ${hex}`);
  });

const node = program.command("node").description("run a node");
node
  .command("start")
  .description(
    "run one node in the foreground (pino JSON logs on stdout); SIGTERM or Ctrl-C stops it cleanly",
  )
  .requiredOption("--home <dir>", "the node's directory (holds node.json)")
  .action(async (o) => {
    const pidFile = claimPidFile(o.home);
    const running = await startNode({ home: o.home });
    const onSignal = () => void running.stop();
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    process.on("unhandledRejection", (e) => running.logger.error({ err: e }, "unhandled rejection"));
    const { error } = await running.stopped;
    releasePidFile(pidFile);
    running.logger.flush?.();
    process.exit(error ? 1 : 0);
  });

const cluster = program.command("cluster").description("the local cluster as plain processes");
cluster
  .command("up")
  .description(
    "start every node of a testnet as a local process (logs in <node dir>/node.log); Ctrl-C stops them",
  )
  .addOption(testnetOpt())
  .option("--detach", "leave the nodes running in the background ('pbft cluster down' stops them)", false)
  .option(
    "--timeout <ms>",
    "how long to wait for the nodes to become healthy",
    parseIntOption("--timeout"),
    60_000,
  )
  .action(async (o) => {
    const dir = testnetDir(o.testnet);
    await clusterUp(dir, clusterFrom({ testnet: dir }).cluster, CLI_PATH, {
      detach: o.detach,
      timeoutMs: o.timeout,
    });
  });
cluster
  .command("down")
  .description("stop the nodes 'cluster up --detach' started")
  .addOption(testnetOpt())
  .action(async (o) => {
    const dir = testnetDir(o.testnet);
    await clusterDown(dir, clusterFrom({ testnet: dir }).cluster);
  });

program
  .command("submit")
  .description("submit a signed proposal and wait for f+1 matching replies; prints the receipt")
  .addOption(testnetOpt())
  .addOption(clusterOpt())
  .option("--key <file>", "proposer key (PKCS#8 PEM, mode 0600; default: the testnet's proposer.key)")
  .option(
    "--file <proposal.json>",
    "the proposal as JSON (a record or an amendment; an id is added when missing)",
  )
  .option("--type <type>", "record type: observation, decision, outcome, constraint or test", "decision")
  .option("--title <text>", "record title")
  .option("--content <json|text>", 'content: a JSON object, or text (stored as {"text": ...})')
  .option("--source <text>", "record source", "pbft-cli")
  .option("--amends <id>", "submit an amendment of this record id")
  .option("--amendment-type <type>", "clarification, correction, supersession or withdrawal", "clarification")
  .option("--reason <text>", "why the amendment is made")
  .option("--timeout <ms>", "give up after", parseIntOption("--timeout"), 30_000)
  .option("--receipt-out <file>", "also write the receipt (JSON with the protobuf receipt in base64)")
  .option("--json", "print the receipt as JSON", false)
  .action(async (o) => {
    await submitCommand(clusterFrom(o).cluster, o);
  });

program
  .command("status")
  .description("view, primary, height, checkpoint and peers of every node (from their HTTP /status)")
  .addOption(testnetOpt())
  .addOption(clusterOpt())
  .option("--json", "print JSON", false)
  .action(async (o) => {
    await statusCommand(clusterFrom(o).cluster, o.json);
  });

const ledger = program
  .command("ledger")
  .description("audit a ledger offline: a data dir (node stopped), an export, or a node's export stream");
const sourceOpts = (c: Command) =>
  c
    .option("--data <dir>", "a node's LevelDB data directory (the node must be stopped)")
    .option("--export <file>", "an export file (pbft ledger export)")
    .option("--url <http://host:port>", "a running node's HTTP address (streams its export)")
    .addOption(testnetOpt())
    .addOption(clusterOpt());
sourceOpts(
  ledger
    .command("verify")
    .description(
      "check hash chain, entry hashes, Merkle roots, commit certificates, client signatures, and re-execute the rules",
    ),
)
  .option("--json", "print JSON", false)
  .action(async (o) => {
    await verifyCommand(o, clusterFrom(o).cluster, o.json);
  });
sourceOpts(ledger.command("show").description("list entries and their decisions"))
  .option("--from <height>", "first height", parseIntOption("--from"), 1)
  .option("--to <height>", "last height", parseIntOption("--to"), Number.MAX_SAFE_INTEGER)
  .option("--json", "one JSON object per entry", false)
  .action(async (o) => {
    await showCommand(o, clusterFrom(o).cluster, o);
  });
sourceOpts(
  ledger
    .command("reader")
    .description("the reader edition: every record's current version with its amendments and trace"),
)
  .option("--format <format>", "json, markdown or html", "markdown")
  .option("--out <file>", "write to a file instead of stdout")
  .action(async (o) => {
    await readerCommand(o, clusterFrom(o).cluster, o);
  });
ledger
  .command("export")
  .description("write a ledger to an export file (NDJSON, version 2)")
  .requiredOption(
    "--data <dir>",
    "the node's data directory (the node must be stopped; or use --url with 'verify')",
  )
  .requiredOption("--out <file>", "export file")
  .addOption(testnetOpt())
  .addOption(clusterOpt())
  .action(async (o) => {
    await exportCommand(o.data, clusterFrom(o).cluster, o.out);
  });
ledger
  .command("import")
  .description(
    "create a ledger from an export; the whole export is verified first, and nothing is written if it fails",
  )
  .requiredOption("--export <file>", "export file")
  .requiredOption("--data <dir>", "new data directory")
  .addOption(testnetOpt())
  .addOption(clusterOpt())
  .action(async (o) => {
    await importCommand(o.export, o.data, clusterFrom(o).cluster);
  });
ledger
  .command("migrate")
  .description(
    "rewrite a format-1 ledger in place to format 2 (entry headers without the view); stop every node first, migrate each, then start them",
  )
  .requiredOption("--data <dir>", "the node's data directory (the node must be stopped)")
  .addOption(testnetOpt())
  .addOption(clusterOpt())
  .action(async (o) => {
    await migrateCommand(o.data, clusterFrom(o).cluster);
  });

program
  .command("receipt")
  .description("receipts")
  .command("verify")
  .description(
    "check a receipt offline against cluster.json: inclusion proofs, commit certificate, f+1 attestations, client signature",
  )
  .requiredOption("--receipt <file>", "receipt file (from submit --receipt-out, or raw protobuf)")
  .addOption(testnetOpt())
  .addOption(clusterOpt())
  .option("--json", "print JSON", false)
  .action((o) => {
    receiptVerifyCommand(o.receipt, clusterFrom(o).cluster, o.json);
  });

program
  .command("bench")
  .description(
    "benchmark local clusters (real libp2p, SoftHSM, synced LevelDB): throughput, latency quantiles, CPU and RSS per node, recovery after killing the primary, state transfer to a wiped node",
  )
  .option(
    "--scenario <names>",
    `comma-separated, or "all": ${STANDARD_SCENARIOS.map((x) => x.name).join(", ")}, custom`,
    "all",
  )
  .option("--nodes <n>", "custom scenario: nodes", parseIntOption("--nodes"), 4)
  .option(
    "--clients <n>",
    "custom scenario: closed-loop clients, each with its own proposer key",
    parseIntOption("--clients"),
    10,
  )
  .option(
    "--payload <bytes>",
    "custom scenario: padding in each proposal's content",
    parseIntOption("--payload"),
    0,
  )
  .option("--duration <s>", "override every load scenario's duration (seconds)", parseIntOption("--duration"))
  .option(
    "--entries <n>",
    "state-transfer scenario: ledger entries the wiped node fetches",
    parseIntOption("--entries"),
  )
  .option("--out <file>", "JSON results (default bench-results/bench-<time>.json)")
  .option("--param <name=value...>", "protocol parameter for every scenario's cluster, e.g. pipelineMax=4")
  .action(async (o) => {
    await benchCommand({ ...o, parameters: parseParams(o.param as string[] | undefined) });
  });

function loadNodeConfigOrFail(home: string) {
  try {
    return loadLocalNodeConfig(home);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof CliError) {
    process.stderr.write(`pbft: ${e.message}\n`);
    process.exit(e.exitCode);
  }
  const err = e as Error & { hint?: string };
  process.stderr.write(`pbft: ${err.message ?? String(e)}\n`);
  process.exit(1);
});
