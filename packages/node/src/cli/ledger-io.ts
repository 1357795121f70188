// The long ledger operations of the CLI with a progress bar (progress.ts): verifying a data dir or an export,
// downloading a node's export stream, exporting a data dir, importing an export. Verify and import are
// @pbft/ledger's, through its progress hook; export and download count lines as they pass.
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { PassThrough, Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream } from "node:stream/web";
import {
  type ClusterConfig,
  exportLedger,
  importLedger,
  type Ledger,
  type MinHead,
  type VerifyResult,
  verifyLedger,
} from "@pbft/ledger";
import { CliError, EXIT } from "./common.js";
import { countLines, ledgerProgress, type Progress, progressWanted, startProgress } from "./progress.js";

/** An export's entries (its lines but the header and the trailer), counted only when a bar will show. */
async function entriesIn(path: string, json: boolean): Promise<{ total?: number }> {
  return progressWanted(json) ? { total: Math.max(0, (await countLines(path)) - 2) } : {};
}

/**
 * Verifies a stopped node's data dir or an export file. A data dir's bar takes its total from the stored
 * head; an export's from its lines (the library knows its count only at the end line).
 */
export async function verifySource(
  path: string,
  kind: "data" | "export",
  cluster: ClusterConfig,
  json: boolean,
  minHead?: MinHead,
): Promise<VerifyResult> {
  const bars = ledgerProgress({ json, ...(kind === "export" ? await entriesIn(path, json) : {}) });
  try {
    return await verifyLedger(path, cluster, { ...bars.options, ...(minHead ? { minHead } : {}) });
  } finally {
    bars.stop();
  }
}

/** Saves a running node's export stream (`/ledger/export`) to `file`; the bar's total is the node's height. */
export async function downloadExport(url: string, file: string, json: boolean): Promise<void> {
  const base = /^https?:\/\//.test(url) ? url : `http://${url}`;
  let res: Response;
  try {
    res = await fetch(new URL("/ledger/export", base), { signal: AbortSignal.timeout(600_000) });
  } catch (e) {
    throw new CliError(`cannot reach ${base}: ${(e as Error).message}`, EXIT.unreachable);
  }
  if (!res.ok || !res.body)
    throw new CliError(`${base} answered ${res.status} to /ledger/export`, EXIT.unreachable);
  const p = startProgress("download", await heightOf(base), "entries", { json });
  try {
    await pipeline(Readable.fromWeb(res.body as ReadableStream), lineTicker(p), createWriteStream(file));
  } finally {
    p.stop();
  }
}

/** The node's ledger height from /status, for a bar's total (0 when it does not answer: the bar grows). */
async function heightOf(base: string): Promise<number> {
  try {
    const res = await fetch(new URL("/status", base), { signal: AbortSignal.timeout(2000) });
    const h = ((await res.json()) as { height?: unknown }).height;
    return typeof h === "number" && Number.isSafeInteger(h) ? h : 0;
  } catch {
    return 0;
  }
}

/** Passes bytes through, ticking once per line. */
function lineTicker(p: Progress): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      let n = 0;
      for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) n++;
      if (n > 0) p.tick(n);
      done(null, chunk);
    },
  });
}

/** Writes an opened ledger to an export file. */
export async function exportToFile(ledger: Ledger, out: string, json: boolean): Promise<number> {
  const p = startProgress("export", ledger.head().height, "entries", { json });
  const file = createWriteStream(out);
  const lines = new PassThrough();
  // One chunk per line (exportLedger writes line by line); the header and the trailer tick too.
  lines.on("data", () => p.tick());
  lines.pipe(file);
  try {
    const n = await exportLedger(ledger, lines);
    lines.end();
    await once(file, "finish");
    return n;
  } finally {
    p.stop();
  }
}

/** importLedger (verify everything, then write into a temporary dir renamed into place) with two bars. */
export async function importExport(
  exportPath: string,
  dir: string,
  cluster: ClusterConfig,
  json: boolean,
): Promise<number> {
  const bars = ledgerProgress({ json, ...(await entriesIn(exportPath, json)) });
  try {
    return await importLedger(exportPath, dir, cluster, bars.options);
  } finally {
    bars.stop();
  }
}
