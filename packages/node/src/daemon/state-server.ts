// Serves state transfer from the ledger: consecutive committed batches with their commit certificates, in
// chunks bounded by count and bytes (one frame). A peer's requests are answered in order, and only as many
// are held as a fetch keeps in flight, so memory stays flat however far behind the asker is.
import { FETCH_IN_FLIGHT_CHUNKS, pbft, type ReplicaId } from "@pbft/consensus";
import type { Ledger } from "@pbft/ledger";
import type { Logger } from "pino";
import type { NodeMetrics } from "./metrics.js";
import type { FrameSink } from "./replica-driver.js";

export class StateServer {
  /** Per peer: requests taken (answered or waiting), and the tail of its chain of answers. */
  private readonly perPeer = new Map<ReplicaId, { taken: number; tail: Promise<void> }>();

  constructor(
    private readonly o: {
      readonly ledger: Ledger;
      readonly net: FrameSink;
      readonly chunkMax: number;
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
    const { batches, lastSeq: head } = await this.o.ledger.stateReply(fromSeq, toSeq, {
      countMax: this.o.chunkMax,
      frameBytesMax: this.o.frameBytesMax,
    });
    this.o.net.send(from, pbft.ReplicaFrame.encode({ stateReply: { batches, lastSeq: head } }).finish());
    this.o.metrics.stateTransferBatches.inc({ direction: "served" }, batches.length);
  }
}
