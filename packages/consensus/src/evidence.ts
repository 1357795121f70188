// Equivocation detection: the first validly signed message per (member, kind, view, seq) is remembered; a
// second one with the same bytes is a duplicate, with different bytes it is evidence, kept in a bounded log.
import { bytesEqual } from "./hashing.js";
import type { pbft } from "./messages.js";
import type { Equivocation, ReplicaId, VoteSlot } from "./types.js";

export const EVIDENCE_MAX = 256;

export class VoteIndex {
  private readonly bySeq = new Map<number, Map<string, pbft.Envelope>>();

  /** Sequence numbers with remembered votes (for tests of boundedness). */
  get size(): number {
    return this.bySeq.size;
  }

  /** null for a first message; "duplicate"; or the equivocation it proves. */
  record(member: ReplicaId, slot: VoteSlot, envelope: pbft.Envelope): "duplicate" | Equivocation | null {
    let votes = this.bySeq.get(slot.seq);
    if (votes === undefined) {
      votes = new Map();
      this.bySeq.set(slot.seq, votes);
    }
    const key = `${member}|${slot.kind}|${slot.view}`;
    const first = votes.get(key);
    if (first === undefined) {
      votes.set(key, envelope);
      return null;
    }
    if (bytesEqual(first.payload, envelope.payload)) return "duplicate";
    return { member, slot, first, second: envelope };
  }

  /** Forgets everything at or below a stable checkpoint. */
  pruneUpTo(seq: number): void {
    for (const s of this.bySeq.keys()) if (s <= seq) this.bySeq.delete(s);
  }
}

/** The most recent equivocations, oldest dropped first. */
export class EvidenceLog {
  private readonly items: Equivocation[] = [];

  add(e: Equivocation): void {
    if (this.items.length >= EVIDENCE_MAX) this.items.shift();
    this.items.push(e);
  }

  list(): readonly Equivocation[] {
    return this.items;
  }
}
