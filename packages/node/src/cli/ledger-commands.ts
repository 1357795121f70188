// `pbft ledger show|verify|export|import|reader|migrate`: offline audit of a data directory (the node stopped),
// an export file, or a running node's export stream (--url), against cluster.json alone.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { toHex } from "@pbft/consensus";
import {
  type ClusterConfig,
  decidedAt,
  decodeEntry,
  entryTime,
  executeBatch,
  Ledger,
  ledgerInUse,
  MemoryRulesState,
  type MinHead,
  migrateLedger,
  ProposerDirectory,
  proposalJson,
  RECORD_TYPES,
  readExport,
  type StoredEntry,
  statusAt,
} from "@pbft/ledger";
import { loadLocalNodeConfig } from "../config.js";
import { asCliError, CliError, EXIT, note, print, printJson } from "./common.js";
import { downloadExport, exportToFile, importExport, verifySource } from "./ledger-io.js";

export interface SourceOptions {
  readonly data?: string;
  readonly export?: string;
  readonly url?: string;
}

function mustExist(path: string, what: "directory" | "file", option: string): void {
  let ok = false;
  try {
    ok = what === "directory" ? statSync(path).isDirectory() : statSync(path).isFile();
  } catch {
    ok = false;
  }
  if (!ok) throw new CliError(`${option} ${path}: no such ${what}`, EXIT["not-found"], { path });
}

/**
 * Runs `fn` with a path verifyLedger/readExport accept: a data dir, an export, or a downloaded export.
 * `json` turns the download's progress bar off.
 */
export async function withSource<T>(
  s: SourceOptions,
  fn: (path: string, kind: "data" | "export") => Promise<T>,
  json = false,
): Promise<T> {
  const given = [s.data, s.export, s.url].filter((x) => x !== undefined).length;
  if (given !== 1)
    throw new CliError("give exactly one of --data <dir>, --export <file> or --url <http://host:port>");
  if (s.data) {
    mustExist(s.data, "directory", "--data");
    const url = await runningNodeUrl(s.data);
    if (url === undefined) return fn(s.data, "data");
    note(`${s.data} is in use by its running node: reading its export stream from ${url} instead`);
    return withSource({ url }, fn, json);
  }
  if (s.export) {
    mustExist(s.export, "file", "--export");
    return fn(s.export, "export");
  }
  const dir = mkdtempSync(join(tmpdir(), "pbft-export-"));
  try {
    const file = join(dir, "ledger.ndjson");
    await downloadExport(s.url!, file, json);
    return await fn(file, "export");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The HTTP address of the node running on `dataDir` (found through its node.json), if it holds the lock. */
async function runningNodeUrl(dataDir: string): Promise<string | undefined> {
  if (!(await ledgerInUse(dataDir))) return undefined;
  const home = dirname(resolve(dataDir));
  try {
    const cfg = loadLocalNodeConfig(home);
    if (resolve(cfg.dataDir) !== resolve(dataDir)) throw new Error("not this node's data dir");
    const [host, port] = [
      cfg.listen.http.slice(0, cfg.listen.http.lastIndexOf(":")),
      cfg.listen.http.split(":").pop(),
    ];
    return `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
  } catch {
    throw new CliError(
      `${dataDir} is in use by a running process: stop it, or use --url http://<its node's HTTP address>`,
      EXIT["not-found"],
    );
  }
}

export async function verifyCommand(
  s: SourceOptions,
  cluster: ClusterConfig,
  json: boolean,
  minHead?: MinHead,
): Promise<void> {
  const result = await withSource(s, (path, kind) => verifySource(path, kind, cluster, json, minHead), json);
  if (json)
    printJson(
      result.ok
        ? {
            ok: true,
            height: result.height,
            headHash: toHex(result.headHash),
            proposals: result.proposals,
            signedHead: result.signedHead ?? null,
            entriesAfterSignedHead: result.height - (result.signedHead?.height ?? 0),
            epoch: result.epochs.length - 1,
            epochHops: result.epochHops,
          }
        : { ok: false, badHeight: result.badHeight, reason: result.reason, verifiedHeight: result.height },
    );
  else if (result.ok) {
    print(
      `ledger OK: ${result.height} entries, ${result.proposals} proposals, head ${toHex(result.headHash)} (hash chain, certificates, signatures and rules re-executed against cluster ${cluster.clusterId})`,
    );
    const h = result.signedHead;
    print(
      h === undefined
        ? `no signed head: none of the ${result.height} entries is covered by one (each is certified, but nothing signed says how long the history is)`
        : `last signed head verified: ${h.height}:${h.entryHash} (epoch ${h.epoch}, members ${h.signers.join(", ")}); ${result.height - h.height} entries after it, certified one by one but not covered by a head yet`,
    );
    const changes = result.epochs.length - 1;
    if (changes > 0)
      print(
        `configuration history followed from the genesis: ${changes} change(s), epoch ${changes} in force; the source vouches for ${result.epochHops} of its ${changes} boundaries (epoch hops: what heads, proofs and receipts of later epochs are checked with, without replaying)`,
      );
    if (minHead !== undefined)
      print(`reaches and agrees with the head you hold: ${minHead.height}:${minHead.entryHash}`);
  } else
    print(
      `ledger INVALID at height ${result.badHeight}: ${result.reason} (${result.height} entries verified before it)`,
    );
  if (!result.ok)
    throw new CliError(
      "verification failed",
      EXIT["verification-failed"],
      { badHeight: result.badHeight, reason: result.reason },
      true,
    );
}

/** Entries of a source (a data dir or an export), one at a time; a bad export line exits 2. */
export async function* entriesOf(
  path: string,
  kind: "data" | "export",
  cluster: ClusterConfig,
): AsyncGenerator<StoredEntry> {
  if (kind === "data") {
    const ledger = await openLedger(path, cluster);
    try {
      yield* ledger.range(1);
    } finally {
      await ledger.close();
    }
    return;
  }
  for await (const item of readExport(path, cluster.clusterId)) {
    if ("error" in item)
      throw new CliError(`export: ${item.error}`, EXIT["verification-failed"], { height: item.height });
    if ("signedHead" in item || "epochHop" in item) continue; // verify checks them; entries are what is read here
    const e = decodeEntry(cluster.clusterId, item.value);
    if (typeof e === "string")
      throw new CliError(`export entry ${item.height}: ${e}`, EXIT["verification-failed"], {
        height: item.height,
      });
    yield e;
  }
}

export async function openLedger(dir: string, cluster: ClusterConfig): Promise<Ledger> {
  try {
    return await Ledger.open(dir, cluster);
  } catch (e) {
    const err = asCliError(e);
    throw /lock/i.test(err.message)
      ? new CliError(
          `${dir} is in use (a running node holds its lock): stop the node, or use --url http://<node http address>`,
          EXIT["not-found"],
        )
      : err;
  }
}

export async function showCommand(
  s: SourceOptions,
  cluster: ClusterConfig,
  o: { from: number; to: number; limit?: number; json: boolean },
): Promise<void> {
  let shown = 0;
  await withSource(
    s,
    async (path, kind) => {
      // Status (issue 18) is what the whole ledger makes of each proposal (a later endorsement puts a
      // pending record in force): a first pass re-executes the rules, as verify does.
      const rules = new MemoryRulesState(cluster);
      let nowMs = 0;
      for await (const e of entriesOf(path, kind, cluster)) {
        nowMs = entryTime(e);
        executeBatch(rules, cluster.clusterId, e.height, e.batch.requests, nowMs);
      }
      const statusOf = (r: { accepted: boolean; proposalId: string }, type: string | undefined): string => {
        if (!r.accepted) return "rejected";
        if (rules.isWithdrawn(r.proposalId)) return "withdrawn";
        const g = rules.governed(r.proposalId);
        if (g !== undefined) return statusAt(g, nowMs);
        return type !== undefined && (RECORD_TYPES as readonly string[]).includes(type)
          ? "in-force"
          : "accepted";
      };
      // Attribution (issue 18): every key any configuration named, learnt as the entries stream by.
      const directory = new ProposerDirectory(cluster);
      for await (const e of entriesOf(path, kind, cluster)) {
        directory.observe(e);
        if (e.height < o.from) continue;
        if (e.height > o.to || shown >= (o.limit ?? Number.MAX_SAFE_INTEGER)) break;
        shown++;
        const time = decidedAt(entryTime(e));
        const row = {
          height: e.height,
          time: time ?? undefined,
          view: Number(e.batch.view), // of this ledger's certificate (not part of the entry hash)
          entryHash: toHex(e.entryHash),
          prevHash: toHex(e.header.prevHash),
          requests: e.results.map((r, i) => {
            const p = directory.proposerOf(e, i);
            const json = proposalJson(e, i) as
              | { type?: unknown; title?: unknown; kind?: unknown }
              | undefined;
            const type =
              typeof json?.type === "string"
                ? json.type
                : typeof json?.kind === "string"
                  ? json.kind
                  : undefined;
            return {
              proposalId: r.proposalId,
              decision: r.accepted ? "accepted" : "rejected",
              reason: r.reason || undefined,
              proposer: { name: p.name, org: p.org, role: p.role },
              status: statusOf(r, type),
              type,
              title: typeof json?.title === "string" ? json.title : undefined,
            };
          }),
          certificate: (e.batch.certificate?.commits ?? []).map((c) => c.signer),
        };
        if (o.json) print(JSON.stringify(row));
        else
          print(
            `#${row.height} ${row.time ?? "(no time)"} view ${row.view} ${row.entryHash.slice(0, 16)}… ${row.requests.length} request(s)${row.requests
              .map(
                (r) =>
                  `\n    ${r.proposalId || "(unparsable)"} ${r.type ?? "?"} ${r.status}${r.reason ? ` (${r.reason})` : ""} by ${r.proposer.org ? `${r.proposer.name} (${r.proposer.org})` : r.proposer.name}${r.title ? ` "${r.title}"` : ""}`,
              )
              .join("")}`,
          );
      }
    },
    o.json,
  );
}

/**
 * `ledger export`: --url saves a running node's export stream; --data reads a stopped node's LevelDB, or,
 * when its node runs (it holds the lock), that node's export stream over HTTP, and says so on stderr.
 */
export async function exportCommand(
  s: { data?: string; url?: string },
  cluster: () => ClusterConfig,
  out: string,
  json: boolean,
): Promise<void> {
  if ((s.data === undefined) === (s.url === undefined))
    throw new CliError("give exactly one of --data <dir> or --url <http://host:port>");
  let url = s.url;
  if (s.data !== undefined) {
    mustExist(s.data, "directory", "--data");
    url = await runningNodeUrl(s.data);
    if (url !== undefined)
      note(`${s.data} is in use by its running node: saving its export stream from ${url}`);
  }
  if (url !== undefined) {
    await downloadExport(url, out, json);
    if (json) printJson({ out, source: url });
    else print(`exported the ledger of the node at ${url} to ${out}`);
    return;
  }
  const ledger = await openLedger(s.data!, cluster());
  try {
    const n = await exportToFile(ledger, out, json);
    if (json) printJson({ out, source: s.data, entries: n });
    else print(`exported ${n} entries to ${out}`);
  } finally {
    await ledger.close();
  }
}

export async function importCommand(
  exportFile: string,
  dataDir: string,
  cluster: ClusterConfig,
  json: boolean,
): Promise<void> {
  mustExist(exportFile, "file", "--export");
  let n: number;
  try {
    n = await importExport(exportFile, dataDir, cluster, json);
  } catch (e) {
    throw asCliError(e);
  }
  if (json) printJson({ data: dataDir, entries: n });
  else print(`imported ${n} entries into ${dataDir} (verified before writing)`);
}

export async function migrateCommand(dataDir: string, cluster: ClusterConfig): Promise<void> {
  if (await ledgerInUse(dataDir))
    throw new CliError(
      `${dataDir} is in use by a running node: stop it (every node of the cluster) first`,
      EXIT.usage,
    );
  let result: Awaited<ReturnType<typeof migrateLedger>>;
  try {
    result = await migrateLedger(dataDir, cluster);
  } catch (e) {
    throw asCliError(e);
  }
  if (result.from === 2) print(`${dataDir} is already in ledger format 2: nothing to do`);
  else
    print(
      `migrated ${dataDir} to ledger format 2: ${result.rewritten} entries rewritten, head ${result.head?.height ?? 0} ${toHex(result.head?.entryHash ?? new Uint8Array(32))}`,
    );
}
