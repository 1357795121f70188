// `pbft ledger verify|show|reader|export|import|migrate`: a ledger from a data dir (node stopped, or read through
// its running node), an export file, or a node's export stream; handlers in ledger-commands.ts.
import { type Command, Option } from "commander";
import { type ClusterOptions, type CommandModule, clusterOptions, jsonOption } from "../command.js";
import { findCluster, parseIntOption } from "../common.js";
import { parseMinHead } from "../heads-commands.js";
import {
  exportCommand,
  importCommand,
  migrateCommand,
  type SourceOptions,
  showCommand,
  verifyCommand,
} from "../ledger-commands.js";
import { readerCommand, verifyReaderCommand } from "../reader-commands.js";

type Source = SourceOptions & ClusterOptions;

function sourceOptions(c: Command): Command {
  return clusterOptions(
    c
      .option(
        "--data <dir>",
        "a node's LevelDB data directory (when its node is running, its export stream is read over HTTP)",
      )
      .option("--export <file>", "an export file (pbft ledger export)")
      .option("--url <http://host:port>", "a running node's HTTP address (streams its export)"),
  );
}

export const ledgerVerify: CommandModule<Source & { readonly json?: boolean; readonly minHead?: string }> = {
  path: ["ledger", "verify"],
  description:
    "check hash chain, entry hashes, Merkle roots, commit certificates, client signatures, re-execute the rules, and check the signed head",
  declare: (c) =>
    sourceOptions(c)
      .option(
        "--min-head <file|height:hash>",
        "a head you kept earlier (pbft ledger head): fail when the history ends before it or differs from it",
      )
      .addOption(jsonOption()),
  handler: async (o) => {
    const cluster = findCluster(o).cluster;
    await verifyCommand(
      o,
      cluster,
      o.json === true,
      o.minHead ? parseMinHead(o.minHead, cluster) : undefined,
    );
  },
};

export const ledgerShow: CommandModule<
  Source & { readonly from: number; readonly to?: number; readonly limit?: number; readonly json?: boolean }
> = {
  path: ["ledger", "show"],
  description: "list entries and their decisions",
  declare: (c) =>
    sourceOptions(c)
      .option("--from <height>", "first height", parseIntOption("--from"), 1)
      .option("--to <height>", "last height (default: the last)", parseIntOption("--to"))
      .option(
        "--limit <n>",
        "at most this many entries (a page: next page --from <last+1>)",
        parseIntOption("--limit"),
      )
      .addOption(new Option("--json", "one JSON object per entry (NDJSON)")),
  handler: async (o) => {
    await showCommand(o, findCluster(o).cluster, {
      from: o.from,
      to: o.to ?? Number.MAX_SAFE_INTEGER,
      limit: o.limit ?? Number.MAX_SAFE_INTEGER,
      json: o.json === true,
    });
  },
};

export const ledgerReader: CommandModule<
  Source & {
    readonly format: string;
    readonly out?: string;
    readonly json?: boolean;
    readonly type?: string;
    readonly status?: string;
  }
> = {
  path: ["ledger", "reader"],
  description:
    "the reader edition from verified entries, at the signed head (stated in it): every record's current version with its amendments and trace",
  declare: (c) =>
    sourceOptions(c)
      .addOption(
        new Option("--format <format>", "the edition's format")
          .choices(["json", "markdown", "html"])
          .default("markdown"),
      )
      .option("--out <file>", "write to a file instead of stdout")
      .option("--type <types>", "only records of these types (comma-separated)")
      .option(
        "--status <statuses>",
        "only records with these statuses: pending, in-force, expired, withdrawn",
      )
      .addOption(new Option("--json", "the edition as JSON (= --format json); with --out, a JSON summary")),
  handler: async (o) => {
    await readerCommand(o, findCluster(o).cluster, {
      format: o.json ? "json" : o.format,
      ...(o.out ? { out: o.out } : {}),
      ...(o.type ? { types: o.type.split(",") } : {}),
      ...(o.status ? { statuses: o.status.split(",") } : {}),
      json: o.json === true,
    });
  },
};

export const ledgerExport: CommandModule<
  ClusterOptions & {
    readonly data?: string;
    readonly url?: string;
    readonly out: string;
    readonly json?: boolean;
  }
> = {
  path: ["ledger", "export"],
  description: "write a ledger to an export file (NDJSON, format v2)",
  declare: (c) =>
    clusterOptions(
      c
        .option(
          "--data <dir>",
          "a node's data directory; when its node is running (it holds the lock) the node's export stream is read over HTTP instead",
        )
        .option("--url <http://host:port>", "a running node's HTTP address: save its export stream")
        .requiredOption("--out <file>", "export file"),
    ).addOption(jsonOption()),
  handler: async (o) => {
    await exportCommand(o, () => findCluster(o).cluster, o.out, o.json === true);
  },
};

export const ledgerImport: CommandModule<
  ClusterOptions & { readonly export: string; readonly data: string; readonly json?: boolean }
> = {
  path: ["ledger", "import"],
  description:
    "create a ledger from an export; the whole export is verified first, and nothing is written if it fails",
  declare: (c) =>
    clusterOptions(
      c.requiredOption("--export <file>", "export file").requiredOption("--data <dir>", "new data directory"),
    ).addOption(jsonOption()),
  handler: async (o) => {
    await importCommand(o.export, o.data, findCluster(o).cluster, o.json === true);
  },
};

export const ledgerMigrate: CommandModule<ClusterOptions & { readonly data: string }> = {
  path: ["ledger", "migrate"],
  description:
    "rewrite a format-1 ledger in place to format 2 (entry headers without the view); stop every node first, migrate each, then start them",
  declare: (c) =>
    clusterOptions(c.requiredOption("--data <dir>", "the node's data directory (the node must be stopped)")),
  handler: async (o) => {
    await migrateCommand(o.data, findCluster(o).cluster);
  },
};

export const ledgerVerifyReader: CommandModule<
  Source & { readonly edition: string; readonly json?: boolean }
> = {
  path: ["ledger", "verify-reader"],
  description:
    "check a reader edition (any format): its signed head against cluster.json, and its text against the ledger's edition at that head",
  declare: (c) =>
    sourceOptions(c).requiredOption("--edition <file>", "the reader edition").addOption(jsonOption()),
  handler: async (o) => {
    await verifyReaderCommand(o.edition, o, findCluster(o).cluster, o.json === true);
  },
};
