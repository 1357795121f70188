// The double-sign guard: in front of the token, it refuses any vote that would contradict one already
// signed, and makes each new vote durable (fdatasync) before the signature may be released, so that a
// replica killed at any instant can never sign two different payloads for one slot (as CometBFT's
// last-sign-state, adapted to PBFT).
//
// Semantics, per vote kind:
// - view-scoped kinds (pre-prepare, prepare, commit, view-change, new-view): the high-water mark is the
//   highest view signed; a lower view is refused. Within the current view seqs may be signed in any
//   order (messages are reordered by the network), but never two different digests for one seq.
// - checkpoint: never two digests for one seq; seqs at or below the floor (raised with advanceFloor after
//   a stable checkpoint) are refused.
// - attestation: never two digests for one seq (re-signing the same one answers retransmissions).
// - The floor also closes the normal-case slots (pre-prepare, prepare, commit) and the attestations at or
//   below it: they are forgotten, so that memory and file hold about one log window, not every vote ever
//   signed. A replica never votes at or below its stable checkpoint (nor does its core after a restart:
//   a restarted replica does not vote again in the view it crashed in), and an attestation there re-signs
//   an entry already durable in the ledger, which refuses any other at that height; so what is forgotten
//   can no longer be contradicted. They are not refused: a retransmitted request is answered with a new
//   attestation of its old entry.
// Identical re-signing (same slot, same digest) is always allowed and needs no write.
//
// File: fixed 64-byte records [kind u8][0][group index u16][view u64][seq u64][digest 32][checksum 8][pad 4],
// followed by zeroed space. Space is preallocated a chunk at a time (zeros written and synced), and records
// are written in place: an fdatasync then flushes 64 bytes of data and no file-size change. A group commit
// (authorizeMany) writes several records with one write and one sync; each record carries its index in its
// group (0 for a single vote, and in files written before groups existed). An all-zero record is free
// space: a real record never is (its checksum is not zero).
//
// Reopening: the records up to the first invalid one count. What follows must be zeroed space, or the rest
// of one group whose sync never completed (a crash mid-write: none of its votes were released, so it is
// dropped and zeroed); anything else is damage and `open` fails with guard-corrupt rather than guess.
//
// Compaction: slots below a view mark and checkpoints at or below the floor can never be signed again. On
// open, and when the preallocated space is full, a file holding at least `compactRecordsMin` records and 4
// times as many records as still matter is rewritten with only those: to a temporary file, fsync, rename
// over the guard file, fsync of the directory; a crash at any point leaves either file, both complete.

import { createHash } from "node:crypto";
import {
  closeSync,
  constants,
  fdatasync,
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
import type { VoteKind, VoteSlot } from "@pbft/consensus";
import { HsmError } from "./errors.js";
import { SyncThread } from "./sync-thread.js";

const RECORD = 64;
/** Space is preallocated this many records at a time (64 KiB of zeros, written and synced once). */
const CHUNK_RECORDS = 1024;
/** The most votes one group commit (authorizeMany, signMany) takes. */
export const GUARD_GROUP_MAX = 1024;
/** Compact once the file holds at least this many records (1 MiB)... */
const COMPACT_RECORDS_MIN = 16_384;
/** ...and this many times as many records as still matter. */
const COMPACT_RATIO = 4;

const KINDS: readonly VoteKind[] = [
  "pre-prepare",
  "prepare",
  "commit",
  "checkpoint",
  "view-change",
  "new-view",
  "attestation",
];
const FLOOR_KIND = 255;
const VIEW_SCOPED = new Set<VoteKind>(["pre-prepare", "prepare", "commit", "view-change", "new-view"]);
/** Slots forgotten once the floor passes their seq (view-change and new-view carry no seq). */
const CLOSED_BY_FLOOR = new Set<VoteKind>(["pre-prepare", "prepare", "commit", "checkpoint", "attestation"]);
const ZERO_RECORD = Buffer.alloc(RECORD);

function checksum(b: Uint8Array): Buffer {
  return createHash("sha256").update(b).digest().subarray(0, 8);
}

function isValid(rec: Buffer): boolean {
  return rec.length === RECORD && checksum(rec.subarray(0, 52)).equals(rec.subarray(52, 60));
}

function isZero(rec: Buffer): boolean {
  return rec.equals(ZERO_RECORD.subarray(0, rec.length));
}

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
}

function encode(
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

function writeFull(fd: number, buf: Buffer, position: number): void {
  let done = 0;
  while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done, position + done);
}

function chunksFor(records: number): number {
  return (Math.floor(records / CHUNK_RECORDS) + 1) * CHUNK_RECORDS;
}

export interface GuardHooks {
  /** Called after a record is durable and before authorize() returns (tests kill the process here);
   * for a group commit, once, after the group is durable. */
  readonly afterPersist?: () => void;
}

export interface GuardOptions {
  /** Compaction threshold in records (default 16,384); tests lower it. */
  readonly compactRecordsMin?: number;
  /**
   * authorizeThen syncs in a helper thread while the caller signs (default true); false: sync, then sign.
   * Either way the signature is returned only once the record is durable.
   */
  readonly syncThread?: boolean;
}

/** How long a synchronous caller waits for the helper thread's fdatasync before the guard stops. */
const SYNC_THREAD_TIMEOUT_MS = 30_000;

export interface GuardVote {
  readonly slot: VoteSlot;
  /** sha256 of the bytes to sign: 32 bytes. */
  readonly digest: Uint8Array;
}

export interface GroupAuthorization {
  /** One entry per vote, in order: null when it may be signed, else why it is refused (guard-refused). */
  readonly refusals: readonly (HsmError | null)[];
  /** Resolves once every accepted vote is durable; nothing may be released before. Rejects if the sync fails. */
  readonly durable: Promise<void>;
}

export class DoubleSignGuard {
  private fd: number;
  private readonly maxView = new Map<VoteKind, number>();
  private readonly signed = new Map<string, string>(); // "kind/view/seq" -> digest hex
  private floor = 0;
  /** Index of the next free record in the file; records before it are valid. */
  private next = 0;
  /** Records of space in the file: valid ones, then zeros. */
  private capacity = 0;
  /** Writes issued, and the latest write known durable: a vote is released only once durable >= its write. */
  private written = 0;
  private durableThrough = 0;
  /** Set on an I/O failure: after a failed sync nothing is known about the file, so the guard stops. */
  private failure: Error | null = null;
  private readonly compactRecordsMin: number;
  private useSyncThread: boolean;
  private syncThread: SyncThread | null = null;
  /** Votes checked and remembered by defer(), not yet written (see commitDeferred). */
  private readonly deferred: GuardVote[] = [];
  private compactions = 0;

  private constructor(
    readonly path: string,
    private readonly hooks: GuardHooks,
    options: GuardOptions,
  ) {
    this.compactRecordsMin = options.compactRecordsMin ?? COMPACT_RECORDS_MIN;
    this.useSyncThread = options.syncThread ?? true;
    rmSync(this.tempPath(), { force: true }); // a compaction that crashed before its rename
    this.fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o600);
    try {
      this.load();
      if (this.shouldCompact()) this.compact();
    } catch (e) {
      closeSync(this.fd);
      throw e;
    }
  }

  static open(path: string, hooks: GuardHooks & GuardOptions = {}): DoubleSignGuard {
    return new DoubleSignGuard(path, hooks, hooks);
  }

  private tempPath(): string {
    return `${this.path}.compact`;
  }

  private load(): void {
    const size = fstatSync(this.fd).size;
    const buf = Buffer.alloc(size);
    for (let got = 0; got < size; ) {
      const n = readSync(this.fd, buf, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
    const count = Math.ceil(size / RECORD); // a partial last record is a torn one
    const rec = (i: number) => buf.subarray(i * RECORD, Math.min(size, (i + 1) * RECORD));
    let end = 0;
    while (end < count && isValid(rec(end))) this.apply(rec(end++));
    let dirty = size % RECORD !== 0;
    for (let i = end; i < count; i++) {
      const r = rec(i);
      if (isZero(r)) continue;
      dirty = true;
      // Only the group the first invalid record belongs to may have been cut short: its records lie within
      // GUARD_GROUP_MAX of it, and a valid one among them started its group at or before it.
      const sameGroup = i - end < GUARD_GROUP_MAX && (!isValid(r) || i - r.readUInt16BE(2) <= end);
      if (!sameGroup)
        throw new HsmError(
          "guard-corrupt",
          `double-sign guard ${this.path}: bad record at offset ${end * RECORD} of ${size}, followed by more records`,
        );
    }
    if (dirty) {
      // The cut-short group was never acknowledged: zero it so that the space reads as free again.
      writeFull(this.fd, Buffer.alloc((count - end) * RECORD), end * RECORD);
      fdatasyncSync(this.fd);
    }
    this.next = end;
    this.capacity = count;
  }

  private apply(rec: Buffer): void {
    const kindByte = rec[0]!;
    const view = Number(rec.readBigUInt64BE(4));
    const seq = Number(rec.readBigUInt64BE(12));
    if (kindByte === FLOOR_KIND) {
      this.raiseFloorInMemory(seq);
      return;
    }
    const kind = KINDS[kindByte];
    if (kind === undefined)
      throw new HsmError("guard-corrupt", `double-sign guard ${this.path}: unknown vote kind ${kindByte}`);
    this.remember(kind, view, seq, hex(rec.subarray(20, 52)));
  }

  private remember(kind: VoteKind, view: number, seq: number, digest: string): void {
    if (VIEW_SCOPED.has(kind) && view > (this.maxView.get(kind) ?? -1)) {
      this.maxView.set(kind, view);
      // Slots of lower views can never be signed again: forget them.
      for (const key of this.signed.keys())
        if (key.startsWith(`${kind}/`) && Number(key.split("/")[1]) < view) this.signed.delete(key);
    }
    this.signed.set(`${kind}/${view}/${seq}`, digest);
  }

  private raiseFloorInMemory(seq: number): void {
    if (seq <= this.floor) return;
    this.floor = seq;
    for (const key of this.signed.keys()) {
      const [kind, , slotSeq] = key.split("/");
      if (CLOSED_BY_FLOOR.has(kind as VoteKind) && Number(slotSeq) <= seq) this.signed.delete(key);
    }
  }

  private ensureHealthy(): void {
    if (this.failure !== null)
      throw new HsmError(
        "hsm-failure",
        `double-sign guard ${this.path} stopped after an I/O failure (${this.failure.message}): restart the node`,
      );
  }

  /** Runs an I/O step; a failure stops the guard for good (a failed fsync leaves the file's state unknown). */
  private io<T>(step: () => T): T {
    try {
      return step();
    } catch (e) {
      this.failure = e instanceof Error ? e : new Error(String(e));
      throw e;
    }
  }

  /** Makes every write so far durable, if some is not yet. */
  private flush(): void {
    if (this.durableThrough >= this.written) return;
    const through = this.written;
    this.io(() => fdatasyncSync(this.fd));
    this.durableThrough = Math.max(this.durableThrough, through);
  }

  /** Writes `records` (a multiple of 64 bytes) at the end of the valid records; not yet synced. */
  private write(records: Buffer): void {
    const n = records.length / RECORD;
    this.flush(); // an earlier group is durable before a later one is written: see load()
    this.reserve(n);
    this.io(() => writeFull(this.fd, records, this.next * RECORD));
    this.next += n;
    this.written++;
  }

  /** Makes room for `n` more records: compacts when most records are dead, else preallocates a chunk. */
  private reserve(n: number): void {
    if (this.next + n <= this.capacity) return;
    if (this.shouldCompact()) {
      this.compact(n);
      if (this.next + n <= this.capacity) return;
    }
    const capacity = chunksFor(this.next + n);
    this.io(() => {
      writeFull(this.fd, Buffer.alloc((capacity - this.capacity) * RECORD), this.capacity * RECORD);
      fdatasyncSync(this.fd);
    });
    this.capacity = capacity;
  }

  private liveRecords(): number {
    return this.signed.size + (this.floor > 0 ? 1 : 0);
  }

  private shouldCompact(): boolean {
    return this.next >= this.compactRecordsMin && this.next >= COMPACT_RATIO * this.liveRecords();
  }

  /**
   * Rewrites the file with only the records that still matter (the slots still remembered and the
   * checkpoint floor), plus free space for `spare` more. Crash-safe: temp file, fsync, rename, fsync dir.
   */
  compact(spare = 0): void {
    this.ensureHealthy();
    this.flush();
    const live = this.liveRecords();
    const capacity = chunksFor(live + spare);
    const out = Buffer.alloc(capacity * RECORD);
    let i = 0;
    if (this.floor > 0) encode(out, i++, FLOOR_KIND, 0, 0, this.floor, new Uint8Array(32));
    for (const [key, digest] of this.signed) {
      const [kind, view, seq] = key.split("/") as [VoteKind, string, string];
      encode(out, i++, KINDS.indexOf(kind), 0, Number(view), Number(seq), Buffer.from(digest, "hex"));
    }
    const temp = this.tempPath();
    const fd = this.io(() => openSync(temp, constants.O_RDWR | constants.O_CREAT | constants.O_TRUNC, 0o600));
    try {
      this.io(() => {
        writeFull(fd, out, 0);
        fsyncSync(fd);
      });
    } catch (e) {
      closeSync(fd);
      rmSync(temp, { force: true });
      throw e;
    }
    this.io(() => {
      renameSync(temp, this.path);
      const dir = openSync(dirname(this.path), constants.O_RDONLY);
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    });
    closeSync(this.fd);
    this.fd = fd;
    this.next = live;
    this.capacity = capacity;
    this.compactions++;
  }

  /** The refusal for a vote, or null when it is new or an identical re-signing (`known` tells which). */
  private check(slot: VoteSlot, digest: Uint8Array): { refusal: HsmError | null; known: boolean } {
    if (digest.length !== 32) throw new RangeError("the guard takes a 32-byte payload digest");
    if (!Number.isSafeInteger(slot.view) || !Number.isSafeInteger(slot.seq) || slot.view < 0 || slot.seq < 0)
      return {
        refusal: new HsmError("guard-refused", `invalid slot ${slot.kind}/${slot.view}/${slot.seq}`),
        known: false,
      };
    const kindByte = KINDS.indexOf(slot.kind);
    if (kindByte < 0)
      return {
        refusal: new HsmError("guard-refused", `unknown vote kind ${String(slot.kind)}`),
        known: false,
      };
    const prev = this.signed.get(`${slot.kind}/${slot.view}/${slot.seq}`);
    if (prev !== undefined) {
      if (prev === hex(digest)) return { refusal: null, known: true }; // retransmission of the identical vote
      return {
        refusal: new HsmError(
          "guard-refused",
          `refusing a second, different ${slot.kind} for view ${slot.view} seq ${slot.seq}`,
        ),
        known: true,
      };
    }
    const mark = this.maxView.get(slot.kind);
    if (VIEW_SCOPED.has(slot.kind) && mark !== undefined && slot.view < mark)
      return {
        refusal: new HsmError(
          "guard-refused",
          `refusing a ${slot.kind} for view ${slot.view}: already signed in view ${mark}`,
        ),
        known: false,
      };
    if (slot.kind === "checkpoint" && slot.seq <= this.floor)
      return {
        refusal: new HsmError(
          "guard-refused",
          `refusing a checkpoint for seq ${slot.seq}: at or below the floor ${this.floor}`,
        ),
        known: false,
      };
    return { refusal: null, known: false };
  }

  /** Refuses (HsmError "guard-refused") or records durably, then returns: only then may the vote be signed. */
  authorize(slot: VoteSlot, digest: Uint8Array): void {
    this.ensureHealthy();
    const { refusal, known } = this.check(slot, digest);
    if (refusal !== null) throw refusal;
    if (known) {
      this.flush(); // it may still be in flight in a group commit: durable before it is released again
      return;
    }
    const rec = Buffer.allocUnsafe(RECORD);
    encode(rec, 0, KINDS.indexOf(slot.kind), 0, slot.view, slot.seq, digest);
    this.write(rec);
    this.flush();
    this.remember(slot.kind, slot.view, slot.seq, hex(digest));
    this.hooks.afterPersist?.();
  }

  /**
   * authorize, then `sign`, overlapped: the new record is synced by a helper thread while `sign` runs, and
   * its result is returned only once the record is durable (as with authorize then sign, one vote at a
   * time, but costing max(sync, sign) instead of their sum). Throws the refusal without calling `sign`.
   */
  authorizeThen<T>(slot: VoteSlot, digest: Uint8Array, sign: () => T): T {
    const thread = this.helper();
    if (thread === null || !thread.ready()) {
      this.authorize(slot, digest);
      return sign();
    }
    this.ensureHealthy();
    const { refusal, known } = this.check(slot, digest);
    if (refusal !== null) throw refusal;
    if (known) {
      this.flush();
      return sign();
    }
    const rec = Buffer.allocUnsafe(RECORD);
    encode(rec, 0, KINDS.indexOf(slot.kind), 0, slot.view, slot.seq, digest);
    this.write(rec);
    const through = this.written;
    // In memory at once (a conflicting vote is refused from now on); if the sync fails the guard stops.
    this.remember(slot.kind, slot.view, slot.seq, hex(digest));
    thread.start(this.fd);
    let result: T;
    try {
      result = sign();
    } finally {
      this.io(() => thread.wait()); // also when sign threw: no sync may outlive this call
      this.durableThrough = Math.max(this.durableThrough, through);
    }
    this.hooks.afterPersist?.();
    return result;
  }

  /** Whether authorizeThen overlaps the sync with the signing now (the helper thread starts on first use). */
  syncThreadRunning(): boolean {
    return this.syncThread?.ready() ?? false;
  }

  private helper(): SyncThread | null {
    if (!this.useSyncThread) return null;
    if (this.syncThread === null)
      try {
        this.syncThread = new SyncThread(SYNC_THREAD_TIMEOUT_MS);
      } catch {
        this.useSyncThread = false;
        return null; // no thread to be had: sync, then sign
      }
    return this.syncThread;
  }

  /**
   * Group commit: checks the votes in order (each sees those before it, as with one authorize per vote),
   * writes the new ones with one write, and syncs them once, in the thread pool, so the caller can sign
   * meanwhile. A vote may be released only after `durable` resolves. At most GUARD_GROUP_MAX votes.
   */
  authorizeMany(votes: readonly GuardVote[]): GroupAuthorization {
    this.ensureHealthy();
    if (votes.length > GUARD_GROUP_MAX)
      throw new RangeError(`at most ${GUARD_GROUP_MAX} votes per group, got ${votes.length}`);
    for (const v of votes)
      if (v.digest.length !== 32) throw new RangeError("the guard takes a 32-byte payload digest");
    // Room first: a compaction now rewrites only what is durable, never this group twice.
    this.flush();
    this.reserve(votes.length);
    const refusals: (HsmError | null)[] = [];
    const fresh: GuardVote[] = [];
    const group = Buffer.allocUnsafe(votes.length * RECORD);
    for (const v of votes) {
      const { refusal, known } = this.check(v.slot, v.digest);
      refusals.push(refusal);
      if (refusal !== null || known) continue;
      encode(
        group,
        fresh.length,
        KINDS.indexOf(v.slot.kind),
        fresh.length,
        v.slot.view,
        v.slot.seq,
        v.digest,
      );
      fresh.push(v);
      // In memory at once, so later votes of this group (and any caller before `durable`) see it; if the
      // write fails the guard stops, so memory never runs ahead of a file that is still used.
      this.remember(v.slot.kind, v.slot.view, v.slot.seq, hex(v.digest));
    }
    if (fresh.length > 0) this.write(group.subarray(0, fresh.length * RECORD));
    return { refusals, durable: this.durable(fresh.length > 0) };
  }

  /** Resolves once every write so far is durable (one fdatasync in the thread pool when needed). */
  private durable(notify: boolean): Promise<void> {
    const through = this.written;
    if (this.durableThrough >= through) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      fdatasync(this.fd, (err) => {
        if (this.durableThrough >= through) {
          // made durable meanwhile by a synchronous flush (which may also have moved the fd on)
        } else if (err !== null) {
          this.failure = err;
          reject(err);
          return;
        } else this.durableThrough = through;
        if (notify) this.hooks.afterPersist?.();
        resolve();
      });
    });
  }

  /**
   * Deferred group commit, for a caller that holds every signature until the guard says it is durable (the
   * node's output gate): the vote is checked and remembered now — a conflicting one is refused from this
   * moment — and its record is written and synced by the next `commitDeferred()`, together with every
   * other vote deferred meanwhile (one write and one fdatasync for all of them). A crash before the commit
   * loses the record, and with it nothing: the signature never left the process.
   */
  defer(slot: VoteSlot, digest: Uint8Array): void {
    this.ensureHealthy();
    if (digest.length !== 32) throw new RangeError("the guard takes a 32-byte payload digest");
    const { refusal, known } = this.check(slot, digest);
    if (refusal !== null) throw refusal;
    if (known) return;
    this.deferred.push({ slot, digest: new Uint8Array(digest) });
    this.remember(slot.kind, slot.view, slot.seq, hex(digest));
  }

  /** Votes deferred and not yet handed to a commit. */
  deferredCount(): number {
    return this.deferred.length;
  }

  /** Writes every deferred vote (groups of at most GUARD_GROUP_MAX) and resolves once all are durable. */
  async commitDeferred(): Promise<void> {
    this.ensureHealthy();
    while (this.deferred.length > 0) {
      const votes = this.deferred.splice(0, GUARD_GROUP_MAX);
      const compactions = this.compactions;
      this.flush(); // no-op after the previous await: an earlier group is durable before a later is written
      this.reserve(votes.length);
      // A compaction rewrote every remembered slot, these included, durably: nothing left to write.
      if (this.compactions !== compactions) continue;
      const group = Buffer.allocUnsafe(votes.length * RECORD);
      votes.forEach((v, i) => {
        encode(group, i, KINDS.indexOf(v.slot.kind), i, v.slot.view, v.slot.seq, v.digest);
      });
      this.write(group);
      await this.durable(true);
    }
    await this.durable(false);
  }

  /**
   * After a stable checkpoint at `seq`: checkpoints at or below it are refused from now on, and the slots
   * at or below it are forgotten (see the header). One record and a sync; call it once per stable checkpoint.
   */
  advanceFloor(seq: number): void {
    this.ensureHealthy();
    if (seq <= this.floor) return;
    const rec = Buffer.allocUnsafe(RECORD);
    encode(rec, 0, FLOOR_KIND, 0, 0, seq, new Uint8Array(32));
    this.write(rec);
    this.flush();
    this.raiseFloorInMemory(seq);
  }

  /** Slots remembered (what a compaction keeps, besides the floor). */
  rememberedSlots(): number {
    return this.signed.size;
  }

  /** Records in the file (for metrics; compaction brings it down to the records that still matter). */
  recordCount(): number {
    return this.next;
  }

  close(): void {
    this.syncThread?.stop();
    this.syncThread = null;
    if (this.failure === null) this.flush();
    closeSync(this.fd);
  }
}
