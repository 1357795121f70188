// The `pbft` command tree (commander): every command, its options and the handler it calls. main.ts runs it;
// the completion scripts are made from it.
import { Argument, Command, Option } from "commander";
import { STANDARD_SCENARIOS } from "../bench/cluster-bench.js";
import { loadLocalNodeConfig, NodeConfigError } from "../config.js";
import { startNode } from "../daemon/node.js";
import { ensureVoteKey } from "../hsm-setup.js";
import { createTestnet, TestnetError } from "../testnet.js";
import { versionLine } from "../version.js";
import { benchCommand } from "./bench-command.js";
import { claimPidFile, clusterDown, clusterUp, releasePidFile, statusCommand } from "./cluster-commands.js";
import {
  CliError,
  clusterFrom,
  EXIT,
  exitCodeHelp,
  formatDuration,
  parseDuration,
  parseIntOption,
  parseParams,
  print,
  printJson,
  testnetDir,
} from "./common.js";
import { bashCompletion, zshCompletion } from "./completion.js";
import {
  exportCommand,
  importCommand,
  ledgerCluster,
  migrateCommand,
  readerCommand,
  showCommand,
  verifyCommand,
} from "./ledger-commands.js";
import { receiptVerifyCommand, submitCommand } from "./submit-command.js";

const testnetOpt = () =>
  new Option("--testnet <dir>", "testnet directory (default $PBFT_TESTNET or .pbft/testnet)");
const clusterOpt = () => new Option("--cluster <file>", "cluster.json (default: the testnet's)");
const ledgerClusterOpt = () =>
  new Option(
    "--cluster <file>",
    "cluster.json (default: --testnet's; with --data inside a node's home, the one its node.json names; else the default testnet's)",
  );
const jsonOpt = () => new Option("--json", "print JSON (errors too: {error: {code, message, details}})");

/** The whole command tree. `cliPath` is the script node runs to start nodes (main.js). */
export function buildProgram(cliPath: string): Command {
  const program = new Command()
    .name("pbft")
    .description(
      "A Byzantine fault tolerant decision ledger: PBFT over libp2p, HSM-signed votes, a hash-chained LevelDB ledger",
    )
    .version(`pbft ${versionLine()}`, "-V, --version", "print the version, git commit and Node.js version")
    // Errors are printed by main.ts: one line, a hint to --help, or JSON with --json.
    .exitOverride()
    .configureOutput({ outputError: () => undefined })
    .addHelpText("after", `\n${exitCodeHelp()}`);

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
    .addOption(jsonOpt())
    .action(async (o) => {
      const parameters = parseParams(o.param as string[] | undefined);
      let t: Awaited<ReturnType<typeof createTestnet>>;
      try {
        t = await createTestnet({
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
          cliPath,
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
          nodeHomes: t.nodeHomes,
          proposerKeys: t.proposerKeyFiles,
        });
      else {
        print(
          `testnet ${t.cluster.clusterId} created in ${t.dir}: ${t.nodeHomes.length} nodes (f = ${t.cluster.f}), ${t.proposerKeyFiles.length} proposer key(s)`,
        );
        print(`  start it:  pbft cluster up --testnet ${t.dir}`);
      }
    });

  const hsm = program.command("hsm").description("the node's HSM token");
  hsm
    .command("init")
    .description(
      "initialise the node's token (when absent) and generate its vote key inside it (when absent); prints the public key",
    )
    .requiredOption("--home <dir>", "the node's directory (holds node.json)")
    .addOption(jsonOpt())
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
      loadNodeConfigOrFail(o.home);
      const pidFile = claimPidFile(o.home);
      const running = await startNode({ home: o.home });
      const onSignal = () => void running.stop();
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      process.on("unhandledRejection", (e) => running.logger.error({ err: e }, "unhandled rejection"));
      const { error } = await running.stopped;
      releasePidFile(pidFile);
      running.logger.flush?.();
      process.exit(error ? EXIT.internal : EXIT.ok);
    });

  const cluster = program.command("cluster").description("the local cluster as plain processes");
  cluster
    .command("up")
    .description(
      "start every node of a testnet as a local process (logs in <node dir>/node.log); Ctrl-C stops them",
    )
    .addOption(testnetOpt())
    .option("--detach", "leave the nodes running in the background ('pbft cluster down' stops them)", false)
    .addOption(
      new Option(
        "--timeout <duration>",
        "how long to wait for the nodes to become healthy (5s, 600ms, 2m; a bare number is ms)",
      )
        .argParser(parseDuration("--timeout", "ms"))
        .default(60_000, formatDuration(60_000)),
    )
    .addOption(jsonOpt())
    .action(async (o) => {
      const dir = testnetDir(o.testnet);
      await clusterUp(dir, clusterFrom({ testnet: dir }).cluster, cliPath, {
        detach: o.detach,
        timeoutMs: o.timeout,
        json: o.json === true,
      });
    });
  cluster
    .command("down")
    .description("stop the nodes 'cluster up --detach' started")
    .addOption(testnetOpt())
    .addOption(jsonOpt())
    .action(async (o) => {
      const dir = testnetDir(o.testnet);
      await clusterDown(dir, clusterFrom({ testnet: dir }).cluster, o.json === true);
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
    .addOption(
      new Option("--type <type>", "record type (default decision)").choices([
        "observation",
        "decision",
        "outcome",
        "constraint",
        "test",
      ]),
    )
    .option("--title <text>", "record title")
    .option("--content <json|text>", 'content: a JSON object, or text (stored as {"text": ...})')
    .option("--source <text>", "record source (default pbft-cli)")
    .option("--amends <id>", "submit an amendment of this record id")
    .addOption(
      new Option("--amendment-type <type>", "the kind of amendment (default clarification)").choices([
        "clarification",
        "correction",
        "supersession",
        "withdrawal",
      ]),
    )
    .option("--reason <text>", "why the amendment is made")
    .addOption(
      new Option("--timeout <duration>", "give up after (5s, 600ms, 2m; a bare number is ms)")
        .argParser(parseDuration("--timeout", "ms"))
        .default(30_000, formatDuration(30_000)),
    )
    .option("--receipt-out <file>", "also write the receipt (JSON with the protobuf receipt in base64)")
    .addOption(jsonOpt())
    .action(async (o) => {
      await submitCommand(() => clusterFrom(o).cluster, { ...o, json: o.json === true });
    });

  program
    .command("status")
    .description("view, primary, height, checkpoint and peers of every node (from their HTTP /status)")
    .addOption(testnetOpt())
    .addOption(clusterOpt())
    .addOption(jsonOpt())
    .action(async (o) => {
      await statusCommand(clusterFrom(o).cluster, o.json === true);
    });

  const ledger = program
    .command("ledger")
    .description("audit a ledger offline: a data dir (node stopped), an export, or a node's export stream");
  const sourceOpts = (c: Command) =>
    c
      .option(
        "--data <dir>",
        "a node's LevelDB data directory (when its node is running, its export stream is read over HTTP)",
      )
      .option("--export <file>", "an export file (pbft ledger export)")
      .option("--url <http://host:port>", "a running node's HTTP address (streams its export)")
      .addOption(testnetOpt())
      .addOption(ledgerClusterOpt());
  sourceOpts(
    ledger
      .command("verify")
      .description(
        "check hash chain, entry hashes, Merkle roots, commit certificates, client signatures, and re-execute the rules",
      ),
  )
    .addOption(jsonOpt())
    .action(async (o) => {
      await verifyCommand(o, ledgerCluster(o), o.json === true);
    });
  sourceOpts(ledger.command("show").description("list entries and their decisions"))
    .option("--from <height>", "first height", parseIntOption("--from"), 1)
    .option("--to <height>", "last height (default: the last)", parseIntOption("--to"))
    .addOption(new Option("--json", "one JSON object per entry (NDJSON)"))
    .action(async (o) => {
      await showCommand(o, ledgerCluster(o), {
        from: o.from,
        to: o.to ?? Number.MAX_SAFE_INTEGER,
        json: o.json === true,
      });
    });
  sourceOpts(
    ledger
      .command("reader")
      .description("the reader edition: every record's current version with its amendments and trace"),
  )
    .addOption(
      new Option("--format <format>", "the edition's format")
        .choices(["json", "markdown", "html"])
        .default("markdown"),
    )
    .option("--out <file>", "write to a file instead of stdout")
    .addOption(new Option("--json", "the edition as JSON (= --format json); with --out, a JSON summary"))
    .action(async (o) => {
      await readerCommand(o, ledgerCluster(o), {
        format: o.json ? "json" : o.format,
        ...(o.out ? { out: o.out } : {}),
        json: o.json === true,
      });
    });
  ledger
    .command("export")
    .description("write a ledger to an export file (NDJSON, format v2)")
    .option(
      "--data <dir>",
      "a node's data directory; when its node is running (it holds the lock) the node's export stream is read over HTTP instead",
    )
    .option("--url <http://host:port>", "a running node's HTTP address: save its export stream")
    .requiredOption("--out <file>", "export file")
    .addOption(testnetOpt())
    .addOption(ledgerClusterOpt())
    .addOption(jsonOpt())
    .action(async (o) => {
      await exportCommand(o, () => ledgerCluster(o), o.out, o.json === true);
    });
  ledger
    .command("import")
    .description(
      "create a ledger from an export; the whole export is verified first, and nothing is written if it fails",
    )
    .requiredOption("--export <file>", "export file")
    .requiredOption("--data <dir>", "new data directory")
    .addOption(testnetOpt())
    .addOption(ledgerClusterOpt())
    .addOption(jsonOpt())
    .action(async (o) => {
      await importCommand(o.export, o.data, ledgerCluster(o), o.json === true);
    });
  ledger
    .command("migrate")
    .description(
      "rewrite a format-1 ledger in place to format 2 (entry headers without the view); stop every node first, migrate each, then start them",
    )
    .requiredOption("--data <dir>", "the node's data directory (the node must be stopped)")
    .addOption(testnetOpt())
    .addOption(ledgerClusterOpt())
    .action(async (o) => {
      await migrateCommand(o.data, ledgerCluster(o));
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
    .addOption(jsonOpt())
    .action((o) => {
      receiptVerifyCommand(o.receipt, clusterFrom(o).cluster, o.json === true);
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
    .option(
      "--duration <duration>",
      "override every load scenario's duration (20s, 2m, 1500ms; a bare number is seconds)",
      parseDuration("--duration", "s"),
    )
    .option(
      "--entries <n>",
      "state-transfer scenario: ledger entries the wiped node fetches",
      parseIntOption("--entries"),
    )
    .option("--out <file>", "JSON results (default bench-results/bench-<time>.json)")
    .option("--param <name=value...>", "protocol parameter for every scenario's cluster, e.g. pipelineMax=4")
    .addOption(jsonOpt().default(false))
    .action(async (o) => {
      await benchCommand({
        ...o,
        duration: o.duration === undefined ? undefined : o.duration / 1000,
        parameters: parseParams(o.param as string[] | undefined),
      });
    });

  program
    .command("completion")
    .description("print a shell completion script: source <(./pbft completion bash), or zsh")
    .addArgument(new Argument("<shell>", "bash or zsh").choices(["bash", "zsh"]))
    .action((shell: "bash" | "zsh") => {
      process.stdout.write(shell === "bash" ? bashCompletion(program) : zshCompletion(program));
    });

  return program;
}

function loadNodeConfigOrFail(home: string) {
  try {
    return loadLocalNodeConfig(home);
  } catch (e) {
    if (e instanceof NodeConfigError)
      throw new CliError(
        e.message,
        /ENOENT|EACCES|EISDIR|ENOTDIR/.test(e.message) ? EXIT["not-found"] : EXIT.usage,
      );
    throw e;
  }
}

/** The names of the subcommands `argv` (without node and the script) selects, e.g. ["ledger", "verify"]. */
export function commandPath(program: Command, args: readonly string[]): string[] {
  const path: string[] = [];
  let at: Command = program;
  for (const a of args) {
    if (a.startsWith("-")) continue;
    const next = at.commands.find((c) => c.name() === a || c.aliases().includes(a));
    if (!next) break;
    path.push(next.name());
    at = next;
  }
  return path;
}
