// `pbft config propose|approve|show` and `pbft member rotate` (issue 16: reconfiguration by a vote of the
// members, recorded in the ledger). The handlers are in ../config-commands.ts.
import { Option } from "commander";
import { type ClusterOptions, type CommandModule, clusterOptions, jsonOption } from "../command.js";
import { CliError, findCluster, formatDuration, parseDuration, parseIntOption } from "../common.js";
import { approveCommand, proposeCommand, rotateCommand, showCommand } from "../config-commands.js";

const collect = (v: string, prev: readonly string[] = []): string[] => [...prev, v];

const STEPS = `
A configuration change (see docs/operations/reconfiguration.md):
  1. anyone with a proposer key, or a member:  pbft config propose --add-member card.json --reason "..."
     prints the change id
  2. each member (2f+1 of the epoch in force):  pbft config approve --home DIR <change id>
  3. it applies at the first checkpoint after the last approval:  pbft config show --history`;

const nodeOption = () =>
  new Option(
    "--node <host:port>",
    "a node's HTTP address to ask for the configuration (default: the members')",
  );
const timeoutOption = () =>
  new Option("--timeout <duration>", "give up after (5s, 600ms, 2m; a bare number is ms)")
    .argParser(parseDuration("--timeout", "ms"))
    .default(30_000, formatDuration(30_000));

export interface ProposeCliOptions extends ClusterOptions {
  readonly key?: string;
  readonly addMember?: string[];
  readonly removeMember?: string[];
  readonly rotateMember?: string[];
  readonly addProposer?: string[];
  readonly removeProposer?: string[];
  readonly set?: string[];
  readonly file?: string;
  readonly reason?: string;
  readonly epoch?: number;
  readonly dryRun?: boolean;
  readonly node?: string;
  readonly timeout: number;
  readonly json?: boolean;
}

export const configPropose: CommandModule<ProposeCliOptions> = {
  path: ["config", "propose"],
  description:
    "propose a configuration change (members, vote keys, proposers, parameters); it applies once 2f+1 members approve it",
  declare: (c) =>
    clusterOptions(c)
      .option("--add-member <card>", "add the member of this member-card.json (repeatable)", collect)
      .option("--remove-member <name>", "remove this member (repeatable)", collect)
      .option(
        "--rotate-member <file>",
        "a member's new key: the rotation-rN.json pbft member rotate wrote, or a new member card signed now by --home's current key (repeatable)",
        collect,
      )
      .option(
        "--add-proposer <pub>",
        "authorise the proposer of this proposer.pub.json (repeatable)",
        collect,
      )
      .option(
        "--remove-proposer <key>",
        "revoke a proposer: its public key (hex) or proposer.pub.json (repeatable)",
        collect,
      )
      .option(
        "--set <name=value>",
        "set a protocol parameter, e.g. checkpointInterval=64 (repeatable)",
        collect,
      )
      .option("--file <change.json>", 'the whole change as JSON: {"operations": [...], "reason": "..."}')
      .option("--reason <text>", "why (recorded in the ledger; required)")
      .option(
        "--key <file>",
        "sign the request with this proposer key (default: --home's vote key, else the testnet's proposer.key)",
      )
      .option("--epoch <n>", "the epoch in force (default: asked of a node)", parseIntOption("--epoch"))
      .option("--dry-run", "print the change without submitting it", false)
      .addOption(nodeOption())
      .addOption(timeoutOption())
      .addOption(jsonOption())
      .addHelpText("after", STEPS),
  handler: async (o) => {
    await proposeCommand({
      ...o,
      json: o.json === true,
      cluster: () => findCluster(o).cluster,
    });
  },
};

export interface ApproveCliOptions extends ClusterOptions {
  readonly file?: string;
  readonly node?: string;
  readonly timeout: number;
  readonly json?: boolean;
}

export const configApprove: CommandModule<ApproveCliOptions> = {
  path: ["config", "approve"],
  description:
    "approve a proposed change as a member: the approval and its request are signed by the member's vote key inside its own token",
  declare: (c) =>
    clusterOptions(c)
      .argument("<id>", "the change id (config propose prints it; config show lists pending changes)")
      .option("--file <change.json>", "the change itself (else it is fetched from a node)")
      .addOption(nodeOption())
      .addOption(timeoutOption())
      .addOption(jsonOption())
      .addHelpText("after", STEPS),
  handler: async (o, _ctx, args) => {
    if (o.home === undefined)
      throw new CliError("config approve needs --home DIR: the approving member's directory");
    await approveCommand(args[0]!, {
      ...o,
      home: o.home,
      json: o.json === true,
      cluster: () => findCluster(o).cluster,
    });
  },
};

export interface ShowCliOptions extends ClusterOptions {
  readonly history?: boolean;
  readonly node?: string;
  readonly timeout: number;
  readonly json?: boolean;
}

export const configShow: CommandModule<ShowCliOptions> = {
  path: ["config", "show"],
  description:
    "the configuration in force (epoch, members, proposers, parameters) and the pending changes with their approvals",
  declare: (c) =>
    clusterOptions(c)
      .option("--history", "also every earlier epoch, from the genesis", false)
      .addOption(nodeOption())
      .addOption(timeoutOption())
      .addOption(jsonOption()),
  handler: async (o) => {
    await showCommand({ ...o, json: o.json === true, cluster: () => findCluster(o).cluster });
  },
};

export interface RotateCliOptions extends ClusterOptions {
  readonly tokenLabel?: string;
  readonly node?: string;
  readonly timeout: number;
  readonly json?: boolean;
}

export const memberRotateCommand: CommandModule<RotateCliOptions> = {
  path: ["member", "rotate"],
  description:
    "a member's next vote key, generated in a fresh token, with its new card signed by the new key and the current one (then: config propose --rotate-member)",
  declare: (c) =>
    clusterOptions(c)
      .option(
        "--token-label <label>",
        "generate the key in this existing token (default: a new SoftHSM token in the home)",
      )
      .addOption(nodeOption())
      .addOption(timeoutOption())
      .addOption(jsonOption())
      .addHelpText("after", STEPS),
  handler: async (o) => {
    if (o.home === undefined) throw new CliError("member rotate needs --home DIR: the member's directory");
    await rotateCommand({ ...o, home: o.home, json: o.json === true, cluster: () => findCluster(o).cluster });
  },
};
