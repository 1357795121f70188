/**
 * The replica host's connection gater: only cluster members' peer ids, on every path where a
 * peer id is known (dial, outbound and inbound encrypted connection, upgraded connection).
 * A non-member that dials us is cut right after the Noise handshake proves its peer id, before
 * any stream is opened; we never dial a non-member.
 */
import type { ConnectionGater, MultiaddrConnection, PeerId } from "@libp2p/interface";

export type GaterPath =
  | "dial"
  | "outbound-encrypted"
  | "inbound-encrypted"
  | "outbound-upgraded"
  | "inbound-upgraded";

/** `address` is the remote multiaddr when libp2p gives one (not on the dial path). */
export function membersOnlyGater(
  allowedPeerIds: ReadonlySet<string>,
  onDeny: (peerId: string, path: GaterPath, address?: string) => void,
): ConnectionGater {
  const deny = (peerId: PeerId, path: GaterPath, conn?: MultiaddrConnection): boolean => {
    const id = peerId.toString();
    if (allowedPeerIds.has(id)) return false;
    onDeny(id, path, conn?.remoteAddr?.toString().split("/p2p/")[0]);
    return true;
  };
  return {
    denyDialPeer: (peerId) => deny(peerId, "dial"),
    denyOutboundEncryptedConnection: (peerId, conn) => deny(peerId, "outbound-encrypted", conn),
    denyInboundEncryptedConnection: (peerId, conn) => deny(peerId, "inbound-encrypted", conn),
    denyOutboundUpgradedConnection: (peerId, conn) => deny(peerId, "outbound-upgraded", conn),
    denyInboundUpgradedConnection: (peerId, conn) => deny(peerId, "inbound-upgraded", conn),
  };
}
