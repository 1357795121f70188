// Serves state transfer from the ledger: consecutive committed batches with their commit certificates, in
// chunks bounded by count and bytes (one frame). A peer's requests are answered in order, and only as many
// are held as a fetch keeps in flight, so memory stays flat however far behind the asker is. Each answer
// also carries the replica's state summary (the NewView of its view, its stable checkpoint proof), so an
// asker cut off while the others moved on learns the view and a proven catch-up target. Each also carries
// the entry headers and, when stored, the signed head covering them (issue 20: see consensus head-cover.ts).
import { FETCH_IN_FLIGHT_CHUNKS, pbft, type ReplicaId, type StateSummary } from "@pbft/consensus";
import type { Ledger } from "@pbft/ledger";
import type { Logger } from "pino";
import type { NodeMetrics } from "./metrics.js";
import type { FrameSink } from "./replica-driver.js";

/** A field's tag and length prefix, at most. */
const FIELD_BYTES = 8;

/** An envelope's encoded size as a reply field, at most: its two byte strings plus tags, lengths, signer. */
function envelopeBytesMax(e: pbft.IEnvelope): number {
  return (e.payload?.length ?? 0) + (e.signature?.length ?? 0) + 4 * FIELD_BYTES;
}

export class StateServer {
  /** Per peer: requests taken (answered or waiting), and the tail of its chain of answers. */
  private readonly perPeer = new Map<ReplicaId, { taken: number; tail: Promise<void> }>();

  constructor(
    private readonly o: {
      readonly ledger: Ledger;
      readonly net: FrameSink;
      readonly chunkMax: number;
      /** The replica's `stateSummary()`, read when an answer is built. */
      readonly summary: () => StateSummary;
      readonly frameBytesMax: number;
      readonly metrics: NodeMetrics;
      readonly logger: Logger;
    },
  ) {}

  serve(from: ReplicaId, request: pbft.IStateRequest): void {
    const fromSeq = Number(request.fromSeq ?? 0);
    const toSeq = Number(request.toSeq ?? 0);
    if (!Number.isSafeInteger(fromSeq) || !Number.isSafeInteger(toSeq) || fromSeq < 1) {
      this.o.metrics.framesDropped.inc({ reason: "bad-state-request" });
      return;
    }
    const peer = this.perPeer.get(from) ?? { taken: 0, tail: Promise.resolve() };
    if (peer.taken >= FETCH_IN_FLIGHT_CHUNKS) {
      this.o.metrics.framesDropped.inc({ reason: "state-request-busy" });
      return;
    }
    peer.taken++;
    this.perPeer.set(from, peer);
    peer.tail = peer.tail
      .then(() => this.answer(from, fromSeq, toSeq))
      .catch((e: unknown) => this.o.logger.error({ err: e, peer: from }, "serving state transfer failed"))
      .finally(() => {
        if (--peer.taken === 0) this.perPeer.delete(from);
      });
  }

  private async answer(from: ReplicaId, fromSeq: number, toSeq: number): Promise<void> {
    const summary = this.summaryFields();
    // With the signed head covering the batches (when stored), so the asker can check them by hashes.
    const { batches, lastSeq, headProof, headHeaders } = await this.o.ledger.stateReply(fromSeq, toSeq, {
      countMax: this.o.chunkMax,
      frameBytesMax: this.o.frameBytesMax - summary.bytes,
    });
    const covered = headProof === undefined ? {} : { headProof, headHeaders: headHeaders ?? [] };
    this.o.net.send(
      from,
      pbft.ReplicaFrame.encode({
        stateReply: { batches, lastSeq, ...summary.fields, ...covered },
      }).finish(),
    );
    this.o.metrics.stateTransferBatches.inc({ direction: "served" }, batches.length);
  }

  /**
   * The state summary's reply fields and their encoded size. A NewView carries 2f+1 view-changes with
   * their prepared certificates; one too large to leave room for a batch is left out (the asker learns
   * the view from a view change instead).
   */
  private summaryFields(): { fields: pbft.IStateReply; bytes: number } {
    const { newView, checkpointProof } = this.o.summary();
    let proof = 0;
    for (const e of checkpointProof) proof += envelopeBytesMax(e);
    const nv = newView === null ? 0 : envelopeBytesMax(newView);
    // At most half of a frame, so that a reply always has room for batches.
    const withView = newView !== null && proof + nv <= this.o.frameBytesMax / 2;
    return {
      fields: { checkpointProof: [...checkpointProof], ...(withView ? { newView } : {}) },
      bytes: proof + (withView ? nv : 0),
    };
  }
}
