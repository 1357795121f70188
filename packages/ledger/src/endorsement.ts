// Endorsement (issue 18): a record whose type has a policy in the configuration in force is `pending` until
// proposers of k distinct eligible organisations endorse it, then `in-force`; a pending record whose
// deadline (consensus time) passed is `expired`. The proposer's own organisation counts as its first
// endorsement when it is eligible. An amendment of such a record follows the same policy and takes effect
// (a withdrawal withdraws) only once in force. Deterministic: decided from the ledger's state and the entry's
// consensus time alone, so `ledger verify` re-executes it.
import { z } from "zod";
import { ULID } from "./config-change.js";
import type { RecordType, ResolvedPolicy } from "./policy.js";

/** An endorsement: a signed proposal (the request's signature is the endorser's) naming the record. */
export const endorsementSchema = z
  .object({ kind: z.literal("endorsement"), id: ULID, endorses: ULID })
  .strict();
export type Endorsement = z.infer<typeof endorsementSchema>;

export type EndorsementStatus = "pending" | "in-force" | "expired";

export interface EndorsedBy {
  readonly org: string;
  /** The endorsing proposer's key (hex), the height and the consensus time of its entry. */
  readonly key: string;
  readonly height: number;
  readonly timeMs: number;
}

/** A record or amendment under a policy. Immutable: an endorsement replaces it (forks share the old one). */
export interface Governed {
  readonly id: string;
  readonly type: RecordType;
  readonly orgs: readonly string[];
  readonly k: number;
  /** Consensus time after which a pending one is expired; null: no deadline. */
  readonly deadlineMs: number | null;
  readonly endorsed: readonly EndorsedBy[];
  readonly inForce: boolean;
  /** A withdrawal amendment: the record it withdraws once in force. */
  readonly withdraws: string | null;
}

/** Its status at consensus time `nowMs`. */
export function statusAt(g: Governed, nowMs: number): EndorsementStatus {
  if (g.inForce) return "in-force";
  return g.deadlineMs !== null && nowMs > g.deadlineMs ? "expired" : "pending";
}

/** A record (or amendment) just accepted under `policy`, proposed by `by` (its org, when it has one). */
export function governedAt(
  id: string,
  type: RecordType,
  policy: ResolvedPolicy,
  by: Omit<EndorsedBy, "org"> & { readonly org: string | undefined },
  withdraws: string | null,
): Governed {
  const endorsed = by.org !== undefined && policy.orgs.includes(by.org) ? [{ ...by, org: by.org }] : [];
  return {
    id,
    type,
    orgs: policy.orgs,
    k: policy.k,
    deadlineMs: policy.deadlineMs === null ? null : by.timeMs + policy.deadlineMs,
    endorsed,
    inForce: endorsed.length >= policy.k,
    withdraws,
  };
}

export type EndorseRefusal = "not-pending" | "expired" | "endorser-not-eligible" | "already-endorsed";

/** Why an endorsement by `org` at `nowMs` is refused, or null (the order is part of the rules). */
export function checkEndorsement(
  g: Governed | undefined,
  org: string | undefined,
  nowMs: number,
): EndorseRefusal | null {
  if (g === undefined || g.inForce) return "not-pending";
  if (statusAt(g, nowMs) === "expired") return "expired";
  if (org === undefined || !g.orgs.includes(org)) return "endorser-not-eligible";
  if (g.endorsed.some((e) => e.org === org)) return "already-endorsed";
  return null;
}

/** `g` endorsed once more (checked with checkEndorsement first). */
export function endorse(g: Governed, by: EndorsedBy): Governed {
  const endorsed = [...g.endorsed, by];
  return { ...g, endorsed, inForce: endorsed.length >= g.k };
}
