// The current version of a record as readers see it (the reader edition and the node's records API share
// it): the original with the amendments that are in force applied. Under an endorsement policy an amendment
// follows its record type's policy (issue 18: the rules accept it pending, and a withdrawal withdraws only
// once in force), so a pending or expired amendment is shown apart, never merged into the current version.
import { type Governed, statusAt } from "./endorsement.js";
import type { AmendmentProposal } from "./rules.js";

/**
 * A governed record or amendment as it stood once the entry at `height` was executed: endorsements of
 * later entries are not counted (a reader built at a height reads the rules' state of a later head).
 */
export function governedAsOf(g: Governed, height: number): Governed {
  const endorsed = g.endorsed.filter((e) => e.height <= height);
  if (endorsed.length === g.endorsed.length) return g;
  return { ...g, endorsed, inForce: endorsed.length >= g.k };
}

/** The height whose entry brought it into force (its k-th endorsement's), or null while it is not. */
export function inForceHeight(g: Governed): number | null {
  return g.inForce ? (g.endorsed[Math.max(0, g.k - 1)]?.height ?? null) : null;
}

export interface AmendmentStep<T> {
  readonly amendment: AmendmentProposal;
  /** The height it was accepted at. */
  readonly height: number;
  /** Under its record type's policy (as of the reader's height); undefined: in force once accepted. */
  readonly governed?: Governed | undefined;
  /** What the caller keeps with it (its trace item, its position). */
  readonly extra: T;
}

export interface RecordVersion<T> {
  readonly content: Record<string, unknown>;
  /** A withdrawal is in force. */
  readonly withdrawn: boolean;
  /** The amendments in force, in the order they came into force (ties: ledger order), with that height. */
  readonly applied: readonly { readonly step: AmendmentStep<T>; readonly inForceAt: number }[];
  /** The amendments not in force: pending, or expired (past their deadline at `nowMs`). */
  readonly waiting: readonly { readonly step: AmendmentStep<T>; readonly status: "pending" | "expired" }[];
}

/**
 * The record's current version from its original content and its accepted amendments (in ledger order),
 * at consensus time `nowMs`. Amendments apply in the order they came into force: a version is what was in
 * force after each step, so one endorsed later applies on top of one in force earlier.
 */
export function currentVersion<T>(
  original: Record<string, unknown>,
  steps: readonly AmendmentStep<T>[],
  nowMs: number,
): RecordVersion<T> {
  const inForce: { step: AmendmentStep<T>; inForceAt: number }[] = [];
  const waiting: { step: AmendmentStep<T>; status: "pending" | "expired" }[] = [];
  for (const step of steps) {
    const g = step.governed;
    const at = g === undefined ? step.height : inForceHeight(g);
    if (at !== null) inForce.push({ step, inForceAt: at });
    else waiting.push({ step, status: statusAt(g!, nowMs) === "expired" ? "expired" : "pending" });
  }
  inForce.sort((a, b) => a.inForceAt - b.inForceAt); // stable: ledger order within one height
  const target = { content: { ...original }, status: "in-force" };
  for (const a of inForce) applyAmendment(target, a.step.amendment);
  return { content: target.content, withdrawn: target.status === "withdrawn", applied: inForce, waiting };
}

/**
 * What an amendment in force does to the record it amends: a clarification or correction merges its
 * content, a supersession replaces it, a withdrawal withdraws the record.
 */
export function applyAmendment(
  target: { content: Record<string, unknown>; status: string },
  a: AmendmentProposal,
): void {
  switch (a.amendmentType) {
    case "clarification":
    case "correction":
      target.content = { ...target.content, ...a.content };
      break;
    case "supersession":
      target.content = { ...a.content };
      break;
    case "withdrawal":
      target.status = "withdrawn";
      break;
  }
}
