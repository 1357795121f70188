/**
 * Transport counters, as plain objects (the node turns them into Prometheus metrics; this
 * package does not import prom-client). Every drop reason is present from the start, at 0,
 * so a metrics exporter can register each label once.
 */

/** Why a frame was not delivered (outbound) or not handed up (inbound). */
export const DROP_REASONS = [
  /** Outbound: the peer's bounded send queue was full; the oldest queued frames were dropped. */
  "queue-full",
  /** Outbound: no open stream to the peer (down, in back-off, or it went away with frames queued). */
  "peer-down",
  /** A frame larger than `frameBytesMax` (outbound: refused; inbound: the stream is closed). */
  "too-large",
  /** Inbound: a length prefix that is not a varint of 1..frameBytesMax; the stream is closed. */
  "bad-length",
  /** A stream or frame from a peer id that is not a member (should be stopped by the gater first). */
  "not-member",
  /** Outbound: `send()` to an id that is not another member (unknown id, or self). */
  "unknown-peer",
  /** Inbound (client server): over the per-connection frame rate. */
  "rate-limited",
  /** Outbound (client server): the session was closed. */
  "closed",
  /** Inbound: the frame handler threw (the node's bug; logged). */
  "handler-error",
  /** Inbound: the stream did not start with a hello carrying our genesis hash; the stream is closed. */
  "genesis-mismatch",
] as const;

export type DropReason = (typeof DROP_REASONS)[number];

export interface TransportStats {
  /** Frames handed to the frame handler. */
  readonly framesIn: number;
  /** Payload bytes (without the length prefix) handed to the frame handler. */
  readonly bytesIn: number;
  /** Frames written to a stream (handed to libp2p). */
  readonly framesOut: number;
  /** Payload bytes (without the length prefix) written to a stream. */
  readonly bytesOut: number;
  /** Frames dropped, by reason. */
  readonly dropped: Readonly<Record<DropReason, number>>;
  /** Outbound streams re-opened to a peer after having been open before. */
  readonly reconnects: number;
  /** Failed dials (connection refused, timed out, denied, wrong peer id). */
  readonly dialFailures: number;
  /** Connections refused by the connection gater or the connection limit. */
  readonly connectionsDenied: number;
  /** Connections closed by this side because the peer abused the protocol (client server). */
  readonly connectionsClosedForAbuse: number;
  /** Streams closed by this side because of a protocol violation (bad or oversized length). */
  readonly streamsClosedOnError: number;
  /** Currently open streams carrying frames (gauge). */
  readonly streamsOpen: number;
  /** Bytes currently queued in this layer's send queues, not yet handed to libp2p (gauge). */
  readonly queuedBytes: number;
}

/** Mutable counters behind a `TransportStats` snapshot. */
export class StatsCounters {
  framesIn = 0;
  bytesIn = 0;
  framesOut = 0;
  bytesOut = 0;
  reconnects = 0;
  dialFailures = 0;
  connectionsDenied = 0;
  connectionsClosedForAbuse = 0;
  streamsClosedOnError = 0;
  streamsOpen = 0;
  readonly dropped: Record<DropReason, number> = emptyDropCounts();

  drop(reason: DropReason, frames = 1): void {
    this.dropped[reason] += frames;
  }

  snapshot(queuedBytes: number): TransportStats {
    return {
      framesIn: this.framesIn,
      bytesIn: this.bytesIn,
      framesOut: this.framesOut,
      bytesOut: this.bytesOut,
      dropped: { ...this.dropped },
      reconnects: this.reconnects,
      dialFailures: this.dialFailures,
      connectionsDenied: this.connectionsDenied,
      connectionsClosedForAbuse: this.connectionsClosedForAbuse,
      streamsClosedOnError: this.streamsClosedOnError,
      streamsOpen: this.streamsOpen,
      queuedBytes,
    };
  }
}

function emptyDropCounts(): Record<DropReason, number> {
  const counts = {} as Record<DropReason, number>;
  for (const reason of DROP_REASONS) counts[reason] = 0;
  return counts;
}
