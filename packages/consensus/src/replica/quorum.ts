// Quorum and vote tracking: which member said what for which slot (a second, different message is
// equivocation evidence), the votes that match a digest, the bounded checkpoint votes per member, and the
// view-changes gathered for a view. The threshold itself is the replica's overridable `quorumSize()`.
import type { Signed } from "../codec.js";
import type { pbft } from "../messages.js";
import type { Equivocation, ReplicaId, VoteSlot } from "../types.js";
import type { CheckedViewChange } from "../viewchange.js";
import type { Core, Vote } from "./core.js";

/** Checkpoint votes kept per member (its latest ones): claims far ahead cannot grow memory. */
const CHECKPOINTS_PER_MEMBER_MAX = 8;

export class Quorums {
  constructor(private readonly c: Core) {}

  /** "duplicate" or "equivocation" (evidence kept and announced) for a second message in one slot. */
  recordVote(
    signed: Signed,
    kind: VoteSlot["kind"],
    view: number,
    seq: number,
  ): "duplicate" | "equivocation" | null {
    const seen = this.c.voteIndex.record(signed.signer, { kind, view, seq }, signed.envelope);
    if (seen === null || seen === "duplicate") return seen;
    this.addEvidence(seen);
    return "equivocation";
  }

  addEvidence(e: Equivocation): undefined {
    this.c.evidenceLog.add(e);
    this.c.out.push({ kind: "equivocation", evidence: e });
  }

  /** The envelopes of the votes for `digestHex`, in arrival order. */
  matching(votes: ReadonlyMap<ReplicaId, Vote>, digestHex: string | null): pbft.Envelope[] {
    const out: pbft.Envelope[] = [];
    for (const v of votes.values()) if (v.digestHex === digestHex) out.push(v.envelope);
    return out;
  }

  /** Records a member's checkpoint vote (the first per member and seq counts), its latest ones only. */
  storeCheckpoint(member: ReplicaId, seq: number, digestHex: string, envelope: pbft.Envelope): undefined {
    let byMember = this.c.checkpointVotes.get(seq);
    if (byMember === undefined) {
      byMember = new Map();
      this.c.checkpointVotes.set(seq, byMember);
    }
    if ((this.c.latestCheckpointOf.get(member) ?? 0) < seq) this.c.latestCheckpointOf.set(member, seq);
    if (byMember.has(member)) return; // the first one counts (a conflicting one is evidence)
    byMember.set(member, { digestHex, envelope });
    const seqs = this.c.checkpointSeqsOf.get(member) ?? [];
    seqs.push(seq);
    if (seqs.length > CHECKPOINTS_PER_MEMBER_MAX) {
      const dropped = seqs.shift()!;
      this.c.checkpointVotes.get(dropped)?.delete(member);
    }
    this.c.checkpointSeqsOf.set(member, seqs);
  }

  /** The view-changes for `view`, ours first, then the others' by member. */
  viewChangesFor(view: number): CheckedViewChange[] {
    const own = this.c.latestViewChange.get(this.c.id);
    const others = [...this.c.latestViewChange.values()]
      .filter((vc) => vc.newView === view && vc.signer !== this.c.id)
      .sort((a, b) => a.signer - b.signer);
    return own?.newView === view ? [own, ...others] : others;
  }
}
