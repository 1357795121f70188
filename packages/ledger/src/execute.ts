// Runs the rules over one batch in batch order: shared by the store (append) and by verify (re-execution),
// so both reach the same results by construction.
import { pbft } from "@pbft/consensus";
import type { MemoryRulesState } from "./rules.js";

export interface ExecutedRequest {
  readonly result: pbft.ExecutionResult;
  readonly resultBytes: Uint8Array;
  /** Set when the request was executed (not a duplicate, body decodable). */
  readonly client?: { readonly keyHex: string; readonly number: number };
  readonly proposal?: unknown;
}

/** Round-trips through the wire form so that stored bytes re-encode to themselves (see entry.ts). */
function canonicalResult(r: pbft.IExecutionResult): pbft.ExecutionResult {
  return pbft.ExecutionResult.decode(pbft.ExecutionResult.encode(r).finish());
}

export function executeBatch(
  state: MemoryRulesState,
  clusterId: string,
  height: number,
  requests: readonly pbft.IClientRequest[],
  /** The entry's consensus time (issue 18): endorsement deadlines are decided with it. */
  timeMs = 0,
): ExecutedRequest[] {
  return requests.map((r) => {
    let body: pbft.RequestBody;
    try {
      body = pbft.RequestBody.decode(r.body ?? new Uint8Array());
    } catch {
      body = pbft.RequestBody.create();
    }
    if (body.clientKey.length !== 32 || !Number.isSafeInteger(Number(body.requestNumber))) {
      const result = canonicalResult({ accepted: false, reason: "malformed-request", proposalId: "" });
      return { result, resultBytes: pbft.ExecutionResult.encode(result).finish() };
    }
    const keyHex = Buffer.from(body.clientKey).toString("hex");
    const number = Number(body.requestNumber);
    const d = state.execute({
      clusterId,
      requestClusterId: body.clusterId,
      clientKeyHex: keyHex,
      requestNumber: number,
      proposal: body.proposal,
      height,
      timeMs,
    });
    const result = canonicalResult(
      d.accepted
        ? { accepted: true, reason: "", proposalId: d.proposalId }
        : { accepted: false, reason: d.reason, proposalId: d.proposalId },
    );
    const executed = d.accepted || d.reason !== "duplicate-request";
    return {
      result,
      resultBytes: pbft.ExecutionResult.encode(result).finish(),
      ...(executed ? { client: { keyHex, number } } : {}),
      ...(d.accepted ? { proposal: d.proposal } : {}),
    };
  });
}
