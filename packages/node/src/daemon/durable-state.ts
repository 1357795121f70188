// The consensus state a node must find after a crash (view, stable checkpoint proof, prepared
// certificates), stored in the ledger's database. Encoded as a version byte, a flags byte, then a
// ViewChange message of the one schema, whose fields are exactly these (new_view = the view).
import { type DurableState, pbft } from "@pbft/consensus";

const VERSION = 1;
const FLAG_VIEW_CHANGING = 1;

export function encodeDurableState(s: DurableState): Uint8Array {
  const body = pbft.ViewChange.encode({
    newView: s.view,
    stableSeq: s.stableSeq,
    stableDigest: s.stableDigest,
    checkpointProof: [...s.checkpointProof],
    prepared: [...s.prepared],
  }).finish();
  const out = new Uint8Array(2 + body.length);
  out[0] = VERSION;
  out[1] = s.viewChanging ? FLAG_VIEW_CHANGING : 0;
  out.set(body, 2);
  return out;
}

/** Throws with a clear message on bytes this version did not write (a corrupt or foreign database). */
export function decodeDurableState(bytes: Uint8Array): DurableState {
  if (bytes.length < 2 || bytes[0] !== VERSION)
    throw new Error(`consensus state: unknown format version ${bytes[0] ?? "(empty)"}`);
  const vc = pbft.ViewChange.decode(bytes.subarray(2));
  return {
    view: Number(vc.newView),
    viewChanging: (bytes[1]! & FLAG_VIEW_CHANGING) !== 0,
    stableSeq: Number(vc.stableSeq),
    stableDigest: vc.stableDigest,
    checkpointProof: vc.checkpointProof.map((e) => pbft.Envelope.create(e)),
    prepared: vc.prepared.map((p) => pbft.PreparedProof.create(p)),
  };
}
