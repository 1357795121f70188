import type { SimNode } from "../sim-node.js";

/** Each (client, request number) is executed at most once by each honest member (from the ledger's results). */
export class ExactlyOnceChecker {
  private readonly seen = new Map<number, Set<string>>();
  private readonly checked = new Map<number, number>();

  check(honest: readonly SimNode[]): string | null {
    for (const n of honest) {
      const seen = this.seen.get(n.id) ?? new Set<string>();
      this.seen.set(n.id, seen);
      for (let i = this.checked.get(n.id) ?? 0; i < n.executedRequests.length; i++) {
        const r = n.executedRequests[i]!;
        if (seen.has(r)) return `replica ${n.id} executed ${r.slice(0, 16)}… twice`;
        seen.add(r);
      }
      this.checked.set(n.id, n.executedRequests.length);
    }
    return null;
  }
}
