// `pbft cluster up|down` and `pbft status`: a testnet's nodes as local processes, and every node's /status.

import { Option } from "commander";
import { clusterDown, clusterUp, statusCommand } from "../cluster-commands.js";
import {
  type ClusterOptions,
  type CommandModule,
  clusterOptions,
  jsonOption,
  testnetOption,
} from "../command.js";
import { findCluster, formatDuration, parseDuration, testnetDir } from "../common.js";

export interface ClusterUpOptions {
  readonly testnet?: string;
  readonly detach: boolean;
  readonly timeout: number;
  readonly json?: boolean;
}

export const clusterUpCommand: CommandModule<ClusterUpOptions> = {
  path: ["cluster", "up"],
  description:
    "start every node of a testnet as a local process (logs in <node dir>/node.log); Ctrl-C stops them",
  declare: (c) =>
    c
      .addOption(testnetOption())
      .option("--detach", "leave the nodes running in the background ('pbft cluster down' stops them)", false)
      .addOption(
        new Option(
          "--timeout <duration>",
          "how long to wait for the nodes to become healthy (5s, 600ms, 2m; a bare number is ms)",
        )
          .argParser(parseDuration("--timeout", "ms"))
          .default(60_000, formatDuration(60_000)),
      )
      .addOption(jsonOption()),
  handler: async (o, ctx) => {
    const dir = testnetDir(o.testnet);
    await clusterUp(dir, findCluster({ testnet: dir }).cluster, ctx.cliPath, {
      detach: o.detach,
      timeoutMs: o.timeout,
      json: o.json === true,
    });
  },
};

export const clusterDownCommand: CommandModule<{ readonly testnet?: string; readonly json?: boolean }> = {
  path: ["cluster", "down"],
  description: "stop the nodes 'cluster up --detach' started",
  declare: (c) => c.addOption(testnetOption()).addOption(jsonOption()),
  handler: async (o) => {
    const dir = testnetDir(o.testnet);
    await clusterDown(dir, findCluster({ testnet: dir }).cluster, o.json === true);
  },
};

export const status: CommandModule<ClusterOptions & { readonly json?: boolean }> = {
  path: ["status"],
  description: "view, primary, height, checkpoint and peers of every node (from their HTTP /status)",
  declare: (c) => clusterOptions(c).addOption(jsonOption()),
  handler: async (o) => {
    await statusCommand(findCluster(o).cluster, o.json === true);
  },
};
