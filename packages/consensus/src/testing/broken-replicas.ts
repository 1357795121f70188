// Deliberately broken replicas (test code only): each weakens one overridable hook, so the unit tests can
// show the hook decides alone, and the simulator must catch the variant with an agreement violation.
import type { NewViewMsg } from "../codec.js";
import type { pbft } from "../messages.js";
import {
  decodeHeader,
  type HeadCoverResult,
  type HeadEpochs,
  type VerifiedHeads,
  verifyHead,
} from "../replica/head-cover.js";
import { Replica } from "../replica.js";
import type { RejectReason, ReplicaId, Verifier } from "../types.js";

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

/**
 * Trusts everything a reply under a verified head says: its headers without checking that they chain by
 * hashes up to the head, and the signatures of its certificates and requests. A Byzantine server can then
 * pass any batch whose header and certificate fields match it (the shipped replica refuses it twice over:
 * at the hash chain, and at the certificate's signatures, which a head cannot vouch for).
 */
export class SkipsHeaderChain extends Replica {
  protected override checkHeadCover(
    reply: pbft.StateReply,
    epochs: HeadEpochs,
    verified: VerifiedHeads,
  ): HeadCoverResult {
    const head = verifyHead(reply, epochs, verified);
    if (head.kind !== "head") return head;
    const headers: pbft.EntryHeader[] = [];
    for (let i = 0; i < head.raw.length; i++) {
      const h = decodeHeader(head.raw[i]!, head.from + i);
      if (h === null) return { kind: "refused", reason: "invalid-state-reply" };
      headers.push(h);
    }
    return { kind: "cover", cover: { height: head.height, from: head.from, headers } };
  }

  protected override headVouched(_verifier: Verifier): Verifier {
    return { verifyReplica: () => true, verifyClient: () => true };
  }
}
