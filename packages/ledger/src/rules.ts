// The constitutional-record rules: deterministic and pure. Every replica (and every auditor re-executing
// a ledger) reaches the same result for the same request against the same prior state; nothing is ever
// modified in place: amendments are new records that point at what they amend.
import { z } from "zod";

/** Stable reason codes: they are recorded in the ledger and used as metric labels. Never rename one. */
export const REASONS = [
  "duplicate-request",
  "wrong-cluster",
  "unauthorised-proposer",
  "too-large",
  "malformed-json",
  "schema-invalid",
  "duplicate-id",
  "unknown-record",
  "record-withdrawn",
  "not-a-record",
  "malformed-request",
] as const;
export type Reason = (typeof REASONS)[number];

export const PROPOSAL_BYTES_MAX = 64 * 1024;
const ULID = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "a ULID (26 Crockford base32 characters)");
const jsonObject = z.record(z.string().max(128), z.unknown());

export const recordSchema = z
  .object({
    id: ULID,
    type: z.enum(["observation", "decision", "outcome", "constraint", "test"]),
    title: z.string().min(1).max(512),
    content: jsonObject,
    source: z.string().min(1).max(512),
  })
  .strict();

export const amendmentSchema = z
  .object({
    id: ULID,
    amends: ULID,
    amendmentType: z.enum(["clarification", "correction", "supersession", "withdrawal"]),
    reason: z.string().min(1).max(2048),
    content: jsonObject,
  })
  .strict();

export type RecordProposal = z.infer<typeof recordSchema>;
export type AmendmentProposal = z.infer<typeof amendmentSchema>;
export type Proposal = RecordProposal | AmendmentProposal;

export interface RuleInput {
  readonly clusterId: string;
  readonly requestClusterId: string;
  readonly clientKeyHex: string;
  readonly requestNumber: number;
  readonly proposal: Uint8Array; // UTF-8 JSON
}

/** What the rules read of the ledger's state; the ledger implements it (in memory or over LevelDB). */
export interface RulesState {
  isAuthorised(clientKeyHex: string): boolean;
  lastRequestNumber(clientKeyHex: string): number; // 0 when none
  /** "record" for an accepted record, "amendment" for an accepted amendment, null when the id is unused. */
  kindOf(id: string): "record" | "amendment" | null;
  isWithdrawn(recordId: string): boolean;
}

export type Decision =
  | { readonly accepted: true; readonly proposal: Proposal; readonly proposalId: string }
  | { readonly accepted: false; readonly reason: Reason; readonly proposalId: string };

const decoder = new TextDecoder("utf-8", { fatal: true });

function idOf(value: unknown): string {
  if (
    typeof value === "object" &&
    value !== null &&
    "id" in value &&
    typeof value.id === "string" &&
    value.id.length <= 26
  )
    return value.id;
  return "";
}

/** Decides one request. The order of the checks is part of the rules: a replay must reach the same reason. */
export function decide(input: RuleInput, state: RulesState): Decision {
  if (input.requestNumber <= state.lastRequestNumber(input.clientKeyHex))
    return { accepted: false, reason: "duplicate-request", proposalId: "" };
  if (input.requestClusterId !== input.clusterId)
    return { accepted: false, reason: "wrong-cluster", proposalId: "" };
  if (!state.isAuthorised(input.clientKeyHex))
    return { accepted: false, reason: "unauthorised-proposer", proposalId: "" };
  if (input.proposal.length > PROPOSAL_BYTES_MAX)
    return { accepted: false, reason: "too-large", proposalId: "" };
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(input.proposal));
  } catch {
    return { accepted: false, reason: "malformed-json", proposalId: "" };
  }
  const proposalId = idOf(json);
  const isAmendment = typeof json === "object" && json !== null && "amends" in json;
  const parsed = isAmendment ? amendmentSchema.safeParse(json) : recordSchema.safeParse(json);
  if (!parsed.success) return { accepted: false, reason: "schema-invalid", proposalId };
  const p = parsed.data;
  if (state.kindOf(p.id) !== null) return { accepted: false, reason: "duplicate-id", proposalId };
  if ("amends" in p) {
    const target = state.kindOf(p.amends);
    if (target === null) return { accepted: false, reason: "unknown-record", proposalId };
    if (target !== "record") return { accepted: false, reason: "not-a-record", proposalId };
    if (state.isWithdrawn(p.amends)) return { accepted: false, reason: "record-withdrawn", proposalId };
  }
  return { accepted: true, proposal: p, proposalId };
}

/**
 * An in-memory RulesState that applies decisions: what the ledger keeps, and what verify re-executes with.
 * A fork executes on top of its parent without changing it, until `merge()` (an append is planned on a
 * fork and merged only once its write succeeded).
 */
export class MemoryRulesState implements RulesState {
  private readonly lastNumber = new Map<string, number>();
  private readonly kinds = new Map<string, "record" | "amendment">();
  private readonly withdrawn = new Set<string>();

  constructor(
    private readonly proposers: ReadonlySet<string>,
    private readonly parent?: MemoryRulesState,
  ) {}

  isAuthorised(clientKeyHex: string): boolean {
    return this.proposers.has(clientKeyHex);
  }
  lastRequestNumber(clientKeyHex: string): number {
    return this.lastNumber.get(clientKeyHex) ?? this.parent?.lastRequestNumber(clientKeyHex) ?? 0;
  }
  kindOf(id: string): "record" | "amendment" | null {
    return this.kinds.get(id) ?? this.parent?.kindOf(id) ?? null;
  }
  isWithdrawn(recordId: string): boolean {
    return this.withdrawn.has(recordId) || (this.parent?.isWithdrawn(recordId) ?? false);
  }

  /** Decides and applies one request (a duplicate changes nothing; any other request is executed). */
  execute(input: RuleInput): Decision {
    const d = decide(input, this);
    if (d.accepted || d.reason !== "duplicate-request")
      this.lastNumber.set(input.clientKeyHex, input.requestNumber);
    if (d.accepted) {
      const p = d.proposal;
      this.kinds.set(p.id, "amends" in p ? "amendment" : "record");
      if ("amends" in p && p.amendmentType === "withdrawal") this.withdrawn.add(p.amends);
    }
    return d;
  }

  /** A state that reads through to this one and keeps its own changes apart. */
  fork(): MemoryRulesState {
    return new MemoryRulesState(this.proposers, this);
  }

  /** Applies this fork's changes to its parent (which must not have changed since the fork). */
  merge(): void {
    const parent = this.parent;
    if (parent === undefined) throw new Error("merge() of a state that is not a fork");
    for (const [k, n] of this.lastNumber) parent.lastNumber.set(k, n);
    for (const [id, kind] of this.kinds) parent.kinds.set(id, kind);
    for (const id of this.withdrawn) parent.withdrawn.add(id);
  }
}
