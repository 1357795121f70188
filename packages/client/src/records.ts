// A record as the API serves it, checked against the genesis: every step of its history (the original
// and each amendment) must be a request its proposer signed, committed by 2f+1 members in the entry the
// trace names, with an accepted result; an amendment of a later configuration epoch is checked against
// that epoch's members and proposers, reached from the genesis through the epoch proof; the current version is then recomputed from those signed
// proposals and must equal what the node claims. A node that alters a title, drops an amendment or
// forges a signature is caught; one that hides an amendment altogether is not (that needs the signed
// heads of issue 17).
import { canonicalJson, utf8 } from "./bytes.js";
import { type EpochHistory, type GenesisKeys, historyOf } from "./epochs.js";
import { entryProofParts, type VerifiedDecision, verifyParts } from "./verify.js";

export { canonicalJson } from "./bytes.js";

export interface TraceItem {
  readonly height: number;
  readonly entryHash: string;
  readonly proposalId: string;
  readonly kind: string;
  readonly reason?: string;
}

export interface RecordClaim {
  readonly id: string;
  readonly type: string;
  readonly title: string;
  readonly source: string;
  readonly status: string;
  readonly content: Record<string, unknown>;
  readonly trace: readonly TraceItem[];
  readonly proofs: readonly Parameters<typeof entryProofParts>[0][];
}

export interface RecordVerification {
  readonly verified: boolean;
  readonly problems: readonly string[];
  /** Each trace step as verified (same order as the trace); absent where a step failed. */
  readonly steps: readonly (VerifiedDecision | undefined)[];
}

/**
 * Checks a record's history against the genesis; steps of epoch e > 0 need `epochProof` (GET
 * /v1/config/proof) reaching e. A bad proof is a problem like any other: the record is then not verified.
 */
export function verifyRecord(r: RecordClaim, g: GenesisKeys, epochProof?: unknown): RecordVerification {
  const problems: string[] = [];
  const steps: (VerifiedDecision | undefined)[] = [];
  let history: EpochHistory;
  try {
    history = historyOf(g, epochProof);
  } catch (e) {
    return { verified: false, problems: [(e as Error).message], steps: [] };
  }
  if (r.proofs.length !== r.trace.length || r.trace.length === 0)
    problems.push("the history and its proofs do not match");
  let state:
    | { type: string; title: string; source: string; status: string; content: Record<string, unknown> }
    | undefined;
  r.trace.forEach((t, i) => {
    const proof = r.proofs[i];
    if (!proof) return;
    let d: VerifiedDecision;
    try {
      d = verifyParts(entryProofParts(proof), g, false, history);
    } catch (e) {
      problems.push(`step ${i + 1} (height ${t.height}): ${(e as Error).message}`);
      steps.push(undefined);
      return;
    }
    steps.push(d);
    if (d.height !== t.height || d.entryHash !== t.entryHash)
      problems.push(`step ${i + 1}: the proof is for height ${d.height}, not ${t.height}`);
    if (d.proposalId !== t.proposalId)
      problems.push(`step ${i + 1}: the proof is for proposal ${d.proposalId}`);
    if (!d.accepted) problems.push(`step ${i + 1}: the ledger rejected it (${d.reason})`);
    // The proposers of the epoch the step was decided in (a config change may add or remove one).
    if (!history[d.epoch]?.proposers.includes(d.clientKey))
      problems.push(`step ${i + 1}: signed by a key that is not a proposer of epoch ${d.epoch}`);
    let p: Record<string, unknown>;
    try {
      p = JSON.parse(utf8.decode(d.proposal)) as Record<string, unknown>;
    } catch {
      problems.push(`step ${i + 1}: the signed proposal is not JSON`);
      return;
    }
    const content = (p.content ?? {}) as Record<string, unknown>;
    if (i === 0) {
      if (p.id !== r.id || "amends" in p) problems.push("the first step is not this record's proposal");
      state = {
        type: String(p.type),
        title: String(p.title),
        source: String(p.source),
        status: "in-force",
        content: { ...content },
      };
      return;
    }
    if (p.amends !== r.id || p.amendmentType !== t.kind) {
      problems.push(`step ${i + 1} is not a ${t.kind} of this record`);
      return;
    }
    if (!state) return;
    if (p.amendmentType === "clarification" || p.amendmentType === "correction")
      state.content = { ...state.content, ...content };
    else if (p.amendmentType === "supersession") state.content = { ...content };
    else if (p.amendmentType === "withdrawal") state.status = "withdrawn";
  });
  if (state) {
    for (const k of ["type", "title", "source"] as const)
      if (state[k] !== r[k]) problems.push(`the ${k} shown differs from the signed proposals`);
    // Under an endorsement policy a record not withdrawn may be pending or expired: the endorsements are
    // not in the proofs, so that much is the node's word (the trace holds the amendments in force only).
    const policyStatus = state.status === "in-force" && (r.status === "pending" || r.status === "expired");
    if (state.status !== r.status && !policyStatus)
      problems.push("the status shown differs from the signed proposals");
    if (canonicalJson(state.content) !== canonicalJson(r.content))
      problems.push("the content shown differs from the signed proposals");
  }
  return { verified: problems.length === 0, problems, steps };
}
