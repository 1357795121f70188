// `pbft ledger head|prove|consistency`: signed heads and proofs (issue 17); handlers in heads-commands.ts.
import { type Command, Option } from "commander";
import { type ClusterOptions, type CommandModule, clusterOptions, jsonOption } from "../command.js";
import { findCluster, parseIntOption } from "../common.js";
import { consistencyCommand, headCommand, proveCommand } from "../heads-commands.js";
import type { SourceOptions } from "../ledger-commands.js";

type Source = SourceOptions & ClusterOptions & { readonly json?: boolean; readonly out?: string };

function sourceOptions(c: Command): Command {
  return clusterOptions(
    c
      .option(
        "--data <dir>",
        "a node's data directory (when its node runs, its export stream is read instead)",
      )
      .option("--export <file>", "an export file (pbft ledger export)")
      .option("--url <http://host:port>", "a running node's HTTP address"),
  )
    .option("--out <file>", "also write the JSON to a file")
    .addOption(jsonOption());
}

export const ledgerHead: CommandModule<Source & { readonly height?: number }> = {
  path: ["ledger", "head"],
  description:
    "the latest signed head (verified): `height:hash` to keep, or the full head with --json / --out",
  declare: (c) =>
    sourceOptions(c).option("--height <h>", "the head at this height", parseIntOption("--height")),
  handler: async (o) => {
    await headCommand(o, findCluster(o).cluster, {
      ...(o.height === undefined ? {} : { height: o.height }),
      ...(o.out === undefined ? {} : { out: o.out }),
      json: o.json === true,
    });
  },
};

export const ledgerProve: CommandModule<
  Source & { readonly height?: number; readonly head?: string; readonly check?: string }
> = {
  path: ["ledger", "prove"],
  description:
    "an inclusion proof of the entry at a height under a signed head (pbft-inclusion-proof/1), or --check one",
  declare: (c) =>
    sourceOptions(c)
      .option("--height <h>", "the entry to prove", parseIntOption("--height"))
      .option("--head <file|height>", "the head to prove it under (default: the source's latest)")
      .addOption(new Option("--check <file>", "check a proof offline against cluster.json instead")),
  handler: async (o) => {
    await proveCommand(o, findCluster(o).cluster, {
      ...(o.height === undefined ? {} : { height: o.height }),
      ...(o.head === undefined ? {} : { head: o.head }),
      ...(o.check === undefined ? {} : { check: o.check }),
      ...(o.out === undefined ? {} : { out: o.out }),
      json: o.json === true,
    });
  },
};

export const ledgerConsistency: CommandModule<
  Source & { readonly from?: string; readonly to?: string; readonly check?: string }
> = {
  path: ["ledger", "consistency"],
  description:
    "a consistency proof that head NEW extends head OLD (pbft-consistency-proof/1), or --check one",
  declare: (c) =>
    sourceOptions(c)
      .option(
        "--from <file|height>",
        "the older head: a head file, or the height of one of the source's heads",
      )
      .option("--to <file|height>", "the newer head (default: the source's latest)")
      .addOption(new Option("--check <file>", "check a proof offline against cluster.json instead")),
  handler: async (o) => {
    await consistencyCommand(o, findCluster(o).cluster, {
      ...(o.from === undefined ? {} : { from: o.from }),
      ...(o.to === undefined ? {} : { to: o.to }),
      ...(o.check === undefined ? {} : { check: o.check }),
      ...(o.out === undefined ? {} : { out: o.out }),
      json: o.json === true,
    });
  },
};
