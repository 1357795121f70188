// Deliberately broken replicas (test code only): each weakens one overridable hook, so the unit tests can
// show the hook decides alone, and the simulator must catch the variant with an agreement violation.
import type { NewViewMsg } from "../codec.js";
import { Replica } from "../replica.js";
import type { RejectReason, ReplicaId } from "../types.js";

/** Every quorum is f+1 instead of 2f+1. */
export class SmallQuorum extends Replica {
  protected override quorumSize(): number {
    return this.cluster.f + 1;
  }
}

/** Enters any new-view its view's primary signs. */
export class AcceptsAnyNewView extends Replica {
  protected override validateNewView(_nv: NewViewMsg, _signer: ReplicaId): RejectReason | null {
    return null;
  }
}
