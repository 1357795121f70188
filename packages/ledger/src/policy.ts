// Endorsement policies (issue 18): per record type, k of a set of organisations (or all of them), with an
// optional deadline. A configuration whose policy no set of its proposers could satisfy is refused when it
// is made (genesis or configuration change), so a pending record can always, in principle, come into force.
import { z } from "zod";

export const RECORD_TYPES = ["observation", "decision", "outcome", "constraint", "test"] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

const org = z.string().min(1).max(64);

export const policySchema = z
  .object({
    /** Distinct organisations needed, or "all" of the set. */
    k: z.union([z.number().int().min(1).max(64), z.literal("all")]),
    /** The eligible organisations; absent: every organisation the configuration's proposers name. */
    orgs: z.array(org).min(1).max(64).optional(),
    /** A pending record expires this long after it was decided (consensus time). */
    deadlineMs: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;

/** Policies by record type (every type optional; an unknown type is refused). */
export const policiesSchema = z
  .object(
    Object.fromEntries(RECORD_TYPES.map((t) => [t, policySchema.optional()])) as Record<
      RecordType,
      z.ZodOptional<typeof policySchema>
    >,
  )
  .strict();

/** What a policy means in a configuration: the eligible organisations (sorted) and how many are needed. */
export interface ResolvedPolicy {
  readonly orgs: readonly string[];
  readonly k: number;
  readonly deadlineMs: number | null;
}

interface PolicyConfig {
  readonly proposers: readonly { readonly org?: string | undefined }[];
  readonly policies?: Partial<Record<RecordType, Policy>> | undefined;
}

/** Every organisation the configuration's proposers name, sorted. */
export function proposerOrgs(c: PolicyConfig): string[] {
  return [...new Set(c.proposers.flatMap((p) => (p.org ? [p.org] : [])))].sort();
}

/** The policy of a record type in a configuration, resolved; null: the type needs no endorsement. */
export function resolvePolicy(c: PolicyConfig, type: RecordType): ResolvedPolicy | null {
  const p = c.policies?.[type];
  if (p === undefined) return null;
  const orgs = p.orgs ? [...new Set(p.orgs)].sort() : proposerOrgs(c);
  return { orgs, k: p.k === "all" ? orgs.length : p.k, deadlineMs: p.deadlineMs ?? null };
}

/** Why each policy could never be satisfied by this configuration's proposers (empty: every one can). */
export function policyProblems(c: PolicyConfig): { type: RecordType; message: string }[] {
  const out: { type: RecordType; message: string }[] = [];
  const named = new Set(proposerOrgs(c));
  for (const type of RECORD_TYPES) {
    const p = c.policies?.[type];
    if (p === undefined) continue;
    const r = resolvePolicy(c, type)!;
    const missing = r.orgs.filter((o) => !named.has(o));
    if (missing.length > 0)
      out.push({ type, message: `impossible policy: no proposer belongs to ${missing.join(", ")}` });
    else if (r.orgs.length === 0)
      out.push({ type, message: "impossible policy: no proposer names an organisation" });
    else if (r.k > r.orgs.length)
      out.push({ type, message: `impossible policy: ${r.k} of ${r.orgs.length} organisations` });
  }
  return out;
}
