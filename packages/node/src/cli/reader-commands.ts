// `pbft ledger reader` and `pbft ledger verify-reader` (issue 17): the reader edition is built only from
// verified entries, at the source's signed head when it has one (stated and embedded in every format), so
// that a printed or mailed copy can be checked later: verify-reader checks the embedded head with the
// genesis alone, then rebuilds the edition at that head from a ledger that reaches and agrees with it and
// compares the two byte for byte.
import { readFileSync, writeFileSync } from "node:fs";
import {
  buildReaderEdition,
  type ClusterConfig,
  headLine,
  MemoryRulesState,
  ProposerDirectory,
  READER_STATUSES,
  RECORD_TYPES,
  type ReaderEdition,
  readerEditionFilters,
  readerEditionHead,
  type SignedHead,
  verifySignedHead,
} from "@pbft/ledger";
import { CliError, EXIT, note, print, printJson } from "./common.js";
import { checkEpochs, claimedEpoch, verificationError } from "./heads-commands.js";
import { entriesOf, type SourceOptions, withSource } from "./ledger-commands.js";
import { verifySource } from "./ledger-io.js";

type Format = "json" | "markdown" | "html";

function render(edition: ReaderEdition, format: Format): string {
  return format === "json"
    ? `${JSON.stringify(edition.json, null, 2)}\n`
    : format === "markdown"
      ? edition.markdown
      : edition.html;
}

/** Verifies the source (against `at` when given), then builds the edition at its signed head. */
async function verifiedEdition(
  s: SourceOptions,
  cluster: ClusterConfig,
  json: boolean,
  at?: SignedHead,
  filters: { readonly types?: string[]; readonly statuses?: string[] } = {},
): Promise<ReaderEdition> {
  return withSource(
    s,
    async (path, kind) => {
      const minHead = at ? { height: at.height, entryHash: at.entryHash, treeRoot: at.treeRoot } : undefined;
      const v = await verifySource(path, kind, cluster, json, minHead);
      if (!v.ok)
        throw new CliError(
          `the ledger fails verification at height ${v.badHeight}: ${v.reason} (the reader edition is built from verified entries only)`,
          EXIT["verification-failed"],
          { badHeight: v.badHeight },
        );
      const head = at ?? v.signedHead?.head ?? null;
      if (head === null)
        note(`no signed head covers this ledger: the edition (height ${v.height}) states none`);
      else if (v.height > head.height)
        note(
          `built at signed head ${head.height}: the ${v.height - head.height} later entries are not covered by it yet`,
        );
      // Issue 18: proposers named, statuses and endorsements from re-executing the rules, filters.
      return buildReaderEdition(cluster.clusterId, entriesOf(path, kind, cluster), {
        signedHead: head,
        directory: new ProposerDirectory(cluster),
        rules: new MemoryRulesState(cluster),
        ...(filters.types ? { types: filters.types } : {}),
        ...(filters.statuses ? { statuses: filters.statuses } : {}),
      });
    },
    json,
  );
}

export async function readerCommand(
  s: SourceOptions,
  cluster: ClusterConfig,
  o: { format: string; out?: string; json: boolean; types?: string[]; statuses?: string[] },
): Promise<void> {
  if (!["json", "markdown", "html"].includes(o.format))
    throw new CliError(`--format must be json, markdown or html, got "${o.format}"`);
  for (const [flag, given, allowed] of [
    ["--type", o.types, RECORD_TYPES],
    ["--status", o.statuses, READER_STATUSES],
  ] as const)
    for (const v of given ?? [])
      if (!(allowed as readonly string[]).includes(v))
        throw new CliError(`${flag}: "${v}" is not one of ${allowed.join(", ")}`);
  const edition = await verifiedEdition(s, cluster, o.json, undefined, {
    ...(o.types ? { types: o.types } : {}),
    ...(o.statuses ? { statuses: o.statuses } : {}),
  });
  const text = render(edition, o.format as Format);
  if (o.out) {
    writeFileSync(o.out, text);
    const h = edition.json.signedHead;
    const summary = {
      out: o.out,
      format: o.format,
      records: edition.json.records.length,
      height: edition.json.height,
      signedHead: h ? headLine(h) : null,
    };
    if (o.json) printJson(summary);
    else
      print(
        `reader edition (${o.format}, ${summary.records} records, height ${summary.height}${h ? `, signed head ${headLine(h)}` : ", no signed head"}) written to ${o.out}`,
      );
  } else process.stdout.write(text);
}

export async function verifyReaderCommand(
  file: string,
  s: SourceOptions,
  cluster: ClusterConfig,
  json: boolean,
): Promise<void> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError(`${file}: ${(e as Error).message}`, EXIT["not-found"]);
  }
  let embedded: unknown;
  try {
    embedded = readerEditionHead(text);
  } catch {
    throw new CliError(`${file}: its signed head is not readable JSON`, EXIT["verification-failed"]);
  }
  if (embedded === null)
    throw new CliError(
      `${file} states no signed head: nothing signed to check it against`,
      EXIT["verification-failed"],
    );
  let head: SignedHead;
  // A head of a later epoch: its members from the source's own epoch hops (or its replay, or the node's).
  const epochs = await checkEpochs(s, cluster, claimedEpoch(embedded));
  try {
    head = verifySignedHead(embedded, cluster, epochs);
  } catch (e) {
    throw verificationError(e, `${file}'s signed head`);
  }
  const filters = statedFilters(text, file);
  const format: Format = text.trimStart().startsWith("{")
    ? "json"
    : text.trimStart().startsWith("<")
      ? "html"
      : "markdown";
  // A filtered edition is rebuilt with the filters it states: an edited statement rebuilds another edition.
  const rebuilt = render(await verifiedEdition(s, cluster, json, head, filters), format);
  if (rebuilt !== text) {
    const a = text.split("\n");
    const b = rebuilt.split("\n");
    let line = 0;
    while (line < a.length && a[line] === b[line]) line++;
    throw new CliError(
      `${file} differs from the ledger's edition at signed head ${headLine(head)} (first at line ${line + 1})`,
      EXIT["verification-failed"],
      { line: line + 1 },
    );
  }
  const stated = filters.types || filters.statuses ? { filters } : {};
  if (json) printJson({ ok: true, signedHead: headLine(head), format, ...stated });
  else
    print(
      `reader edition OK: identical to the ledger's at signed head ${headLine(head)} (${format}${filters.types || filters.statuses ? `, filtered: ${JSON.stringify(filters)}` : ""})`,
    );
}

/** The filters a copy states, checked (a statement no `pbft ledger reader` writes fails verification). */
function statedFilters(text: string, file: string): { types?: string[]; statuses?: string[] } {
  let stated: unknown;
  try {
    stated = readerEditionFilters(text);
  } catch {
    throw new CliError(`${file}: its filter statement is not readable JSON`, EXIT["verification-failed"]);
  }
  if (stated === null) return {};
  const bad = () =>
    new CliError(
      `${file}: its filter statement is not one pbft ledger reader writes: ${JSON.stringify(stated).slice(0, 200)}`,
      EXIT["verification-failed"],
    );
  if (typeof stated !== "object" || Array.isArray(stated)) throw bad();
  const out: { types?: string[]; statuses?: string[] } = {};
  for (const [k, v] of Object.entries(stated)) {
    const allowed: readonly string[] | undefined =
      k === "types" ? RECORD_TYPES : k === "statuses" ? READER_STATUSES : undefined;
    if (allowed === undefined || !Array.isArray(v) || !v.every((x) => allowed.includes(x))) throw bad();
    out[k as "types" | "statuses"] = v as string[];
  }
  return out;
}
