// TEMPORARY: the proposal shapes of R16.md ("Proposals"), until helper L's ledger exports its builders and
// schemas; then this file is deleted and everything imports them from @pbft/ledger. Only what the CLI needs.
import { createHash } from "node:crypto";
import { canonicalJson } from "@pbft/ledger";
import type { MemberCard } from "../ceremony/card.js";

export type ConfigOperation =
  | { readonly op: "add-member"; readonly card: MemberCard }
  | { readonly op: "remove-member"; readonly name: string }
  | {
      readonly op: "rotate-member";
      readonly name: string;
      readonly card: MemberCard;
      readonly rotationSignature: string;
    }
  | { readonly op: "add-proposer"; readonly name: string; readonly publicKey: string; readonly org?: string }
  | { readonly op: "remove-proposer"; readonly publicKey: string }
  | { readonly op: "set-parameters"; readonly parameters: Readonly<Record<string, number>> };

export interface ConfigChangeProposal {
  readonly kind: "config-change";
  readonly id: string;
  readonly epoch: number;
  readonly reason: string;
  readonly operations: readonly ConfigOperation[];
}

export interface ConfigApprovalProposal {
  readonly kind: "config-approval";
  readonly id: string;
  readonly change: string;
  readonly changeHash: string;
  readonly member: string;
  readonly signature: string;
}

const sha256 = (b: Uint8Array | string) => createHash("sha256").update(b).digest();

/** sha256(canonical JSON of the change) as hex: what approvals sign. */
export function configChangeHash(change: ConfigChangeProposal): string {
  return sha256(canonicalJson(change)).toString("hex");
}

function tagged(kind: string, clusterId: string, bytes: Uint8Array): Uint8Array {
  return Buffer.concat([Buffer.from(`pbft/v1/${kind}\u0000${clusterId}\u0000`), bytes]);
}

/** What a member's vote key signs to approve a change. */
export function approvalSigningBytes(clusterId: string, changeHash: string): Uint8Array {
  return tagged("config-approval", clusterId, Buffer.from(changeHash, "hex"));
}

/** What the member's current vote key signs over its new card. */
export function rotationSigningBytes(clusterId: string, cardBytes: Uint8Array): Uint8Array {
  return tagged("member-rotation", clusterId, sha256(cardBytes));
}
