/**
 * The replica host's connection gater: only cluster members' peer ids, on every path where a
 * peer id is known (dial, outbound and inbound encrypted connection, upgraded connection).
 * A non-member that dials us is cut right after the Noise handshake proves its peer id, before
 * any stream is opened; we never dial a non-member.
 */
import type { ConnectionGater, PeerId } from "@libp2p/interface";

export type GaterPath =
  | "dial"
  | "outbound-encrypted"
  | "inbound-encrypted"
  | "outbound-upgraded"
  | "inbound-upgraded";

export function membersOnlyGater(
  allowedPeerIds: ReadonlySet<string>,
  onDeny: (peerId: string, path: GaterPath) => void,
): ConnectionGater {
  const deny = (peerId: PeerId, path: GaterPath): boolean => {
    const id = peerId.toString();
    if (allowedPeerIds.has(id)) return false;
    onDeny(id, path);
    return true;
  };
  return {
    denyDialPeer: (peerId) => deny(peerId, "dial"),
    denyOutboundEncryptedConnection: (peerId) => deny(peerId, "outbound-encrypted"),
    denyInboundEncryptedConnection: (peerId) => deny(peerId, "inbound-encrypted"),
    denyOutboundUpgradedConnection: (peerId) => deny(peerId, "outbound-upgraded"),
    denyInboundUpgradedConnection: (peerId) => deny(peerId, "inbound-upgraded"),
  };
}
