// Serving a state-transfer request from the ledger: consecutive committed batches with their commit
// certificates from from_seq, up to to_seq, within a count and a frame's bytes, plus the server's height.
// Pure: the Ledger (node) and the MemoryLedger (simulator) feed it their stored values.
import { pbft } from "@pbft/consensus";
import { decodeChunks } from "./entry.js";
import { LedgerError } from "./errors.js";

/** Room left in a frame for the StateReply's own fields. */
const FRAME_MARGIN_BYTES = 16 * 1024;
/** A repeated field's tag and length prefix, at most. */
const BATCH_FIELD_BYTES = 8;

export interface StateReplyLimits {
  /** Batches per reply at most (the core's state-transfer chunk). */
  readonly countMax: number;
  /** The frame the whole reply must fit in. */
  readonly frameBytesMax: number;
}

/** The content of a pbft.StateReply. */
export interface StateReplyBatches {
  /** Consecutive, ascending from from_seq; empty when the ledger holds none of the asked heights. */
  readonly batches: pbft.CommittedBatch[];
  /** The ledger's height when it answered. */
  readonly lastSeq: number;
}

/** The heights a reply may carry and the stored bytes they may take; null when it carries none. */
export function stateReplyScan(
  head: number,
  fromSeq: number,
  toSeq: number,
  limits: StateReplyLimits,
): { readonly from: number; readonly to: number; readonly bytesMax: number } | null {
  if (!Number.isSafeInteger(fromSeq) || !Number.isSafeInteger(toSeq) || fromSeq < 1) return null;
  const to = Math.min(toSeq, head, fromSeq + Math.max(1, limits.countMax) - 1);
  if (to < fromSeq) return null;
  // The stored bytes are each batch's encoding; in the reply each also gets a tag and a length.
  const bytesMax = limits.frameBytesMax - FRAME_MARGIN_BYTES - BATCH_FIELD_BYTES * (to - fromSeq + 1);
  return { from: fromSeq, to, bytesMax };
}

/**
 * Collects the committed batches of consecutive stored entries from `from`: stops at a missing height, or
 * before the stored sizes pass `bytesMax` (at least one is taken). The stored batch bytes are decoded as
 * they are, never re-encoded.
 */
export class BatchRangeCollector {
  readonly batches: pbft.CommittedBatch[] = [];
  private bytes = 0;

  constructor(
    private readonly from: number,
    private readonly bytesMax: number,
  ) {}

  /** Takes the entry stored at `height`; false when the range ends before it (stop reading). */
  add(height: number, value: Uint8Array): boolean {
    if (height !== this.from + this.batches.length) return false;
    const stored = storedBatchBytes(height, value);
    if (this.batches.length > 0 && this.bytes + stored.length > this.bytesMax) return false;
    this.bytes += stored.length;
    this.batches.push(pbft.CommittedBatch.decode(stored));
    return true;
  }
}

/** The CommittedBatch chunk of a stored entry value. */
export function storedBatchBytes(height: number, value: Uint8Array): Uint8Array {
  const chunks = decodeChunks(value);
  if (typeof chunks === "string") throw new LedgerError("corrupt", `entry ${height}: ${chunks}`, height);
  return chunks[1]!;
}
