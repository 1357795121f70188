/**
 * The libp2p host both sides use: TCP + Noise + yamux, nothing else (no identify, ping service,
 * mdns, DHT, relay). The connection monitor stays on: every 10 s it opens a stream on each
 * connection (the remote answers "protocol not supported", which is enough) and aborts
 * connections whose peer stopped answering, so a silently dead peer is noticed and re-dialled.
 */
import "../polyfill.js";
import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import type { ConnectionGater, PrivateKey } from "@libp2p/interface";
import { tcp } from "@libp2p/tcp";
import { createLibp2p, type Libp2p } from "libp2p";
import { installWireTuning } from "./wire-tuning.js";

// Before any connection exists: one socket write per send, lazy yamux window updates (wire-tuning.ts).
installWireTuning();

export interface HostOptions {
  /** Omitted: an ephemeral Ed25519 identity. */
  readonly privateKey?: PrivateKey;
  readonly listen: readonly string[];
  readonly connectionGater?: ConnectionGater;
  readonly connectionsMax: number;
  /** Inbound connections accepted per second from one IP address (libp2p default: 5). */
  readonly inboundConnectionsPerSecondPerHost: number;
  readonly dialTimeoutMs: number;
}

/** Created stopped: register protocol handlers, then `node.start()` (no stream is refused meanwhile). */
export async function createHost(opts: HostOptions): Promise<Libp2p> {
  return createLibp2p({
    start: false,
    ...(opts.privateKey === undefined ? {} : { privateKey: opts.privateKey }),
    addresses: { listen: [...opts.listen] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    ...(opts.connectionGater === undefined ? {} : { connectionGater: opts.connectionGater }),
    connectionManager: {
      maxConnections: opts.connectionsMax,
      inboundConnectionThreshold: opts.inboundConnectionsPerSecondPerHost,
      maxIncomingPendingConnections: Math.max(10, Math.min(opts.connectionsMax, 256)),
      dialTimeout: opts.dialTimeoutMs,
      // libp2p's own reconnect queue only acts on KEEP_ALIVE-tagged peers; we tag none and
      // reconnect ourselves with our own back-off.
      reconnectRetries: 0,
    },
    connectionMonitor: { enabled: true, pingInterval: 10_000 },
  });
}

/** The first listen address of each kind that libp2p actually bound (ports resolved), as strings. */
export function boundAddresses(node: Libp2p): string[] {
  return node.getMultiaddrs().map((ma) => ma.toString());
}
