// The consensus state a node must find after a crash (view, stable checkpoint proof, prepared
// certificates), stored in the ledger's database in parts: a header (a version byte, a flags byte, then a
// ViewChange message of the one schema without its prepared certificates: new_view = the view) and one
// record per prepared certificate, keyed by seq. The core reuses a PreparedProof object (===) until it is
// replaced or collected, so each persist writes only the certificates that changed — not the whole window
// of batches, which can be megabytes.
import { type DurableState, pbft } from "@pbft/consensus";
import type { Ledger } from "@pbft/ledger";

const VERSION = 2;
const LEGACY_VERSION = 1; // the whole state in one blob, prepared certificates included
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

/** The whole state in one blob (format 1); kept for reading databases written before the parts format. */
export function encodeDurableState(s: DurableState): Uint8Array {
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

/** Throws with a clear message on bytes this version did not write (a corrupt or foreign database). */
export function decodeDurableState(bytes: Uint8Array): DurableState {
  const { state, vc } = decodeHeader(bytes, LEGACY_VERSION);
  return { ...state, prepared: vc.prepared as pbft.PreparedProof[] };
}

function seqOf(proof: pbft.IPreparedProof): number {
  const payload = proof.prePrepare?.payload;
  if (!payload) throw new Error("consensus state: a prepared certificate without its pre-prepare");
  const seq = Number(pbft.ReplicaMessage.decode(payload).prePrepare?.seq ?? Number.NaN);
  if (!Number.isSafeInteger(seq)) throw new Error("consensus state: a prepared certificate without a seq");
  return seq;
}

/** Writes successive states, each as the header plus the prepared certificates that changed since the last. */
export class DurableStateWriter {
  /** What the database holds as parts, by seq: the object written (identity tells what changed). */
  private written = new Map<number, pbft.IPreparedProof>();

  constructor(private readonly ledger: Ledger) {}

  /**
   * Reads what the node persisted last: the parts format, else a legacy single blob (its certificates are
   * not parts yet, so the first write stores them all), else null (a first start).
   */
  async load(): Promise<DurableState | null> {
    const parts = await this.ledger.consensusParts();
    if (parts !== undefined) {
      const { state } = decodeHeader(parts.header, VERSION);
      const kept = [...parts.prepared.entries()]
        .filter(([seq]) => seq > state.stableSeq)
        .sort(([a], [b]) => a - b);
      const prepared = kept.map(([, bytes]) => pbft.PreparedProof.decode(bytes));
      this.written = new Map(kept.map(([seq], i) => [seq, prepared[i]!]));
      // Parts at or below the stable checkpoint are stale: the next write deletes them.
      for (const seq of parts.prepared.keys()) if (seq <= state.stableSeq) this.written.set(seq, {});
      return { ...state, prepared };
    }
    this.written = new Map();
    const blob = await this.ledger.consensusState();
    return blob ? decodeDurableState(blob) : null;
  }

  async write(state: DurableState): Promise<void> {
    const next = new Map<number, pbft.IPreparedProof>();
    const put: [number, Uint8Array][] = [];
    for (const proof of state.prepared) {
      const seq = seqOf(proof);
      next.set(seq, proof);
      if (this.written.get(seq) !== proof) put.push([seq, pbft.PreparedProof.encode(proof).finish()]);
    }
    const del = [...this.written.keys()].filter((seq) => !next.has(seq));
    await this.ledger.saveConsensusParts({ header: encodeHeader(state, false), put, del });
    this.written = next;
  }
}
