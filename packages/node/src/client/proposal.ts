// Building proposals and signed client requests.
import { pbft, signedBytes } from "@pbft/consensus";
import type { Proposal } from "@pbft/ledger";
import { monotonicFactory } from "ulid";
import type { RequestSigner } from "../proposer-key.js";

const nextUlid = monotonicFactory();

export function newProposalId(): string {
  return nextUlid();
}

export interface RecordInput {
  readonly type: "observation" | "decision" | "outcome" | "constraint" | "test";
  readonly title: string;
  readonly content: Record<string, unknown>;
  readonly source: string;
  readonly id?: string;
}

export interface AmendmentInput {
  readonly amends: string;
  readonly amendmentType: "clarification" | "correction" | "supersession" | "withdrawal";
  readonly reason: string;
  readonly content: Record<string, unknown>;
  readonly id?: string;
}

export function recordProposal(r: RecordInput): Proposal {
  return { id: r.id ?? newProposalId(), type: r.type, title: r.title, content: r.content, source: r.source };
}

export function amendmentProposal(a: AmendmentInput): Proposal {
  return {
    id: a.id ?? newProposalId(),
    amends: a.amends,
    amendmentType: a.amendmentType,
    reason: a.reason,
    content: a.content,
  };
}

/** The consensus core accepts request numbers below 2^48. */
export const REQUEST_NUMBER_MAX = 2 ** 48;

/**
 * Request numbers must grow per client key across processes: wall-clock milliseconds x 64 (room for 64
 * requests per millisecond before the count runs ahead of the clock; below 2^48 until the year 2109),
 * kept strictly increasing within the process. Concurrent processes should use keys of their own.
 */
let lastNumber = 0;
export function nextRequestNumber(): number {
  const n = Math.max(Date.now() * 64, lastNumber + 1);
  lastNumber = n;
  return n;
}

export function signRequest(
  clusterId: string,
  key: RequestSigner,
  proposal: Uint8Array,
  requestNumber: number,
): pbft.ClientRequest {
  const body = pbft.RequestBody.encode({
    clusterId,
    clientKey: key.publicKey,
    requestNumber,
    proposal,
  }).finish();
  return pbft.ClientRequest.create({ body, signature: key.sign(signedBytes("request", clusterId, body)) });
}
