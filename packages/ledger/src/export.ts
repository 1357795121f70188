// Export format, version 2 (ledger format 2): UTF-8 NDJSON, one JSON object per line.
//   {"format":"pbft-ledger-export","version":2,"clusterId":"<id>"}
//   {"height":1,"value":"<lowercase hex of the stored entry value>"}      (one line per entry, ascending)
//   {"epochHop":<hop>}   right after the last entry of an epoch, when the ledger can vouch for it: the hop
//                        of a pbft-epoch-proof/1 (epoch-proof.ts: boundary header, its certificate, >= f+1
//                        signatures of the ending epoch's members over the boundary entry, next configuration)
//   {"signedHead":<pbft-signed-head/1 JSON>}   (when the ledger holds one: its latest; signed-head.ts)
//   {"end":true,"count":<entries>,"headHash":"<hex entry hash of the last entry>"}
// The end line catches an export cut by accident; only the signed head (or a head the auditor kept: verify's
// minHead) catches a cut with a forged end line, since anyone can write an end line. Values are the exact
// stored bytes (see entry.ts). readExport yields the signed head first (read from the file's tail), so that
// verify knows which height to check it against while it streams the entries.
// The epoch hops make an export self-sufficient for heads and receipts of later epochs: verify follows the
// configuration history by replaying the rules (and checks every hop against it), but a reader that does not
// replay (ledger head/prove/consistency, receipt verify) follows the hops from the genesis instead
// (contiguousEpochProof). Exports written before hops existed have none and still verify.

import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open as openFile, readdir, rename, rm } from "node:fs/promises";
import type { Writable } from "node:stream";
import { pbft, toHex } from "@pbft/consensus";
import { type ClusterConfig, canonicalJson } from "./cluster-config.js";
import { decodeChunks, decodeEntry, entryHash, ZERO_HASH } from "./entry.js";
import { type EpochHop, epochHopSchema } from "./epoch-proof.js";
import { LedgerError } from "./errors.js";
import { LEDGER_FORMAT } from "./format.js";
import { type ProgressOptions, ProgressReporter } from "./progress.js";
import { encodeSignedHead, parseSignedHead, type SignedHead } from "./signed-head.js";
import { Ledger } from "./store.js";
import type { RawItem } from "./verify.js";
import { verifyStream } from "./verify.js";

export const EXPORT_FORMAT = "pbft-ledger-export";
/** The export's version is the ledger format of the values it carries. */
export const EXPORT_VERSION = LEDGER_FORMAT;

async function write(out: Writable, line: string): Promise<void> {
  if (!out.write(line)) await once(out, "drain");
}

/** Streams the ledger to `out` in the export format (version EXPORT_VERSION); returns the entry count. */
export async function exportLedger(ledger: Ledger, out: Writable): Promise<number> {
  await write(
    out,
    `${JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, clusterId: ledger.cluster.clusterId })}\n`,
  );
  let count = 0;
  let head: Uint8Array = ZERO_HASH;
  // Read before the entries: the head is at or below the height the range snapshot will see.
  const signed = await ledger.latestSignedHead();
  const hops = await ledger.boundaryHops();
  for await (const [height, value] of ledger.rawRange(1)) {
    await write(out, `{"height":${height},"value":"${Buffer.from(value).toString("hex")}"}\n`);
    const hop = hops.get(height);
    if (hop !== undefined) await write(out, `${epochHopLine(hop)}\n`);
    const e = decodeEntry(ledger.cluster.clusterId, value);
    if (typeof e === "string") throw new LedgerError("corrupt", `entry ${height}: ${e}`, height);
    head = e.entryHash;
    count++;
  }
  if (signed !== undefined && signed.height <= count) await write(out, `${signedHeadLine(signed)}\n`);
  await write(out, `${exportTrailer(count, head)}\n`);
  return count;
}

export async function exportLedgerToFile(ledger: Ledger, path: string): Promise<number> {
  const out = createWriteStream(path);
  const count = await exportLedger(ledger, out);
  out.end();
  await once(out, "finish");
  return count;
}

const LINE_BYTES_MAX = 64 * 1024 * 1024;

/** Splits a file into lines on "\n"; the file must end with "\n" (else the last item is an error). */
async function* lines(path: string): AsyncGenerator<string | { error: string }> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(0x0a, from); nl !== -1; nl = chunk.indexOf(0x0a, from)) {
      pending.push(chunk.subarray(from, nl));
      yield Buffer.concat(pending).toString("utf8");
      pending = [];
      pendingBytes = 0;
      from = nl + 1;
    }
    if (from < chunk.length) {
      pending.push(chunk.subarray(from));
      pendingBytes += chunk.length - from;
      if (pendingBytes > LINE_BYTES_MAX) {
        yield { error: "line too long" };
        return;
      }
    }
  }
  if (pendingBytes > 0) yield { error: "file does not end with a newline" };
}

/**
 * Reads an export file as verify items. Every line must be exactly what exportLedger writes (so no byte can
 * change unnoticed); every format problem becomes an error item naming the height it stopped at.
 */
export async function* readExport(path: string, clusterId: string): AsyncGenerator<RawItem> {
  let lineNo = 0;
  let last = 0;
  let head: Uint8Array = ZERO_HASH;
  let ended = false;
  let signedLine: string | null = null;
  let signedSeen = false;
  let afterEntry = false; // the previous line was an entry (an epoch hop may follow it, once)
  try {
    signedLine = await tailSignedHeadLine(path);
    if (signedLine !== null) {
      let parsed: unknown;
      try {
        parsed = (JSON.parse(signedLine) as { signedHead: unknown }).signedHead;
      } catch {
        yield { height: 0, error: "the export's signed head line is not JSON" };
        return;
      }
      yield { height: 0, signedHead: parsed };
    }
    for await (const line of lines(path)) {
      lineNo++;
      if (typeof line !== "string") {
        yield { height: lineNo === 1 ? 0 : last + 1, error: `export line ${lineNo}: ${line.error}` };
        return;
      }
      if (lineNo === 1) {
        if (line !== exportHeader(clusterId)) {
          yield { height: 0, error: headerProblem(line, clusterId) };
          return;
        }
        continue;
      }
      if (ended) {
        yield { height: last + 1, error: `data after the end line (line ${lineNo})` };
        return;
      }
      const entry = ENTRY_LINE.exec(line);
      if (signedSeen && (entry !== null || line !== exportTrailer(last, head))) {
        yield {
          height: last + 1,
          error: `export line ${lineNo}: only the end line may follow the signed head`,
        };
        return;
      }
      if (entry === null && line.startsWith(HOP_PREFIX)) {
        const hop = afterEntry ? parseHopLine(line) : null;
        if (hop === null) {
          yield {
            height: last,
            error: `export line ${lineNo}: ${afterEntry ? "not an epoch hop as exports write it" : "an epoch hop that does not follow an entry"}`,
          };
          return;
        }
        afterEntry = false;
        yield { height: last, epochHop: hop };
        continue;
      }
      afterEntry = entry !== null;
      if (entry === null) {
        if (line === exportTrailer(last, head)) {
          ended = true;
          continue;
        }
        if (signedLine !== null && line === signedLine && !signedSeen) {
          signedSeen = true;
          continue;
        }
        yield {
          height: last + 1,
          error: `export line ${lineNo} is neither entry ${last + 1} nor a valid end line`,
        };
        return;
      }
      if (entry[1] !== String(last + 1)) {
        yield { height: last + 1, error: `export line ${lineNo} is not entry ${last + 1}` };
        return;
      }
      last++;
      const value = Buffer.from(entry[2]!, "hex");
      const chunks = decodeChunks(value);
      if (typeof chunks !== "string") head = entryHash(clusterId, chunks[0]!);
      yield { height: last, value };
    }
  } catch (e) {
    yield { height: last + 1, error: `cannot read export: ${(e as Error).message}` };
    return;
  }
  if (lineNo === 0) yield { height: 0, error: "export is empty" };
  else if (!ended) yield { height: last + 1, error: "export is truncated (no end line)" };
}

const ENTRY_LINE = /^\{"height":([1-9][0-9]*),"value":"((?:[0-9a-f]{2})*)"\}$/;

/** Why a first line is not this version's header for this cluster. */
function headerProblem(line: string, clusterId: string): string {
  const expected = `not a ${EXPORT_FORMAT} v${EXPORT_VERSION} file for cluster ${clusterId}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return expected;
  }
  const h = parsed as { format?: unknown; version?: unknown; clusterId?: unknown };
  if (h.format !== EXPORT_FORMAT) return expected;
  if (h.version === 1)
    return (
      `a version-1 export (ledger format 1, whose entry headers hash the view): this version reads version ${EXPORT_VERSION}. ` +
      "Export again from a node whose ledger was migrated (`pbft ledger migrate`), or import it with the previous " +
      "release, migrate that data directory, and export it again"
    );
  if (h.version !== EXPORT_VERSION)
    return `export version ${String(h.version)}: this version reads ${EXPORT_VERSION}`;
  return `${expected} (it is for cluster ${String(h.clusterId)})`;
}

function exportHeader(clusterId: string): string {
  return JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, clusterId });
}

const HOP_PREFIX = '{"epochHop":';

/** An epoch hop's line: fixed key order, the configuration in canonical JSON (so a re-encode matches). */
function epochHopLine(hop: EpochHop): string {
  const inner = JSON.stringify({
    header: hop.header,
    certificate: hop.certificate,
    signatures: hop.signatures,
  });
  return `${HOP_PREFIX}${inner.slice(0, -1)},"config":${canonicalJson(hop.config)}}}`;
}

/** The hop on an epoch hop line, or null when the line is not exactly what exportLedger writes for it. */
function parseHopLine(line: string): EpochHop | null {
  let value: unknown;
  try {
    value = (JSON.parse(line) as { epochHop?: unknown }).epochHop;
  } catch {
    return null;
  }
  const hop = epochHopSchema.safeParse(value);
  return hop.success && epochHopLine(hop.data) === line ? hop.data : null;
}

function signedHeadLine(head: SignedHead): string {
  return `{"signedHead":${encodeSignedHead(head)}}`;
}

/** How far from the end a signed head line is looked for (a head of 100 members is ~15 KiB). */
const TAIL_BYTES = 256 * 1024;

/** The line before the last one when it is a signed head line, read from the file's tail (else null). */
async function tailSignedHeadLine(path: string): Promise<string | null> {
  const file = await openFile(path, "r");
  try {
    const { size } = await file.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(length);
    await file.read(buf, 0, length, size - length);
    const lines = buf.toString("utf8").split("\n");
    // "...\n<head line>\n<end line>\n": the last item is empty, the end line before it.
    const candidate = lines.length >= 4 ? lines[lines.length - 3]! : "";
    return candidate.startsWith('{"signedHead":') ? candidate : null;
  } finally {
    await file.close();
  }
}

function exportTrailer(count: number, head: Uint8Array): string {
  return JSON.stringify({ end: true, count, headHash: toHex(head) });
}

/**
 * Imports an export into a new ledger at `dir`: verifies the whole export first, then writes into a
 * temporary directory and renames it into place, so a failure never leaves a partial ledger. `onProgress`
 * hears phase `verify` (as verifyLedger), then phase `import` with the verified height as its total.
 */
export async function importLedger(
  exportPath: string,
  dir: string,
  cluster: ClusterConfig,
  options?: ProgressOptions,
): Promise<number> {
  const existing = await readdir(dir).catch(() => [] as string[]);
  if (existing.length > 0) throw new LedgerError("import-target-not-empty", `${dir} is not empty`);
  const checked = await verifyStream(readExport(exportPath, cluster.clusterId), cluster, options);
  if (!checked.ok)
    throw new LedgerError(
      "import-invalid",
      `export fails verification at height ${checked.badHeight}: ${checked.reason}`,
      checked.badHeight,
    );
  const tmp = `${dir}.importing`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const progress = ProgressReporter.of(options, "import", checked.height);
  let signed: unknown;
  const hops: { height: number; hop: EpochHop }[] = [];
  try {
    const ledger = await Ledger.open(tmp, cluster);
    try {
      for await (const item of readExport(exportPath, cluster.clusterId)) {
        if ("error" in item) throw new LedgerError("import-invalid", item.error, item.height);
        if ("signedHead" in item) {
          signed = item.signedHead; // verified with the export; stored once its entries are in
          continue;
        }
        if ("epochHop" in item) {
          hops.push({ height: item.height, hop: item.epochHop }); // verified with the export too
          continue;
        }
        await ledger.appendVerified(item.value);
        progress?.at(item.height);
      }
      if (signed !== undefined) await ledger.putSignedHead(parseSignedHead(signed));
      // The imported ledger can then give epoch proofs (and export its hops) as the node it came from.
      for (const { height, hop } of hops)
        await ledger.saveBoundaryProof(
          height,
          hop.signatures.map((h) => pbft.Envelope.decode(Buffer.from(h, "hex"))),
        );
      if (
        ledger.head().height !== checked.height ||
        !Buffer.from(ledger.head().entryHash).equals(checked.headHash)
      )
        throw new LedgerError("import-invalid", "export changed while importing");
    } finally {
      await ledger.close();
    }
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
    progress?.done(checked.height);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return checked.height;
}
