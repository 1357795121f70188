// The member card: what one organisation publishes after `pbft member init` (name, vote public key, peer id,
// addresses) with two proofs of possession over the card's canonical bytes, one by the vote key through the
// organisation's HSM and one by its libp2p peer key. Nothing secret is in it. It lives here, not in the
// node, because the rules check the card of every add-member and rotate-member operation.
//
// Canonical bytes: the UTF-8 tag "pbft-member-card/v1" and a NUL, then the canonical JSON (keys sorted, no
// whitespace; canonicalJson) of the card without `proofs`. Votes are signed over tags that start "pbft/v1/",
// so a card signature can never be taken for a vote, nor a vote for a card.
//
// The check is synchronous (the rules are): the peer id is decoded here (an Ed25519 identity peer id, the
// only kind `pbft member init` makes: base58btc of the identity multihash of the protobuf public key).
import { z } from "zod";
import { canonicalJson } from "./cluster-config.js";
import { verifyEd25519 } from "./ed25519.js";

export const CARD_KIND = "pbft-member-card" as const;
const CARD_TAG = new TextEncoder().encode("pbft-member-card/v1\u0000");

const hex = (bytes: number) =>
  z.string().regex(new RegExp(`^[0-9a-f]{${2 * bytes}}$`), `${bytes} bytes as lowercase hex`);

export const memberCardSchema = z
  .object({
    version: z.literal(1),
    kind: z.literal(CARD_KIND),
    name: z.string().min(1).max(64),
    votePublicKey: hex(32),
    peerId: z.string().min(1).max(128),
    /** Replica multiaddrs the other members dial. */
    addresses: z.array(z.string().min(1).max(256)).min(1).max(16),
    /** Multiaddrs clients (pbft submit) dial. */
    clientAddresses: z.array(z.string().min(1).max(256)).max(16),
    /** host:port of the HTTP API, when published. */
    httpAddress: z.string().min(1).max(256).optional(),
    proofs: z
      .object({
        /** Ed25519 by the vote key, made inside the HSM. */
        vote: hex(64),
        /** By the libp2p peer key (the key the peer id names). */
        peer: z.string().regex(/^[0-9a-f]{2,256}$/, "a signature as lowercase hex"),
      })
      .strict(),
  })
  .strict();

export type MemberCard = z.infer<typeof memberCardSchema>;
export type MemberCardBody = Omit<MemberCard, "proofs">;

/** What both proofs sign. */
export function cardSigningBytes(body: MemberCardBody): Uint8Array {
  const { version, kind, name, votePublicKey, peerId, addresses, clientAddresses, httpAddress } = body;
  const json = new TextEncoder().encode(
    canonicalJson({ version, kind, name, votePublicKey, peerId, addresses, clientAddresses, httpAddress }),
  );
  const out = new Uint8Array(CARD_TAG.length + json.length);
  out.set(CARD_TAG);
  out.set(json, CARD_TAG.length);
  return out;
}

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

function base58Decode(s: string): Uint8Array | null {
  let n = 0n;
  for (const c of s) {
    const d = ALPHABET.indexOf(c);
    if (d < 0) return null;
    n = n * 58n + BigInt(d);
  }
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for (const c of s) {
    if (c !== "1") break;
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

function base58Encode(b: Uint8Array): string {
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  let out = "";
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)]! + out;
    n /= 58n;
  }
  for (const x of b) {
    if (x !== 0) break;
    out = `1${out}`;
  }
  return out;
}

// identity multihash (0x00, length 36) of the libp2p PublicKey protobuf {Type = Ed25519 (1), Data = 32 bytes}.
const PEER_ID_PREFIX = Uint8Array.from([0x00, 0x24, 0x08, 0x01, 0x12, 0x20]);

/** The raw Ed25519 public key an Ed25519 identity peer id names, or null for any other peer id. */
export function peerIdPublicKey(peerId: string): Uint8Array | null {
  if (peerId.length > 128) return null;
  const b = base58Decode(peerId);
  if (b === null || b.length !== PEER_ID_PREFIX.length + 32) return null;
  for (let i = 0; i < PEER_ID_PREFIX.length; i++) if (b[i] !== PEER_ID_PREFIX[i]) return null;
  return b.subarray(PEER_ID_PREFIX.length);
}

/** The peer id ("12D3KooW...") of an Ed25519 peer key given as its 32 raw public key bytes. */
export function peerIdOfEd25519(publicKey: Uint8Array): string {
  const b = new Uint8Array(PEER_ID_PREFIX.length + 32);
  b.set(PEER_ID_PREFIX);
  b.set(publicKey, PEER_ID_PREFIX.length);
  return base58Encode(b);
}

/**
 * What is wrong with a parsed card's proofs of possession, or null when both verify. A card whose fields
 * were changed after signing fails both proofs. Addresses are not parsed here (the node checks them as
 * multiaddrs; the rules need not know the format).
 */
export function memberCardProblem(card: MemberCard): string | null {
  const bytes = cardSigningBytes(card);
  if (!verifyEd25519(Buffer.from(card.votePublicKey, "hex"), bytes, Buffer.from(card.proofs.vote, "hex")))
    return "the vote key's proof of possession does not verify (the card was changed after it was signed, or the proof is not by this vote key)";
  const peerKey = peerIdPublicKey(card.peerId);
  if (peerKey === null) return `peer id ${card.peerId} is not usable: not an Ed25519 identity peer id`;
  if (!verifyEd25519(peerKey, bytes, Buffer.from(card.proofs.peer, "hex")))
    return `the peer key's proof of possession does not verify (the card was changed after it was signed, or the proof is not by peer ${card.peerId})`;
  return null;
}
