/**
 * The libp2p transport of a PBFT node: replica-to-replica frames, the node side of the client
 * protocol, and the client side. Raw frame bytes only; the node decodes protobuf. See README.md.
 */
export type { BackoffOptions } from "./backoff.js";
export {
  type ClientConnector,
  type ClientConnectorMember,
  type ClientConnectorOptions,
  startClientConnector,
} from "./client-connector.js";
export {
  CLIENT_PROTOCOL,
  type ClientServer,
  type ClientServerOptions,
  type ClientSession,
  startClientServer,
} from "./client-server.js";
export { encodeFrame, FrameDecoder, FrameError, type FrameErrorReason } from "./framing.js";
export type { GaterPath } from "./gater.js";
export { loadOrCreatePeerKey, PeerKeyError, type PrivateKey, peerIdOf } from "./peer-key.js";
export {
  DEFAULT_SEND_QUEUE_BYTES_MAX,
  helloFrame,
  helloGenesisHash,
  REPLICA_PROTOCOL,
  type ReplicaMember,
  type ReplicaNetwork,
  type ReplicaNetworkOptions,
  startReplicaNetwork,
} from "./replica-network.js";
export { DROP_REASONS, type DropReason, type TransportStats } from "./stats.js";
