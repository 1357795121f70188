// The double-sign guard: in front of the token, it refuses any vote that would contradict one already
// signed, and its record of every vote is durable before any message carrying the signature leaves the
// node, so that a replica killed at any instant can never sign two different payloads for one slot (as
// CometBFT's last-sign-state, adapted to PBFT).
//
// One protocol, deferred group commit (what the node's output gate needs): defer(slot, digest) checks a
// vote and remembers it at once (a conflicting vote is refused from that moment), and commitDeferred()
// writes every vote deferred since the last commit with one write and one fdatasync. The caller releases
// no signature before the commit that covers it resolves; a crash before it loses only records of
// signatures that never left the process.
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
//   attestation of its old entry. The view marks are kept (mark records), so lower views stay refused.
// Identical re-signing (same slot, same digest) is always allowed and needs no write.
//
// The file (header, records, group commit, torn groups) is guard-file.ts. Compaction: slots below a view
// mark and slots at or below the floor can never be signed again. On open, and when the preallocated
// space is full, a file holding at least `compactRecordsMin` records and 4 times as many records as still
// matter is rewritten with only those (crash-safe: temporary file, fsync, rename, fsync of the directory).

import { closeSync, constants, fdatasync, fdatasyncSync, openSync, rmSync } from "node:fs";
import type { VoteKind, VoteSlot } from "@pbft/consensus";
import { HsmError } from "./errors.js";
import {
  chunksFor,
  decode,
  encode,
  FLOOR_KIND,
  GROUP_MAX,
  KINDS,
  loadGuardFile,
  MARK_KIND,
  NO_DIGEST,
  RECORD,
  rewriteGuardFile,
  writeFull,
} from "./guard-file.js";

/** Compact once the file holds at least this many records (1 MiB)... */
const COMPACT_RECORDS_MIN = 16_384;
/** ...and this many times as many records as still matter. */
const COMPACT_RATIO = 4;
const VIEW_SCOPED = new Set<VoteKind>(["pre-prepare", "prepare", "commit", "view-change", "new-view"]);
/** Slots forgotten once the floor passes their seq (view-change and new-view carry no seq). */
const CLOSED_BY_FLOOR = new Set<VoteKind>(["pre-prepare", "prepare", "commit", "checkpoint", "attestation"]);

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
}

export interface GuardHooks {
  /** Called once a commit's records are durable, before it resolves (tests kill the process here). */
  readonly afterPersist?: () => void;
}

export interface GuardOptions {
  /** Compaction threshold in records (default 16,384); tests lower it. */
  readonly compactRecordsMin?: number;
}

interface GuardVote {
  readonly slot: VoteSlot;
  /** sha256 of the bytes to sign: 32 bytes. */
  readonly digest: Uint8Array;
}

export class DoubleSignGuard {
  private fd: number;
  private readonly maxView = new Map<VoteKind, number>();
  private readonly signed = new Map<string, string>(); // "kind/view/seq" -> digest hex
  private floor = 0;
  /** Index of the next free record in the file; record 0 is the header, records before `next` are valid. */
  private next = 1;
  /** Records of space in the file: the header, valid records, then zeros. */
  private capacity = 0;
  /** Writes issued, and the latest write known durable: a vote is released only once durable >= its write. */
  private written = 0;
  private durableThrough = 0;
  /** Set on an I/O failure: after a failed sync nothing is known about the file, so the guard stops. */
  private failure: Error | null = null;
  private readonly compactRecordsMin: number;
  /** Votes checked and remembered by defer(), not yet written (see commitDeferred). */
  private readonly deferred: GuardVote[] = [];
  private compactions = 0;

  private constructor(
    readonly path: string,
    private readonly hooks: GuardHooks,
    options: GuardOptions,
  ) {
    this.compactRecordsMin = options.compactRecordsMin ?? COMPACT_RECORDS_MIN;
    rmSync(this.tempPath(), { force: true }); // a compaction that crashed before its rename
    this.fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o600);
    try {
      // A file of format 1 is rewritten in format 2 at once (the same crash-safe rewrite as a compaction).
      if (this.load() === 1 || this.shouldCompact()) this.compact();
    } catch (e) {
      closeSync(this.fd);
      throw e;
    }
  }

  /** Opens (or creates) the guard file; throws HsmError guard-format or guard-corrupt for a file it cannot trust. */
  static open(path: string, options: GuardHooks & GuardOptions = {}): DoubleSignGuard {
    return new DoubleSignGuard(path, options, options);
  }

  private tempPath(): string {
    return `${this.path}.compact`;
  }

  private load(): 1 | 2 {
    const file = loadGuardFile(this.fd, this.path);
    for (const rec of file.records) this.apply(rec);
    this.next = file.next;
    this.capacity = file.capacity;
    return file.format;
  }

  private apply(rec: Buffer): void {
    const { kindByte, view, seq, digest } = decode(rec);
    if (kindByte === FLOOR_KIND) {
      this.raiseFloorInMemory(seq);
      return;
    }
    const kind = KINDS[kindByte === MARK_KIND ? seq : kindByte];
    if (kind === undefined)
      throw new HsmError("guard-corrupt", `double-sign guard ${this.path}: unknown record kind ${kindByte}`);
    if (kindByte === MARK_KIND) this.raiseMark(kind, view);
    else this.remember(kind, view, seq, hex(digest));
  }

  private remember(kind: VoteKind, view: number, seq: number, digest: string): void {
    this.raiseMark(kind, view);
    this.signed.set(`${kind}/${view}/${seq}`, digest);
  }

  private raiseMark(kind: VoteKind, view: number): void {
    if (!VIEW_SCOPED.has(kind) || view <= (this.maxView.get(kind) ?? -1)) return;
    this.maxView.set(kind, view);
    // Slots of lower views can never be signed again: forget them.
    for (const key of this.signed.keys())
      if (key.startsWith(`${kind}/`) && Number(key.split("/")[1]) < view) this.signed.delete(key);
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

  /** Records a compaction keeps: the remembered slots, the floor and the view marks (not the header). */
  private liveRecords(): number {
    return this.signed.size + (this.floor > 0 ? 1 : 0) + this.maxView.size;
  }

  private shouldCompact(): boolean {
    const records = this.next - 1;
    return records >= this.compactRecordsMin && records >= COMPACT_RATIO * this.liveRecords();
  }

  /**
   * Rewrites the file with only the records that still matter, plus free space for `spare` more.
   * Crash-safe: temp file, fsync, rename, fsync of the directory.
   */
  private compact(spare = 0): void {
    this.ensureHealthy();
    this.flush();
    const live = 1 + this.liveRecords();
    const capacity = chunksFor(live + spare);
    const fd = this.io(() =>
      rewriteGuardFile(this.path, this.tempPath(), capacity, (out) => {
        let i = 1;
        if (this.floor > 0) encode(out, i++, FLOOR_KIND, 0, 0, this.floor, NO_DIGEST);
        for (const [kind, view] of this.maxView)
          encode(out, i++, MARK_KIND, 0, view, KINDS.indexOf(kind), NO_DIGEST);
        for (const [key, digest] of this.signed) {
          const [kind, view, seq] = key.split("/") as [VoteKind, string, string];
          encode(out, i++, KINDS.indexOf(kind), 0, Number(view), Number(seq), Buffer.from(digest, "hex"));
        }
      }),
    );
    closeSync(this.fd);
    this.fd = fd;
    this.next = live;
    this.capacity = capacity;
    this.compactions++;
  }

  /** Why a vote is refused, "known" for an identical re-signing, or null for a new vote. */
  private check(slot: VoteSlot, digest: Uint8Array): HsmError | "known" | null {
    const refuse = (why: string) => new HsmError("guard-refused", why);
    const { kind, view, seq } = slot;
    if (!Number.isSafeInteger(view) || !Number.isSafeInteger(seq) || view < 0 || seq < 0)
      return refuse(`invalid slot ${kind}/${view}/${seq}`);
    if (!KINDS.includes(kind)) return refuse(`unknown vote kind ${String(kind)}`);
    const prev = this.signed.get(`${kind}/${view}/${seq}`);
    if (prev !== undefined)
      return prev === hex(digest) // a retransmission of the identical vote
        ? "known"
        : refuse(`refusing a second, different ${kind} for view ${view} seq ${seq}`);
    const mark = this.maxView.get(kind);
    if (VIEW_SCOPED.has(kind) && mark !== undefined && view < mark)
      return refuse(`refusing a ${kind} for view ${view}: already signed in view ${mark}`);
    if (kind === "checkpoint" && seq <= this.floor)
      return refuse(`refusing a checkpoint for seq ${seq}: at or below the floor ${this.floor}`);
    return null;
  }

  /**
   * Checks a vote and remembers it at once (throws HsmError guard-refused for one that contradicts a vote
   * signed or deferred before); its record is written and synced by the next `commitDeferred()`. The
   * caller may sign now but must release the signature only after that commit resolves.
   */
  defer(slot: VoteSlot, digest: Uint8Array): void {
    this.ensureHealthy();
    if (digest.length !== 32) throw new RangeError("the guard takes a 32-byte payload digest");
    const verdict = this.check(slot, digest);
    if (verdict === "known") return;
    if (verdict !== null) throw verdict;
    this.deferred.push({ slot, digest: new Uint8Array(digest) });
    this.remember(slot.kind, slot.view, slot.seq, hex(digest));
  }

  /** Votes deferred and not yet handed to a commit. */
  deferredCount(): number {
    return this.deferred.length;
  }

  /**
   * Writes every deferred vote (groups of at most 1,024, one write each) and resolves once all are durable,
   * also those of a commit still in flight. Rejects if a write or sync fails (the guard then stops).
   */
  async commitDeferred(): Promise<void> {
    this.ensureHealthy();
    while (this.deferred.length > 0) {
      const votes = this.deferred.splice(0, GROUP_MAX);
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
   * After a stable checkpoint at `seq`: checkpoints at or below it are refused from now on, and the slots
   * at or below it are forgotten (see the header). One record and a sync; call it once per stable checkpoint.
   */
  advanceFloor(seq: number): void {
    this.ensureHealthy();
    if (seq <= this.floor) return;
    const rec = Buffer.allocUnsafe(RECORD);
    encode(rec, 0, FLOOR_KIND, 0, 0, seq, NO_DIGEST);
    this.write(rec);
    this.flush();
    this.raiseFloorInMemory(seq);
  }

  /** Slots remembered (what a compaction keeps, besides the floor and the view marks). */
  rememberedSlots(): number {
    return this.signed.size;
  }

  /** Records in the file after the header (for metrics; compaction brings it down to what still matters). */
  recordCount(): number {
    return this.next - 1;
  }

  close(): void {
    if (this.failure === null) this.flush();
    closeSync(this.fd);
  }
}
