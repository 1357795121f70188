// The member card: what one organisation publishes after `pbft member init` (name, vote public key, peer id,
// addresses) with two proofs of possession over the card's canonical bytes, one by the vote key through the
// organisation's HSM and one by its libp2p peer key. Nothing secret is in it.
//
// Canonical bytes: the UTF-8 tag "pbft-member-card/v1" and a NUL, then the canonical JSON (keys sorted, no
// whitespace; @pbft/ledger canonicalJson) of the card without `proofs`. Votes are signed over tags that start
// "pbft/v1/", so a card signature can never be taken for a vote, nor a vote for a card.
import { readFileSync } from "node:fs";
import { peerIdFromString } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";
import { ed25519Verify } from "@pbft/hsm";
import { canonicalJson } from "@pbft/ledger";
import { z } from "zod";

export const MEMBER_CARD_FILE = "member-card.json";
export const CARD_KIND = "pbft-member-card" as const;
const CARD_TAG = new TextEncoder().encode("pbft-member-card/v1\u0000");

const hex = (bytes: number) =>
  z.string().regex(new RegExp(`^[0-9a-f]{${2 * bytes}}$`), `${bytes} bytes as lowercase hex`);

const cardBodyShape = {
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
};

export const memberCardSchema = z
  .object({
    ...cardBodyShape,
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

export class CardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CardError";
  }
}

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

export function parseMemberCard(value: unknown, source: string): MemberCard {
  const r = memberCardSchema.safeParse(value);
  if (!r.success)
    throw new CardError(
      `${source} is not a member card:\n  ${r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("\n  ")}`,
    );
  return r.data;
}

export function readMemberCard(path: string): MemberCard {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new CardError(`cannot read the member card ${path}: ${(e as Error).message}`);
  }
  return parseMemberCard(json, path);
}

/**
 * Checks a card's addresses and both proofs of possession; throws a CardError naming `source` and what is
 * wrong. A card whose fields were changed after signing fails both proofs.
 */
export async function verifyMemberCard(card: MemberCard, source: string): Promise<void> {
  for (const a of [...card.addresses, ...card.clientAddresses]) {
    try {
      multiaddr(a);
    } catch {
      throw new CardError(`${source}: "${a}" is not a multiaddr`);
    }
  }
  const bytes = cardSigningBytes(card);
  if (!ed25519Verify(Buffer.from(card.votePublicKey, "hex"), bytes, Buffer.from(card.proofs.vote, "hex")))
    throw new CardError(
      `${source}: the vote key's proof of possession does not verify (the card was changed after it was signed, or the proof is not by this vote key)`,
    );
  let peerOk = false;
  try {
    const key = peerIdFromString(card.peerId).publicKey;
    if (key === undefined || key.type !== "Ed25519") throw new Error("not an Ed25519 peer id");
    peerOk = await key.verify(bytes, Buffer.from(card.proofs.peer, "hex"));
  } catch (e) {
    throw new CardError(`${source}: peer id ${card.peerId} is not usable: ${(e as Error).message}`);
  }
  if (!peerOk)
    throw new CardError(
      `${source}: the peer key's proof of possession does not verify (the card was changed after it was signed, or the proof is not by peer ${card.peerId})`,
    );
}
