// The `pbft` command tree: one module per command (commands/*.ts: typed options and a handler), registered
// here in the order `pbft --help` lists them. main.ts runs the tree; the completion scripts are made from it.
import { Command } from "commander";
import { versionLine } from "../version.js";
import { type CliContext, type CommandModule, register } from "./command.js";
import { bench } from "./commands/bench.js";
import { genesisCreate, genesisVerify, memberInitCommand, proposerKeygen } from "./commands/ceremony.js";
import { clusterDownCommand, clusterUpCommand, status } from "./commands/cluster.js";
import { completion } from "./commands/completion.js";
import { configApprove, configPropose, configShow, memberRotateCommand } from "./commands/config.js";
import { ledgerConsistency, ledgerHead, ledgerProve } from "./commands/heads.js";
import {
  ledgerExport,
  ledgerImport,
  ledgerMigrate,
  ledgerReader,
  ledgerShow,
  ledgerVerify,
  ledgerVerifyReader,
} from "./commands/ledger.js";
import { hsmInit, nodeStart } from "./commands/node.js";
import { ledgerQuery } from "./commands/query.js";
import { receiptProve } from "./commands/receipt-prove.js";
import { receiptVerify, submit } from "./commands/submit.js";
import { testnet } from "./commands/testnet.js";
import { witness } from "./commands/witness.js";
import { exitCodeHelp } from "./common.js";

/** The groups' descriptions (a group is a command whose subcommands do the work). */
const GROUPS: Readonly<Record<string, string>> = {
  member: "an organisation's keys and member card (the key ceremony)",
  proposer: "proposer keys",
  genesis: "the genesis, assembled from public member cards",
  hsm: "the node's HSM token",
  node: "run a node",
  cluster: "the local cluster as plain processes",
  config:
    "the cluster's configuration over time: changes proposed, approved by 2f+1 members, applied at a checkpoint",
  ledger: "audit a ledger offline: a data dir (node stopped), an export, or a node's export stream",
  receipt: "receipts",
};

/** Each module registered with its own option type (a list of modules would lose them). */
const adding =
  <O>(m: CommandModule<O>) =>
  (program: Command, ctx: CliContext): void =>
    register(program, m, ctx, GROUPS);

const COMMANDS = [
  adding(memberInitCommand),
  adding(memberRotateCommand),
  adding(proposerKeygen),
  adding(genesisCreate),
  adding(genesisVerify),
  adding(testnet),
  adding(hsmInit),
  adding(nodeStart),
  adding(clusterUpCommand),
  adding(clusterDownCommand),
  adding(submit),
  adding(status),
  adding(configPropose),
  adding(configApprove),
  adding(configShow),
  adding(ledgerVerify),
  adding(ledgerShow),
  adding(ledgerQuery),
  adding(ledgerReader),
  adding(ledgerVerifyReader),
  adding(ledgerExport),
  adding(ledgerImport),
  adding(ledgerMigrate),
  adding(ledgerHead),
  adding(ledgerProve),
  adding(ledgerConsistency),
  adding(receiptVerify),
  adding(receiptProve),
  adding(witness),
  adding(bench),
  adding(completion),
];

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
  const ctx: CliContext = { cliPath, program };
  for (const add of COMMANDS) add(program, ctx);
  return program;
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
