// The consensus core's DurableState (view, stable checkpoint proof, prepared certificates), stored beside
// the ledger in parts: a header (a version byte, a flags byte, then a ViewChange message of the one schema
// without its prepared certificates: new_view = the view) and one record per prepared certificate, keyed by
// seq. The core reuses a PreparedProof object (===) until it is replaced or collected, so each save writes
// only the certificates that changed, not the whole window of batches, which can be megabytes. Pure: the
// Ledger and the MemoryLedger read and write the ops this module plans.
import { type DurableState, pbft } from "@pbft/consensus";
import { CONSENSUS_HEADER_KEY, CONSENSUS_LEGACY_KEY, preparedPartKey } from "./keys.js";
import type { KvOp } from "./kv.js";

const VERSION = 2;
/** The whole state in one blob, prepared certificates included (databases written before the parts). */
const LEGACY_VERSION = 1;
const FLAG_VIEW_CHANGING = 1;

function encodeHeader(s: DurableState, withPrepared: boolean): Uint8Array {
  const body = pbft.ViewChange.encode({
    newView: s.view,
    stableSeq: s.stableSeq,
    stableDigest: s.stableDigest,
    checkpointProof: [...s.checkpointProof],
    prepared: withPrepared ? [...s.prepared] : [],
  }).finish();
  const out = new Uint8Array(2 + body.length);
  out[0] = withPrepared ? LEGACY_VERSION : VERSION;
  out[1] = s.viewChanging ? FLAG_VIEW_CHANGING : 0;
  out.set(body, 2);
  return out;
}

/** The legacy single-blob encoding (version 1): only to build old databases in tests. */
export function encodeLegacyDurableState(s: DurableState): Uint8Array {
  return encodeHeader(s, true);
}

function decodeHeader(bytes: Uint8Array, expected: number): { state: DurableState; vc: pbft.ViewChange } {
  if (bytes.length < 2 || bytes[0] !== expected)
    throw new Error(`consensus state: unknown format version ${bytes[0] ?? "(empty)"}`);
  const vc = pbft.ViewChange.decode(bytes.subarray(2));
  return {
    vc,
    state: {
      view: Number(vc.newView),
      viewChanging: (bytes[1]! & FLAG_VIEW_CHANGING) !== 0,
      stableSeq: Number(vc.stableSeq),
      stableDigest: vc.stableDigest,
      checkpointProof: vc.checkpointProof as pbft.Envelope[],
      prepared: [],
    },
  };
}

function seqOf(proof: pbft.IPreparedProof): number {
  const payload = proof.prePrepare?.payload;
  if (!payload) throw new Error("consensus state: a prepared certificate without its pre-prepare");
  const seq = Number(pbft.ReplicaMessage.decode(payload).prePrepare?.seq ?? Number.NaN);
  if (!Number.isSafeInteger(seq)) throw new Error("consensus state: a prepared certificate without a seq");
  return seq;
}

/** What the store holds of the consensus state, as read by the ledger. */
export interface StoredConsensusState {
  readonly header: Uint8Array | undefined;
  /** Prepared-certificate parts by seq. */
  readonly prepared: ReadonlyMap<number, Uint8Array>;
  readonly legacy: Uint8Array | undefined;
}

/** A save's writes, and what the store holds once they are written. */
export interface ConsensusSavePlan {
  readonly ops: KvOp[];
  readonly written: Map<number, pbft.IPreparedProof>;
}

/** A part the store holds that matches no certificate object: the next save deletes or rewrites it. */
const STALE: pbft.IPreparedProof = Object.freeze({});

/** Tracks which prepared certificates the store holds, so each save writes only what changed. */
export class ConsensusStateParts {
  /** What the store holds as parts, by seq: the object written (identity tells what changed). */
  private written = new Map<number, pbft.IPreparedProof>();
  private legacyPresent = false;

  /** At open: the parts on disk, whatever they hold (a save without a load first must still clean them). */
  know(seqs: Iterable<number>, legacyPresent: boolean): void {
    this.written = new Map([...seqs].map((seq) => [seq, STALE]));
    this.legacyPresent = legacyPresent;
  }

  /**
   * The state last saved: the parts format, else a legacy single blob (its certificates are not parts yet,
   * so the first save stores them all), else null (a first start). Throws on bytes no version wrote.
   */
  load(stored: StoredConsensusState): DurableState | null {
    this.legacyPresent = stored.legacy !== undefined;
    if (stored.header !== undefined) {
      const { state } = decodeHeader(stored.header, VERSION);
      const kept = [...stored.prepared.entries()]
        .filter(([seq]) => seq > state.stableSeq)
        .sort(([a], [b]) => a - b);
      const prepared = kept.map(([, bytes]) => pbft.PreparedProof.decode(bytes));
      this.written = new Map(kept.map(([seq], i) => [seq, prepared[i]!]));
      // Parts at or below the stable checkpoint are stale: the next save deletes them.
      for (const seq of stored.prepared.keys()) if (seq <= state.stableSeq) this.written.set(seq, STALE);
      return { ...state, prepared };
    }
    this.written = new Map([...stored.prepared.keys()].map((seq) => [seq, STALE]));
    if (stored.legacy === undefined) return null;
    const { state, vc } = decodeHeader(stored.legacy, LEGACY_VERSION);
    return { ...state, prepared: vc.prepared as pbft.PreparedProof[] };
  }

  /** The ops of one synced batch that makes the store hold `state`. */
  planSave(state: DurableState): ConsensusSavePlan {
    const written = new Map<number, pbft.IPreparedProof>();
    const ops: KvOp[] = [{ type: "put", key: CONSENSUS_HEADER_KEY, value: encodeHeader(state, false) }];
    for (const proof of state.prepared) {
      const seq = seqOf(proof);
      written.set(seq, proof);
      if (this.written.get(seq) !== proof)
        ops.push({
          type: "put",
          key: preparedPartKey(seq),
          value: pbft.PreparedProof.encode(proof).finish(),
        });
    }
    for (const seq of this.written.keys())
      if (!written.has(seq)) ops.push({ type: "del", key: preparedPartKey(seq) });
    // The parts header now says everything: the legacy blob would only mislead a reader.
    if (this.legacyPresent) ops.push({ type: "del", key: CONSENSUS_LEGACY_KEY });
    return { ops, written };
  }

  /** After the plan's ops are durable. */
  adopt(plan: ConsensusSavePlan): void {
    this.written = plan.written;
    this.legacyPresent = false;
  }
}
