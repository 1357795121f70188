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
// Identical re-signing (same slot, same digest) is always allowed and needs no write.
//
// File: fixed 64-byte records [kind u8][0 0 0][view u64][seq u64][digest 32][checksum 8][pad 4]; a torn
// last record (kill -9 mid-write) fails its checksum and is dropped: it was never acknowledged.

import { createHash } from "node:crypto";
import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import type { VoteKind, VoteSlot } from "@pbft/consensus";
import { HsmError } from "./errors.js";

const RECORD = 64;
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

function checksum(b: Uint8Array): Buffer {
  return createHash("sha256").update(b).digest().subarray(0, 8);
}

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
}

export interface GuardHooks {
  /** Called after a record is durable and before authorize() returns (tests kill the process here). */
  readonly afterPersist?: () => void;
}

export class DoubleSignGuard {
  private readonly fd: number;
  private readonly maxView = new Map<VoteKind, number>();
  private readonly signed = new Map<string, string>(); // "kind/view/seq" -> digest hex
  private floor = 0;
  private records = 0;

  private constructor(
    readonly path: string,
    private readonly hooks: GuardHooks,
  ) {
    this.fd = openSync(path, "a+", 0o600);
    this.load();
  }

  static open(path: string, hooks: GuardHooks = {}): DoubleSignGuard {
    return new DoubleSignGuard(path, hooks);
  }

  private load(): void {
    const size = fstatSync(this.fd).size;
    const buf = Buffer.alloc(size);
    if (size > 0) readSync(this.fd, buf, 0, size, 0);
    let valid = 0;
    for (let off = 0; off + RECORD <= size; off += RECORD) {
      const rec = buf.subarray(off, off + RECORD);
      if (!checksum(rec.subarray(0, 52)).equals(rec.subarray(52, 60))) break;
      this.apply(rec);
      valid = off + RECORD;
    }
    if (valid < size) {
      // Only the tail may be torn; anything else means the file was damaged, and guessing is unsafe.
      if (size - valid >= RECORD && valid + RECORD < size)
        throw new HsmError(
          "guard-corrupt",
          `double-sign guard ${this.path}: bad record at offset ${valid} of ${size}`,
        );
      ftruncateSync(this.fd, valid);
      fdatasyncSync(this.fd);
    }
    this.records = valid / RECORD;
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
    for (const key of this.signed.keys())
      if (key.startsWith("checkpoint/") && Number(key.split("/")[2]) <= seq) this.signed.delete(key);
  }

  private append(kindByte: number, view: number, seq: number, digest: Uint8Array): void {
    const rec = Buffer.alloc(RECORD);
    rec[0] = kindByte;
    rec.writeBigUInt64BE(BigInt(view), 4);
    rec.writeBigUInt64BE(BigInt(seq), 12);
    rec.set(digest.subarray(0, 32), 20);
    rec.set(checksum(rec.subarray(0, 52)), 52);
    writeSync(this.fd, rec, 0, RECORD);
    fdatasyncSync(this.fd);
    this.records++;
  }

  /** Refuses (HsmError "guard-refused") or records durably, then returns: only then may the vote be signed. */
  authorize(slot: VoteSlot, digest: Uint8Array): void {
    if (digest.length !== 32) throw new RangeError("the guard takes a 32-byte payload digest");
    if (!Number.isSafeInteger(slot.view) || !Number.isSafeInteger(slot.seq) || slot.view < 0 || slot.seq < 0)
      throw new HsmError("guard-refused", `invalid slot ${slot.kind}/${slot.view}/${slot.seq}`);
    const key = `${slot.kind}/${slot.view}/${slot.seq}`;
    const d = hex(digest);
    const prev = this.signed.get(key);
    if (prev !== undefined) {
      if (prev === d) return; // retransmission of the identical vote
      throw new HsmError(
        "guard-refused",
        `refusing a second, different ${slot.kind} for view ${slot.view} seq ${slot.seq}`,
      );
    }
    const mark = this.maxView.get(slot.kind);
    if (VIEW_SCOPED.has(slot.kind) && mark !== undefined && slot.view < mark)
      throw new HsmError(
        "guard-refused",
        `refusing a ${slot.kind} for view ${slot.view}: already signed in view ${mark}`,
      );
    if (slot.kind === "checkpoint" && slot.seq <= this.floor)
      throw new HsmError(
        "guard-refused",
        `refusing a checkpoint for seq ${slot.seq}: at or below the floor ${this.floor}`,
      );
    this.append(KINDS.indexOf(slot.kind), slot.view, slot.seq, digest);
    this.remember(slot.kind, slot.view, slot.seq, d);
    this.hooks.afterPersist?.();
  }

  /** After a stable checkpoint at `seq`: older checkpoint slots are closed for good and forgotten. */
  advanceFloor(seq: number): void {
    if (seq <= this.floor) return;
    this.append(FLOOR_KIND, 0, seq, new Uint8Array(32));
    this.raiseFloorInMemory(seq);
  }

  /** Records written (for metrics and compaction decisions). */
  recordCount(): number {
    return this.records;
  }

  close(): void {
    closeSync(this.fd);
  }
}
