// Whether the ledger records a member's approval of a change, as the nodes tell: what `pbft config approve`
// reports when one reply cannot say it (a timeout, or a request recorded as a duplicate because an earlier
// ordering of the same request was executed first, or `already-approved` after an earlier attempt). The
// goal of an approval is the member's name in the change's approvals, whichever request put it there.
import { fetchChange, fetchConfigView, NodeApiError, type PendingChange } from "./node-api.js";

export type ApprovalRecord =
  /** The change's approvals name the member. */
  | { readonly recorded: true; readonly change: PendingChange }
  /**
   * A node says it is not there and cannot be: the change is closed without it, or the node executed up to
   * the height asked for (the entry that answered this request) and it is not there.
   */
  | { readonly recorded: false; readonly change: PendingChange }
  /** No node gave a conclusive answer before the deadline. */
  | { readonly recorded: null; readonly change?: PendingChange };

export interface RecordedOptions {
  /** The ledger must hold this height for a "not recorded" to be conclusive (undefined: only a closed change). */
  readonly atHeight?: number;
  /** Asks until this time (performance.now() milliseconds). */
  readonly deadline: number;
  /** Between two rounds of asking (a node may not have executed the approval yet). */
  readonly pollMs?: number;
}

/**
 * Asks the nodes (each on its own: a height and a change from the same node) until one answers
 * conclusively or the deadline passes.
 */
export async function approvalRecorded(
  targets: readonly string[],
  changeId: string,
  member: string,
  o: RecordedOptions,
): Promise<ApprovalRecord> {
  let last: PendingChange | undefined;
  for (;;) {
    for (const t of targets) {
      const left = Math.floor(o.deadline - performance.now()); // whole ms (AbortSignal.timeout)
      if (left <= 0) return { recorded: null, ...(last ? { change: last } : {}) };
      try {
        // The height first: a change read afterwards from the same node is at least that recent.
        const height = (await fetchConfigView([t], false, Math.min(left, 5000))).height;
        const change = await fetchChange([t], changeId, Math.min(left, 5000));
        last = change;
        if (change.approvals.includes(member)) return { recorded: true, change };
        if (change.status !== "pending") return { recorded: false, change };
        if (o.atHeight !== undefined && height >= o.atHeight) return { recorded: false, change };
      } catch (e) {
        if (!(e instanceof NodeApiError)) throw e;
        // not answering, or not knowing the change yet: the next node, or the next round
      }
    }
    const wait = Math.min(o.pollMs ?? 250, o.deadline - performance.now());
    if (wait <= 0) return { recorded: null, ...(last ? { change: last } : {}) };
    await new Promise((r) => setTimeout(r, wait));
  }
}
