// The long ledger operations of the CLI with a progress bar (progress.ts): verifying an export, downloading
// a node's export stream, exporting a data dir, importing an export. Each is built from @pbft/ledger's public
// pieces (readExport, verifyStream, exportLedger, Ledger.appendVerified), which take no progress callback;
// importExport follows importLedger step by step for that reason (verify everything, write into a temporary
// directory, rename it into place).
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import { PassThrough, Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream } from "node:stream/web";
import {
  type ClusterConfig,
  exportLedger,
  Ledger,
  LedgerError,
  readExport,
  type VerifyResult,
  verifyStream,
} from "@pbft/ledger";
import { CliError, EXIT } from "./common.js";
import { counted, countLines, type Progress, startProgress } from "./progress.js";

/** An export's entries: its lines but the header and the trailer. */
async function entriesIn(path: string): Promise<number> {
  return Math.max(0, (await countLines(path)) - 2);
}

export async function verifyExportFile(
  path: string,
  cluster: ClusterConfig,
  json: boolean,
): Promise<VerifyResult> {
  const p = startProgress("verify", await entriesIn(path), "entries", { json });
  try {
    return await verifyStream(counted(readExport(path, cluster.clusterId), p), cluster);
  } finally {
    p.stop();
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

/**
 * Creates a ledger at `dir` from an export, as importLedger does: the whole export is verified first, then
 * written into `<dir>.importing` and renamed into place, so a failure never leaves a partial ledger.
 */
export async function importExport(
  exportPath: string,
  dir: string,
  cluster: ClusterConfig,
  json: boolean,
): Promise<number> {
  const existing = await readdir(dir).catch(() => [] as string[]);
  if (existing.length > 0) throw new LedgerError("import-target-not-empty", `${dir} is not empty`);
  const total = await entriesIn(exportPath);
  const verifying = startProgress("verify", total, "entries", { json });
  let checked: VerifyResult;
  try {
    checked = await verifyStream(counted(readExport(exportPath, cluster.clusterId), verifying), cluster);
  } finally {
    verifying.stop();
  }
  if (!checked.ok)
    throw new LedgerError(
      "import-invalid",
      `export fails verification at height ${checked.badHeight}: ${checked.reason}`,
      checked.badHeight,
    );
  const tmp = `${dir}.importing`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const writing = startProgress("import", total, "entries", { json });
  try {
    const ledger = await Ledger.open(tmp, cluster);
    try {
      for await (const item of readExport(exportPath, cluster.clusterId)) {
        if ("error" in item) throw new LedgerError("import-invalid", item.error, item.height);
        await ledger.appendVerified(item.value);
        writing.tick();
      }
      const head = ledger.head();
      if (head.height !== checked.height || !Buffer.from(head.entryHash).equals(checked.headHash))
        throw new LedgerError("import-invalid", "export changed while importing");
    } finally {
      await ledger.close();
    }
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  } finally {
    writing.stop();
  }
  return checked.height;
}
