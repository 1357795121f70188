// The two configuration proposals (R16): a config-change names operations on the epoch configuration in
// force; a config-approval is one member's signed vote for a change, by hash. Both are ordinary proposals
// (the `proposal` JSON of a RequestBody), told apart from records by `kind`. Signatures carry their own
// domain tags ("config-approval", "member-rotation"), so no approval or rotation signature can be replayed
// as a vote, a request or each other, nor in another cluster.
import { sha256, signedBytes } from "@pbft/consensus";
import { z } from "zod";
import { canonicalJson } from "./cluster-config.js";
import { cardSigningBytes, type MemberCard, memberCardSchema } from "./member-card.js";

export const ULID = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "a ULID (26 Crockford base32 characters)");
const hex32 = z.string().regex(/^[0-9a-f]{64}$/, "32 bytes as 64 lowercase hex characters");
const hex64 = z.string().regex(/^[0-9a-f]{128}$/, "64 bytes as 128 lowercase hex characters");
const name = z.string().min(1).max(64);

export const configOperationSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("add-member"), card: memberCardSchema }).strict(),
  z.object({ op: z.literal("remove-member"), name }).strict(),
  z
    .object({ op: z.literal("rotate-member"), name, card: memberCardSchema, rotationSignature: hex64 })
    .strict(),
  z.object({ op: z.literal("add-proposer"), name, publicKey: hex32, org: name.optional() }).strict(),
  z.object({ op: z.literal("remove-proposer"), publicKey: hex32 }).strict(),
  z
    .object({
      op: z.literal("set-parameters"),
      parameters: z.record(z.string().max(64), z.number()),
    })
    .strict(),
]);

export const configChangeSchema = z
  .object({
    kind: z.literal("config-change"),
    id: ULID,
    epoch: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    reason: z.string().min(1).max(2048),
    operations: z.array(configOperationSchema).min(1).max(64),
  })
  .strict();

export const configApprovalSchema = z
  .object({
    kind: z.literal("config-approval"),
    id: ULID,
    change: ULID,
    changeHash: hex32,
    member: name,
    signature: hex64,
  })
  .strict();

export type ConfigOperation = z.infer<typeof configOperationSchema>;
export type ConfigChange = z.infer<typeof configChangeSchema>;
export type ConfigApproval = z.infer<typeof configApprovalSchema>;
export const CONFIG_KINDS = ["config-change", "config-approval"] as const;

/** The change's hash: SHA-256 of the canonical JSON of the parsed proposal, hex (what approvals sign). */
export function configChangeHash(change: ConfigChange): string {
  return Buffer.from(sha256(new TextEncoder().encode(canonicalJson(change)))).toString("hex");
}

/** The bytes a member's current vote key signs to approve the change with this hash. */
export function approvalSigningBytes(clusterId: string, changeHash: string): Uint8Array {
  return signedBytes("config-approval", clusterId, Buffer.from(changeHash, "hex"));
}

/** The bytes a member's CURRENT vote key signs to vouch for its new card (rotate-member). */
export function rotationSigningBytes(clusterId: string, card: MemberCard): Uint8Array {
  return signedBytes("member-rotation", clusterId, sha256(cardSigningBytes(card)));
}
