// The member card (schema, canonical bytes, proofs of possession) is defined in @pbft/ledger, whose rules
// check the card of every add-member and rotate-member change; this module adds the file handling and the
// multiaddr check the node needs, and keeps the names the ceremony commands import.
import { readFileSync } from "node:fs";
import { multiaddr } from "@multiformats/multiaddr";
import { type MemberCard, memberCardProblem, memberCardSchema } from "@pbft/ledger";

export {
  CARD_KIND,
  cardSigningBytes,
  type MemberCard,
  type MemberCardBody,
  memberCardSchema,
} from "@pbft/ledger";

export const MEMBER_CARD_FILE = "member-card.json";

export class CardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CardError";
  }
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
 * wrong. Async for its callers' sake (the check itself is synchronous, as the ledger's rules need).
 */
export async function verifyMemberCard(card: MemberCard, source: string): Promise<void> {
  for (const a of [...card.addresses, ...card.clientAddresses]) {
    try {
      multiaddr(a);
    } catch {
      throw new CardError(`${source}: "${a}" is not a multiaddr`);
    }
  }
  const problem = memberCardProblem(card);
  if (problem !== null) throw new CardError(`${source}: ${problem}`);
}
