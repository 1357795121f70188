// `pbft ledger query` (issue 18): decisions by type, status, proposer, organisation, time range and title
// words, answered from the ledger's LevelDB query indexes (a data directory, or an export imported into a
// temporary one first), as a table or JSON, with the time the answer took.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  decidedAt,
  type LedgerQuery,
  ProposerDirectory,
  QUERY_LIMIT_MAX,
  type QueryStatus,
} from "@pbft/ledger";
import { Option } from "commander";
import { type ClusterOptions, type CommandModule, clusterOptions, jsonOption } from "../command.js";
import { CliError, findCluster, parseIntOption, print, printJson } from "../common.js";
import { openLedger } from "../ledger-commands.js";
import { importExport } from "../ledger-io.js";

const STATUSES: readonly QueryStatus[] = ["accepted", "rejected", "pending", "in-force", "expired"];

interface QueryOptions extends ClusterOptions {
  readonly data?: string;
  readonly export?: string;
  readonly type?: string;
  readonly status?: QueryStatus;
  readonly proposer?: string;
  readonly org?: string;
  readonly from?: string;
  readonly to?: string;
  readonly text?: string;
  readonly offset: number;
  readonly limit: number;
  readonly json?: boolean;
}

/** An ISO 8601 time or ms since the Unix epoch. */
function timeOption(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isSafeInteger(n))
    throw new CliError(`${name} must be an ISO 8601 time or ms since 1970, got "${v}"`);
  return n;
}

export const ledgerQuery: CommandModule<QueryOptions> = {
  path: ["ledger", "query"],
  description: "find decisions by type, status, proposer, organisation, time and title words (from indexes)",
  declare: (c) =>
    clusterOptions(
      c
        .option("--data <dir>", "a stopped node's LevelDB data directory")
        .option("--export <file>", "an export file (imported into a temporary directory first)")
        .option("--type <type>", "record type, amendment, endorsement, config-change, config-approval")
        .addOption(new Option("--status <status>", "decision status").choices(STATUSES))
        .option("--proposer <name|key>", "proposer name or public key (hex)")
        .option("--org <org>", "proposer's organisation")
        .option("--from <time>", "decided at or after (ISO 8601 or ms)")
        .option("--to <time>", "decided at or before (ISO 8601 or ms)")
        .option("--text <words>", "words that must all be in the title")
        .option("--offset <n>", "skip this many matches", parseIntOption("--offset"), 0)
        .option("--limit <n>", `matches per page (max ${QUERY_LIMIT_MAX})`, parseIntOption("--limit"), 50),
    ).addOption(jsonOption()),
  handler: async (o) => {
    if ((o.data === undefined) === (o.export === undefined))
      throw new CliError("give exactly one of --data <dir> or --export <file>");
    const cluster = findCluster(o).cluster;
    const q: LedgerQuery = {
      ...(o.type ? { type: o.type } : {}),
      ...(o.status ? { status: o.status } : {}),
      ...(o.proposer ? { proposer: o.proposer } : {}),
      ...(o.org ? { org: o.org } : {}),
      ...(o.text ? { text: o.text } : {}),
      ...(o.from ? { fromMs: timeOption("--from", o.from)! } : {}),
      ...(o.to ? { toMs: timeOption("--to", o.to)! } : {}),
      offset: o.offset,
      limit: o.limit,
    };
    const temp = o.export ? mkdtempSync(join(tmpdir(), "pbft-query-")) : null;
    try {
      if (temp !== null) await importExport(o.export!, join(temp, "data"), cluster, o.json === true);
      const ledger = await openLedger(temp !== null ? join(temp, "data") : o.data!, cluster);
      try {
        const started = performance.now();
        const a = await ledger.query(q);
        const ms = Math.round((performance.now() - started) * 10) / 10;
        // Names of the keys any configuration of this ledger named (the epochs in force so far).
        const names = new ProposerDirectory(ledger.epochs().map((e) => e.config));
        const nameOf = (key: string) => names.who(key).name;
        if (o.json) {
          printJson({
            ...a,
            ms,
            rows: a.rows.map((r) => ({
              ...r,
              proposerName: nameOf(r.proposer),
              decidedAt: decidedAt(r.timeMs),
            })),
          });
          return;
        }
        for (const r of a.rows)
          print(
            `#${r.height}.${r.index} ${decidedAt(r.timeMs) ?? "(no time)"} ${r.status.padEnd(8)} ${r.type.padEnd(12)} ${r.proposalId} by ${nameOf(r.proposer)}${r.org ? ` (${r.org})` : ""}${r.title ? ` "${r.title}"` : ""}${r.reason ? ` [${r.reason}]` : ""}`,
          );
        print(
          `${a.rows.length} of ${a.total} match(es) (offset ${o.offset}); ${ms} ms: index "${a.index}", ${a.keysScanned} keys, ${a.entriesRead} entries read`,
        );
      } finally {
        await ledger.close();
      }
    } finally {
      if (temp !== null) rmSync(temp, { recursive: true, force: true });
    }
  },
};
