// Serves state transfer from the ledger: consecutive committed batches with their commit certificates, in
// chunks bounded by count and bytes (one frame), one request per peer at a time, so memory stays flat
// however far behind the asker is.
import { pbft, type ReplicaId } from "@pbft/consensus";
import type { Ledger } from "@pbft/ledger";
import type { Logger } from "pino";
import type { NodeMetrics } from "./metrics.js";
import type { FrameSink } from "./replica-driver.js";

/** Room left in a frame for the StateReply's own fields. */
const FRAME_MARGIN_BYTES = 16 * 1024;

export class StateServer {
  private readonly busy = new Set<ReplicaId>();

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
    if (this.busy.has(from)) {
      this.o.metrics.framesDropped.inc({ reason: "state-request-busy" });
      return;
    }
    const fromSeq = Number(request.fromSeq ?? 0);
    const toSeq = Number(request.toSeq ?? 0);
    if (!Number.isSafeInteger(fromSeq) || !Number.isSafeInteger(toSeq) || fromSeq < 1) {
      this.o.metrics.framesDropped.inc({ reason: "bad-state-request" });
      return;
    }
    this.busy.add(from);
    this.answer(from, fromSeq, toSeq)
      .catch((e: unknown) => this.o.logger.error({ err: e, peer: from }, "serving state transfer failed"))
      .finally(() => this.busy.delete(from));
  }

  private async answer(from: ReplicaId, fromSeq: number, toSeq: number): Promise<void> {
    const head = this.o.ledger.head().height;
    const last = Math.min(toSeq, head, fromSeq + this.o.chunkMax - 1);
    const batches: pbft.CommittedBatch[] = [];
    let bytes = 0;
    for (let h = fromSeq; h <= last; h++) {
      const batch = await this.o.ledger.committedBatch(h);
      if (!batch) break;
      const size = pbft.CommittedBatch.encode(batch).len;
      if (batches.length > 0 && bytes + size > this.o.frameBytesMax - FRAME_MARGIN_BYTES) break;
      batches.push(batch);
      bytes += size;
    }
    this.o.net.send(from, pbft.ReplicaFrame.encode({ stateReply: { batches, lastSeq: head } }).finish());
    this.o.metrics.stateTransferBatches.inc({ direction: "served" }, batches.length);
  }
}
