// `pbft submit` and `pbft receipt verify`.
import { Option } from "commander";
import { type ClusterOptions, type CommandModule, clusterOptions, jsonOption } from "../command.js";
import { findCluster, formatDuration, parseDuration } from "../common.js";
import { receiptVerifyCommand, type SubmitOptions, submitCommand } from "../submit-command.js";

export const submit: CommandModule<
  ClusterOptions & Omit<SubmitOptions, "json"> & { readonly json?: boolean }
> = {
  path: ["submit"],
  description: "submit a signed proposal and wait for f+1 matching replies; prints the receipt",
  declare: (c) =>
    clusterOptions(c)
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
      .option("--endorse <id>", "endorse this pending record or amendment (its type's endorsement policy)")
      .addOption(
        new Option("--timeout <duration>", "give up after (5s, 600ms, 2m; a bare number is ms)")
          .argParser(parseDuration("--timeout", "ms"))
          .default(30_000, formatDuration(30_000)),
      )
      .option("--receipt-out <file>", "also write the receipt (JSON with the protobuf receipt in base64)")
      .addOption(jsonOption()),
  handler: async (o) => {
    await submitCommand(() => findCluster(o).cluster, { ...o, json: o.json === true });
  },
};

export interface ReceiptVerifyOptions extends ClusterOptions {
  readonly receipt: string;
  readonly epochProof?: string;
  readonly head?: string;
  readonly json?: boolean;
}

export const receiptVerify: CommandModule<ReceiptVerifyOptions> = {
  path: ["receipt", "verify"],
  description:
    "check a receipt offline against cluster.json: inclusion proofs, commit certificate, f+1 attestations, client signature",
  declare: (c) =>
    clusterOptions(
      c
        .requiredOption("--receipt <file>", "receipt file (from submit --receipt-out, or raw protobuf)")
        .option(
          "--epoch-proof <file>",
          "an epoch proof (GET /config/proof), or an export whose epoch hops give one: bounds each epoch's heights (instead of the file's)",
        )
        .option(
          "--head <file>",
          "a signed head you hold (pbft ledger head --out): the receipt's epoch must fit it",
        ),
    ).addOption(jsonOption()),
  handler: async (o) => {
    await receiptVerifyCommand(o.receipt, findCluster(o).cluster, o.json === true, {
      ...(o.epochProof === undefined ? {} : { epochProof: o.epochProof }),
      ...(o.head === undefined ? {} : { head: o.head }),
    });
  },
};
