import type { Node } from "../../testing/harness.js";

/** Each (client, request number) is executed at most once by each honest replica. */
export function checkExactlyOnce(honest: readonly Node[]): string | null {
  for (const n of honest) {
    const seen = new Set<string>();
    for (const r of n.executedRequests) {
      if (seen.has(r)) return `replica ${n.id} executed ${r.slice(0, 16)}… twice`;
      seen.add(r);
    }
  }
  return null;
}
