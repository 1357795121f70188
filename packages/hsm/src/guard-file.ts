// The double-sign guard's file (format 2): a header record (kind 254, the magic "pbftgard", the format
// version), then fixed 64-byte records [kind u8][0][group index u16][view u64][seq u64][digest 32]
// [checksum 8][pad 4], then zeroed space. Space is preallocated a chunk at a time (zeros written and
// synced), and records are written in place: an fdatasync then flushes data and no file-size change. A
// commit writes its group of records with one write and one sync; each record carries its index in its
// group. An all-zero record is free space: a real record never is (its checksum is not zero).
//
// Reading: a file of format 1 (what versions before the header wrote: the same records from offset 0) is read
// and reported, and the guard rewrites it in format 2 at once (crash-safe, as a compaction); anything else
// without the format-2 header (another version, damaged at its start) is refused with guard-format
// (README.md: re-creating the guard). Then the records up to the first invalid one count. What follows must be zeroed space, or the rest of one group
// whose sync never completed (a crash mid-write: none of its votes were released, so it is dropped and
// zeroed); anything else is damage and the guard refuses to open (guard-corrupt) rather than guess.
import { createHash } from "node:crypto";
import {
  closeSync,
  constants,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { dirname } from "node:path";
import type { VoteKind } from "@pbft/consensus";
import { HsmError } from "./errors.js";

/** The only file format this version reads and writes. */
export const GUARD_FORMAT_VERSION = 2;
export const RECORD = 64;
/** Space is preallocated this many records at a time (64 KiB of zeros, written and synced once). */
export const CHUNK_RECORDS = 1024;
/** The most votes written as one group (a group's records lie within this many of each other). */
export const GROUP_MAX = 1024;

/** Vote kinds by record kind byte. */
export const KINDS: readonly VoteKind[] = [
  "pre-prepare",
  "prepare",
  "commit",
  "checkpoint",
  "view-change",
  "new-view",
  "attestation",
];
export const FLOOR_KIND = 255;
const HEADER_KIND = 254;
/** A view mark: view = the mark, seq = the vote kind's index (written by compaction). */
export const MARK_KIND = 253;
const MAGIC = Buffer.from("pbftgard", "latin1");
const ZERO_RECORD = Buffer.alloc(RECORD);
export const NO_DIGEST = new Uint8Array(32);

function checksum(b: Uint8Array): Buffer {
  return createHash("sha256").update(b).digest().subarray(0, 8);
}

function isValid(rec: Buffer): boolean {
  return rec.length === RECORD && checksum(rec.subarray(0, 52)).equals(rec.subarray(52, 60));
}

function isZero(rec: Buffer): boolean {
  return rec.equals(ZERO_RECORD.subarray(0, rec.length));
}

/** Writes record `at` of `out`. */
export function encode(
  out: Buffer,
  at: number,
  kindByte: number,
  groupIndex: number,
  view: number,
  seq: number,
  digest: Uint8Array,
): void {
  const rec = out.subarray(at * RECORD, (at + 1) * RECORD);
  rec.fill(0);
  rec[0] = kindByte;
  rec.writeUInt16BE(groupIndex, 2);
  rec.writeBigUInt64BE(BigInt(view), 4);
  rec.writeBigUInt64BE(BigInt(seq), 12);
  rec.set(digest.subarray(0, 32), 20);
  rec.set(checksum(rec.subarray(0, 52)), 52);
}

function encodeHeader(out: Buffer): void {
  encode(out, 0, HEADER_KIND, 0, 0, GUARD_FORMAT_VERSION, NO_DIGEST);
  MAGIC.copy(out, 4);
  checksum(out.subarray(0, 52)).copy(out, 52);
}

export function writeFull(fd: number, buf: Buffer, position: number): void {
  let done = 0;
  while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done, position + done);
}

function syncDirectoryOf(path: string): void {
  const dir = openSync(dirname(path), constants.O_RDONLY);
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** Records of space (whole chunks) for `records` records and room for at least one more. */
export function chunksFor(records: number): number {
  return (Math.floor(records / CHUNK_RECORDS) + 1) * CHUNK_RECORDS;
}

export interface LoadedFile {
  /** The valid records after the header, in file order. */
  readonly records: readonly Buffer[];
  /** Index of the next free record (the header is record 0). */
  readonly next: number;
  /** Records of space in the file. */
  readonly capacity: number;
  /** 1: written by an earlier version, without the header; the caller rewrites it in format 2. */
  readonly format: 1 | 2;
}

/**
 * Reads the file open at `fd`: a new (empty or all-zero) file gets its header and one chunk, durably; a
 * file without the format-2 header is refused; a group cut short by a crash is zeroed.
 */
export function loadGuardFile(fd: number, path: string): LoadedFile {
  const size = fstatSync(fd).size;
  const buf = Buffer.alloc(size);
  for (let got = 0; got < size; ) {
    const n = readSync(fd, buf, got, size - got, got);
    if (n === 0) break;
    got += n;
  }
  if (buf.every((b) => b === 0)) {
    // New, or its creation was cut short: no vote is ever written before the header is durable.
    const space = Buffer.alloc(CHUNK_RECORDS * RECORD);
    encodeHeader(space);
    writeFull(fd, space, 0);
    fdatasyncSync(fd);
    syncDirectoryOf(path); // the file's directory entry too: a guard file that vanishes is an empty guard
    return { records: [], next: 1, capacity: CHUNK_RECORDS, format: 2 };
  }
  const format = formatOf(buf.subarray(0, RECORD), path);
  const first = format === 2 ? 1 : 0;
  const count = Math.ceil(size / RECORD); // a partial last record is a torn extension of the space
  const rec = (i: number) => buf.subarray(i * RECORD, Math.min(size, (i + 1) * RECORD));
  const records: Buffer[] = [];
  let end = first;
  while (end < count && isValid(rec(end))) records.push(rec(end++));
  let dirty = size % RECORD !== 0;
  for (let i = end; i < count; i++) {
    const r = rec(i);
    if (isZero(r)) continue;
    dirty = true;
    // Only the group the first invalid record belongs to may have been cut short: its records lie within
    // GROUP_MAX of it, and a valid one among them started its group at or before it.
    const sameGroup = i - end < GROUP_MAX && (!isValid(r) || i - r.readUInt16BE(2) <= end);
    if (!sameGroup)
      throw new HsmError(
        "guard-corrupt",
        `double-sign guard ${path}: bad record at offset ${end * RECORD} of ${size}, followed by more records`,
      );
  }
  if (dirty) {
    // The cut-short group was never acknowledged: zero it so that the space reads as free again.
    writeFull(fd, Buffer.alloc((count - end) * RECORD), end * RECORD);
    fdatasyncSync(fd);
  }
  return { records, next: end, capacity: count, format };
}

/** 2 for a format-2 header, 1 for a file of format 1 (its first record a vote or floor record), else refused. */
function formatOf(header: Buffer, path: string): 1 | 2 {
  let found: string;
  if (isValid(header) && header[0] === HEADER_KIND && header.subarray(4, 12).equals(MAGIC)) {
    const version = Number(header.readBigUInt64BE(12));
    if (version === GUARD_FORMAT_VERSION) return 2;
    found = `format version ${version}`;
  } else if (isValid(header) && (header[0]! < KINDS.length || header[0] === FLOOR_KIND)) return 1;
  else found = "no valid format header (damaged at its start, or not a guard file)";
  throw new HsmError(
    "guard-format",
    `double-sign guard ${path} has ${found}; this version reads only format ${GUARD_FORMAT_VERSION} and will not sign with it`,
  );
}

/** The decoded fields of a record. */
export function decode(rec: Buffer): { kindByte: number; view: number; seq: number; digest: Buffer } {
  return {
    kindByte: rec[0]!,
    view: Number(rec.readBigUInt64BE(4)),
    seq: Number(rec.readBigUInt64BE(12)),
    digest: rec.subarray(20, 52),
  };
}

/**
 * Writes a complete guard file of `records` (encoded by `fill`, after the header) and `capacity` records of
 * space to `temp`, fsync, renames it over `path`, fsync of the directory; returns the new file's fd. A crash
 * at any point leaves either file, each complete.
 */
export function rewriteGuardFile(
  path: string,
  temp: string,
  capacity: number,
  fill: (out: Buffer) => void,
): number {
  const out = Buffer.alloc(capacity * RECORD);
  encodeHeader(out);
  fill(out);
  const fd = openSync(temp, constants.O_RDWR | constants.O_CREAT | constants.O_TRUNC, 0o600);
  try {
    writeFull(fd, out, 0);
    fsyncSync(fd);
    renameSync(temp, path);
    syncDirectoryOf(path);
  } catch (e) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw e;
  }
  return fd;
}
