// Serving a state-transfer request from the ledger: consecutive committed batches with their commit
// certificates and entry headers from from_seq, up to to_seq, within a count and a frame's bytes, plus the
// server's height, and the signed head that covers them when one is stored within reach (issue 20: the
// receiver then checks the batches by hashes up to the head instead of by signatures).
// Pure: the Ledger (node) and the MemoryLedger (simulator) feed it their stored values.
import { fromHex, pbft } from "@pbft/consensus";
import { decodeChunks } from "./entry.js";
import { LedgerError } from "./errors.js";
import type { SignedHead } from "./signed-head.js";

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
  /** A signed head at or above the last batch (2f+1 Checkpoint envelopes), when one is stored within reach. */
  readonly headProof?: pbft.IEnvelope[];
  /** The entry headers after the last batch up to the head's height. */
  readonly headHeaders?: Uint8Array[];
}

/**
 * How far above a reply's last batch its covering head may be: the headers in between travel with the reply
 * (~150 bytes each, within the frame's margin). Heads are stored at every stable checkpoint (every K, the
 * state-transfer chunk by default), so an aligned fetch finds one at its last batch.
 */
export const HEAD_REACH = 64;

/** A stored signed head as the Checkpoint envelopes it was made of (the exact bytes the members signed). */
export function headProofOf(head: SignedHead): pbft.IEnvelope[] {
  const payload = fromHex(head.checkpoint);
  return head.signatures.map((s) => ({ payload, signer: s.signer, signature: fromHex(s.signature) }));
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
    /** Each batch also carries its stored EntryHeader bytes (a state reply: see head-cover in consensus). */
    private readonly withHeaders = false,
  ) {}

  /** Takes the entry stored at `height`; false when the range ends before it (stop reading). */
  add(height: number, value: Uint8Array): boolean {
    if (height !== this.from + this.batches.length) return false;
    const chunks = chunksOf(height, value);
    const stored = chunks[1]!;
    const header = chunks[0]!;
    const bytes = stored.length + (this.withHeaders ? header.length + BATCH_FIELD_BYTES : 0);
    if (this.batches.length > 0 && this.bytes + bytes > this.bytesMax) return false;
    this.bytes += bytes;
    const batch = pbft.CommittedBatch.decode(stored);
    if (this.withHeaders) batch.header = header;
    this.batches.push(batch);
    return true;
  }
}

/** The EntryHeader bytes of a stored entry (a covering head's headers after a reply's last batch). */
export function storedHeaderBytes(height: number, value: Uint8Array): Uint8Array {
  return chunksOf(height, value)[0]!;
}

function chunksOf(height: number, value: Uint8Array): Uint8Array[] {
  const chunks = decodeChunks(value);
  if (typeof chunks === "string") throw new LedgerError("corrupt", `entry ${height}: ${chunks}`, height);
  return chunks;
}

/** The CommittedBatch chunk of a stored entry value. */
export function storedBatchBytes(height: number, value: Uint8Array): Uint8Array {
  return chunksOf(height, value)[1]!;
}
