// The constitutional-record rules: deterministic and pure. Every replica (and every auditor re-executing
// a ledger) reaches the same result for the same request against the same prior state; nothing is ever
// modified in place: amendments are new records that point at what they amend.
import { z } from "zod";
import type { ClusterConfig } from "./cluster-config.js";
import {
  type ConfigApproval,
  type ConfigChange,
  configApprovalSchema,
  configChangeSchema,
  ULID,
} from "./config-change.js";
import { ConfigState } from "./config-state.js";
import {
  checkEndorsement,
  type Endorsement,
  endorse,
  endorsementSchema,
  type Governed,
  governedAt,
} from "./endorsement.js";
import { RECORD_TYPES, resolvePolicy } from "./policy.js";

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
  // reconfiguration (config-change and config-approval proposals, config-state.ts)
  "wrong-epoch",
  "invalid-change",
  "unknown-member",
  "member-exists",
  "invalid-card",
  "bad-rotation-signature",
  "unknown-proposer",
  "proposer-exists",
  "unknown-change",
  "approver-not-member",
  "already-approved",
  "change-not-pending",
  "bad-approval-signature",
  // endorsement policies (issue 18, endorsement.ts)
  "not-pending", // the endorsed record is in force, has no policy, or is not a record
  "already-endorsed", // its organisation already endorsed it
  "endorser-not-eligible", // the endorser's organisation is not one the policy names (or it has none)
  "expired", // the record's deadline passed while it was pending
  "record-not-in-force", // an amendment of a record still pending (or expired) under its policy
] as const;
export type Reason = (typeof REASONS)[number];

export const PROPOSAL_BYTES_MAX = 64 * 1024;
const jsonObject = z.record(z.string().max(128), z.unknown());

export const recordSchema = z
  .object({
    id: ULID,
    type: z.enum(RECORD_TYPES),
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
export type Proposal = RecordProposal | AmendmentProposal | ConfigChange | ConfigApproval | Endorsement;
export type ProposalKind = "record" | "amendment" | "config-change" | "config-approval" | "endorsement";

export interface RuleInput {
  readonly clusterId: string;
  readonly requestClusterId: string;
  readonly clientKeyHex: string;
  readonly requestNumber: number;
  readonly proposal: Uint8Array; // UTF-8 JSON
  /** The height of the entry the request is executed in (config approvals and boundaries depend on it). */
  readonly height: number;
  /** The entry's consensus time (issue 18: endorsement deadlines); absent: 0. */
  readonly timeMs?: number;
}

/** What the rules read of the ledger's state; the ledger implements it (in memory or over LevelDB). */
export interface RulesState {
  /** An authorised proposer key of the epoch in force. */
  isAuthorised(clientKeyHex: string): boolean;
  /** A vote key of a member of the epoch in force (may send config changes and approvals only). */
  isMemberKey(clientKeyHex: string): boolean;
  lastRequestNumber(clientKeyHex: string): number; // 0 when none
  /** The kind of the accepted proposal with this id, null when the id is unused. */
  kindOf(id: string): ProposalKind | null;
  isWithdrawn(recordId: string): boolean;
  /** The record or amendment under an endorsement policy with this id (issue 18). */
  governed(id: string): Governed | undefined;
  /** The configuration rules' state (reads only in `decide`; checks prepare what `apply` records). */
  readonly config: ConfigState;
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
  const proposer = state.isAuthorised(input.clientKeyHex);
  // A member's vote key may send config proposals only; anything else from it is refused as from any
  // other unknown key (so a member key's request reaches the same reason as before reconfiguration).
  const unauthorised: Decision = { accepted: false, reason: "unauthorised-proposer", proposalId: "" };
  const refused = (reason: Reason): Decision =>
    proposer ? { accepted: false, reason, proposalId: "" } : unauthorised;
  if (!proposer && !state.isMemberKey(input.clientKeyHex)) return unauthorised;
  if (input.proposal.length > PROPOSAL_BYTES_MAX) return refused("too-large");
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(input.proposal));
  } catch {
    return refused("malformed-json");
  }
  const proposalId = idOf(json);
  const kind = typeof json === "object" && json !== null && "kind" in json ? json.kind : undefined;
  if (kind === "config-change" || kind === "config-approval") return decideConfig(input, state, json);
  if (!proposer) return unauthorised;
  if (kind === "endorsement") return decideEndorsement(input, state, json);
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
    const g = state.governed(p.amends);
    if (g !== undefined && !g.inForce) return { accepted: false, reason: "record-not-in-force", proposalId };
  }
  return { accepted: true, proposal: p, proposalId };
}

/** An endorsement by a proposer key (issue 18): of a pending record or amendment, by an eligible organisation. */
function decideEndorsement(input: RuleInput, state: RulesState, json: unknown): Decision {
  const proposalId = idOf(json);
  const parsed = endorsementSchema.safeParse(json);
  if (!parsed.success) return { accepted: false, reason: "schema-invalid", proposalId };
  const p = parsed.data;
  if (state.kindOf(p.id) !== null) return { accepted: false, reason: "duplicate-id", proposalId };
  if (state.kindOf(p.endorses) === null) return { accepted: false, reason: "unknown-record", proposalId };
  const org = state.config.orgOf(input.clientKeyHex);
  const refusal = checkEndorsement(state.governed(p.endorses), org, input.timeMs ?? 0);
  if (refusal !== null) return { accepted: false, reason: refusal, proposalId };
  return { accepted: true, proposal: p, proposalId };
}

/** A config-change or config-approval proposal (after the checks every request goes through). */
function decideConfig(input: RuleInput, state: RulesState, json: unknown): Decision {
  const proposalId = idOf(json);
  const parsed =
    (json as { kind: string }).kind === "config-change"
      ? configChangeSchema.safeParse(json)
      : configApprovalSchema.safeParse(json);
  if (!parsed.success) return { accepted: false, reason: "schema-invalid", proposalId };
  const p = parsed.data;
  if (state.kindOf(p.id) !== null) return { accepted: false, reason: "duplicate-id", proposalId };
  const reason =
    p.kind === "config-change"
      ? state.config.checkChange(p, input.height)
      : state.config.checkApproval(p, input.clusterId, input.height);
  if (reason !== null) return { accepted: false, reason, proposalId };
  return { accepted: true, proposal: p, proposalId };
}

function kindOfProposal(p: Proposal): ProposalKind {
  if ("kind" in p) return p.kind;
  return "amends" in p ? "amendment" : "record";
}

/** What a fork of MemoryRulesState reads through to: another MemoryRulesState, or the stored state. */
export interface RulesParent {
  readonly config: ConfigState;
  lastRequestNumber(clientKeyHex: string): number;
  kindOf(id: string): ProposalKind | null;
  isWithdrawn(recordId: string): boolean;
  governed(id: string): Governed | undefined;
}

/** What one fork changed (rules-store.ts writes it): its own maps, not its parent's. */
export interface RulesChanges {
  readonly lastNumber: ReadonlyMap<string, number>;
  readonly kinds: ReadonlyMap<string, ProposalKind>;
  readonly withdrawn: ReadonlySet<string>;
  readonly governed: ReadonlyMap<string, Governed>;
}

/**
 * An in-memory RulesState that applies decisions: what the ledger keeps, and what verify re-executes with.
 * A fork executes on top of its parent without changing it, until `merge()` (an append is planned on a
 * fork and merged only once its write succeeded).
 */
export class MemoryRulesState implements RulesState {
  private readonly lastNumber = new Map<string, number>();
  private readonly kinds = new Map<string, ProposalKind>();
  private readonly withdrawn = new Set<string>();
  private readonly governedById = new Map<string, Governed>();
  readonly config: ConfigState;

  /** The rules' state at the genesis (or a fork of `parent`). */
  constructor(
    genesis: ClusterConfig | null,
    private readonly parent?: RulesParent,
  ) {
    this.config = parent ? parent.config.fork() : new ConfigState(genesis);
  }

  isAuthorised(clientKeyHex: string): boolean {
    return this.config.isProposer(clientKeyHex);
  }
  isMemberKey(clientKeyHex: string): boolean {
    return this.config.isMemberKey(clientKeyHex);
  }
  lastRequestNumber(clientKeyHex: string): number {
    return this.lastNumber.get(clientKeyHex) ?? this.parent?.lastRequestNumber(clientKeyHex) ?? 0;
  }
  kindOf(id: string): ProposalKind | null {
    return this.kinds.get(id) ?? this.parent?.kindOf(id) ?? null;
  }
  isWithdrawn(recordId: string): boolean {
    return this.withdrawn.has(recordId) || (this.parent?.isWithdrawn(recordId) ?? false);
  }
  governed(id: string): Governed | undefined {
    return this.governedById.get(id) ?? this.parent?.governed(id);
  }
  /** Every record and amendment under a policy (of a merged state: a fork lists its own only). */
  allGoverned(): IterableIterator<Governed> {
    return this.governedById.values();
  }
  /** This state's own changes (a fork's: what its parent does not hold yet). */
  changes(): RulesChanges {
    return {
      lastNumber: this.lastNumber,
      kinds: this.kinds,
      withdrawn: this.withdrawn,
      governed: this.governedById,
    };
  }

  /** Decides and applies one request (a duplicate changes nothing; any other request is executed). */
  execute(input: RuleInput): Decision {
    const d = decide(input, this);
    if (d.accepted || d.reason !== "duplicate-request")
      this.lastNumber.set(input.clientKeyHex, input.requestNumber);
    if (d.accepted) {
      const p = d.proposal;
      this.kinds.set(p.id, kindOfProposal(p));
      if ("kind" in p && p.kind === "endorsement") this.applyEndorsement(p, input);
      else if ("kind" in p) this.config.apply(p);
      else this.applyRecord(p, input);
    }
    return d;
  }

  /** A record or amendment: under its type's policy it is governed; a withdrawal applies once in force. */
  private applyRecord(p: RecordProposal | AmendmentProposal, input: RuleInput): void {
    const target = "amends" in p ? this.governed(p.amends) : undefined;
    const type = "amends" in p ? target?.type : p.type;
    const policy = type === undefined ? null : resolvePolicy(this.config.epoch().config, type);
    const withdraws = "amends" in p && p.amendmentType === "withdrawal" ? p.amends : null;
    if (type === undefined || policy === null) {
      if (withdraws !== null) this.withdrawn.add(withdraws);
      return;
    }
    const by = {
      org: this.config.orgOf(input.clientKeyHex),
      key: input.clientKeyHex,
      height: input.height,
      timeMs: input.timeMs ?? 0,
    };
    const g = governedAt(p.id, type, policy, by, withdraws);
    this.governedById.set(p.id, g);
    if (g.inForce && withdraws !== null) this.withdrawn.add(withdraws);
  }

  private applyEndorsement(p: Endorsement, input: RuleInput): void {
    const g = this.governed(p.endorses)!;
    const org = this.config.orgOf(input.clientKeyHex)!;
    const next = endorse(g, {
      org,
      key: input.clientKeyHex,
      height: input.height,
      timeMs: input.timeMs ?? 0,
    });
    this.governedById.set(p.endorses, next);
    if (next.inForce && next.withdraws !== null) this.withdrawn.add(next.withdraws);
  }

  /** After the entry at `height` executed: the next epoch when `height` is the pending boundary. */
  endEntry(height: number) {
    return this.config.endEntry(height);
  }

  /** A state that reads through to this one and keeps its own changes apart. */
  fork(): MemoryRulesState {
    return new MemoryRulesState(null, this);
  }

  /** Applies this fork's changes to its parent (which must not have changed since the fork). */
  merge(): void {
    const parent = this.parent;
    if (!(parent instanceof MemoryRulesState))
      throw new Error("merge() of a state that is not a fork of a MemoryRulesState");
    for (const [k, n] of this.lastNumber) parent.lastNumber.set(k, n);
    for (const [id, kind] of this.kinds) parent.kinds.set(id, kind);
    for (const id of this.withdrawn) parent.withdrawn.add(id);
    for (const [id, g] of this.governedById) parent.governedById.set(id, g);
    this.config.merge();
  }
}
