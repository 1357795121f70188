// Readiness (`GET /readyz`): is this node part of a working quorum right now? Liveness (`/healthz`) only says
// the process runs; a load balancer or an operator wants to know whether a request sent here can commit.
//
// Ready means all of:
// - quorum: the node has open links to at least 2f other members (2f+1 with itself), the least a PBFT
//   quorum needs; with fewer, nothing it receives can commit until the network heals;
// - not far behind, by the rule the core uses to start a state transfer: the (f+1)-th highest progress the
//   other members claimed (the seq of their latest checkpoint message, or the head a state reply carried;
//   each claim is taken from the member the transport authenticated, so f liars cannot raise it) is less
//   than one checkpoint interval ahead of this node's ledger;
// - not receiving state: no state reply with batches arrived in the last 2 request timeouts (a node that
//   missed batches in a quiet cluster learns of them only by the core's probes, which fetch them).
import { type Event, pbft, type ReplicaId } from "@pbft/consensus";

export type NotReadyReason =
  | { readonly code: "stopping" }
  | { readonly code: "no-quorum"; readonly connectedPeers: readonly number[]; readonly needed: number }
  | {
      readonly code: "catching-up";
      readonly height: number;
      /** The (f+1)-th highest progress claimed by the other members. */
      readonly clusterHeight: number;
      /** True while state transfer batches are arriving. */
      readonly receivingState: boolean;
    };

export interface Readiness {
  readonly ready: boolean;
  readonly reasons: readonly NotReadyReason[];
}

export interface ReadinessOptions {
  readonly self: ReplicaId;
  readonly f: number;
  /** Votes a commit needs in the epoch in force (2f+1 when omitted, right for n = 3f+1). */
  readonly quorum?: number;
  readonly checkpointInterval: number;
  /** How long after the last state transfer batch the node still counts as catching up. */
  readonly stateQuietMs: number;
  readonly running: () => boolean;
  readonly height: () => number;
  readonly connectedPeers: () => readonly number[];
  readonly now?: () => number;
}

/** The first byte of an encoded ReplicaMessage whose oneof holds a Checkpoint (field 4, length-delimited). */
const CHECKPOINT_TAG = (4 << 3) | 2;

export class ReadinessTracker {
  private readonly progress = new Map<ReplicaId, number>();
  private lastStateBatchAt = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;

  constructor(private readonly o: ReadinessOptions) {
    this.now = o.now ?? (() => performance.now());
  }

  /** Every event the core steps (before it checks them: only the sender's own progress claim is kept). */
  onEvent(event: Event): void {
    if (event.kind === "envelope") {
      if (event.from === this.o.self) return;
      // Only checkpoints are decoded here: the tag byte tells them apart without decoding the rest.
      const payload = event.envelope?.payload;
      if (!payload || payload[0] !== CHECKPOINT_TAG) return;
      try {
        const seq = pbft.ReplicaMessage.decode(payload).checkpoint?.seq;
        if (typeof seq === "number") this.claim(event.from, seq);
      } catch {
        // the core refuses it and counts why
      }
    } else if (event.kind === "state-reply" && event.from !== this.o.self) {
      const last = Number(event.reply?.lastSeq ?? 0);
      if (Number.isSafeInteger(last)) this.claim(event.from, last);
      if ((event.reply?.batches?.length ?? 0) > 0) this.lastStateBatchAt = this.now();
    }
  }

  private claim(member: ReplicaId, seq: number): void {
    if (seq > (this.progress.get(member) ?? 0)) this.progress.set(member, seq);
  }

  /** The (f+1)-th highest progress the other members claimed (0 until f+1 have): at least one honest one's. */
  clusterHeight(): number {
    const claims = [...this.progress.values()].sort((a, b) => b - a);
    return claims[this.o.f] ?? 0;
  }

  check(): Readiness {
    const reasons: NotReadyReason[] = [];
    if (!this.o.running()) reasons.push({ code: "stopping" });
    const connectedPeers = this.o.connectedPeers();
    // Links to the other members of a quorum (quorumOf, not 2f: with n = 5, f = 1 a commit needs 4 votes).
    const needed = (this.o.quorum ?? 2 * this.o.f + 1) - (this.o.self >= 0 ? 1 : 0);
    if (connectedPeers.length < needed) reasons.push({ code: "no-quorum", connectedPeers, needed });
    const height = this.o.height();
    const clusterHeight = this.clusterHeight();
    const receivingState = this.now() - this.lastStateBatchAt < this.o.stateQuietMs;
    if (clusterHeight >= height + this.o.checkpointInterval || receivingState)
      reasons.push({ code: "catching-up", height, clusterHeight, receivingState });
    return { ready: reasons.length === 0, reasons };
  }
}
