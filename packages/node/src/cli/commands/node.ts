// `pbft hsm init` and `pbft node start`: what runs on a member's machine, given its directory.
import { GENESIS_FORMAT } from "@pbft/ledger";
import { GenesisError, verifyGenesis } from "../../ceremony/genesis.js";
import { loadLocalNodeConfig, loadNodeConfig } from "../../config.js";
import { startNode } from "../../daemon/node.js";
import { ensureVoteKey } from "../../hsm-setup.js";
import { claimPidFile, releasePidFile } from "../cluster-commands.js";
import { type CommandModule, jsonOption } from "../command.js";
import { CliError, EXIT, nodeConfigError, print, printJson } from "../common.js";
import { progressWanted, transferBar } from "../progress.js";

function localConfig(home: string) {
  try {
    return loadLocalNodeConfig(home);
  } catch (e) {
    throw nodeConfigError(e);
  }
}

export interface HomeOptions {
  readonly home: string;
  readonly json?: boolean;
}

export const hsmInit: CommandModule<HomeOptions> = {
  path: ["hsm", "init"],
  description:
    "initialise the node's token (when absent) and generate its vote key inside it (when absent); prints the public key",
  declare: (c) =>
    c.requiredOption("--home <dir>", "the node's directory (holds node.json)").addOption(jsonOption()),
  handler: (o) => {
    const hex = Buffer.from(ensureVoteKey(localConfig(o.home))).toString("hex");
    if (o.json) printJson({ votePublicKey: hex });
    else print(`vote public key ${hex}`);
  },
};

export interface NodeStartOptions extends HomeOptions {
  readonly genesis?: string;
  readonly join?: boolean;
}

export const nodeStart: CommandModule<NodeStartOptions> = {
  path: ["node", "start"],
  description:
    "run one node in the foreground (pino JSON logs on stdout; a state transfer's progress bar on stderr when both are a terminal); SIGTERM or Ctrl-C stops it cleanly",
  declare: (c) =>
    c
      .requiredOption("--home <dir>", "the node's directory (holds node.json)")
      .option(
        "--genesis <file>",
        "the genesis (or cluster.json) to run, instead of the one node.json names; the node refuses to start when its vote key or peer id is not in it",
      )
      .option(
        "--join",
        "start although this node's peer id is not in the genesis: a member being added by a configuration change, which waits as an observer (catching up) until the change applies",
      ),
  handler: async (o) => {
    localConfig(o.home);
    let cfg: ReturnType<typeof loadNodeConfig>;
    try {
      // Genesis errors before the pid file and the HSM. A node not in the genesis starts only when told it is
      // joining (--join): otherwise a wrong genesis or card would leave it an observer forever, unnoticed.
      cfg = loadNodeConfig(o.home, o.genesis, { allowNonMember: o.join === true });
    } catch (e) {
      throw nodeConfigError(e);
    }
    if (cfg.clusterConfig.format === GENESIS_FORMAT) {
      // A ceremony's genesis carries the members' proofs: a node never runs on one that does not verify.
      try {
        await verifyGenesis(cfg.clusterPath);
      } catch (e) {
        if (e instanceof GenesisError) throw new CliError(e.message, EXIT["verification-failed"]);
        throw e;
      }
    }
    const pidFile = claimPidFile(o.home);
    const running = await startNode({
      home: o.home,
      ...(o.genesis ? { genesis: o.genesis } : {}),
      // Only for a person watching the node: its log (stdout) and stderr both on the terminal. Not under a
      // supervisor, not `>> node.log &` (the README's restart: a bar over the shell's prompt), never in the log.
      ...(progressWanted(false) && process.stdout.isTTY === true
        ? { stateTransferBar: (from, target) => transferBar(from, target) }
        : {}),
    });
    const onSignal = () => void running.stop();
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    process.on("unhandledRejection", (e) => running.logger.error({ err: e }, "unhandled rejection"));
    const { error } = await running.stopped;
    releasePidFile(pidFile);
    running.logger.flush?.();
    process.exit(error ? EXIT.internal : EXIT.ok);
  },
};
