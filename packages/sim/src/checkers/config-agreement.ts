import { quorumOf } from "@pbft/consensus";
import type { SimNode } from "../sim-node.js";

/**
 * Configuration agreement (issue 16): honest members apply the same change at the same height (every
 * epoch starts at the same seq with the same configuration hash everywhere honest), and a change applies
 * only with approvals from a quorum of distinct members of the epoch in force when it was approved. The
 * first part reads what each node's ledger handed its core; the second re-counts the ledger's records.
 */
export class ConfigAgreementChecker {
  private readonly byEpoch = new Map<number, { startSeq: number; hash: string; id: number }>();
  private readonly checked = new Map<number, number>();

  /** After every event: the epochs each honest node entered so far agree. */
  check(honest: readonly SimNode[]): string | null {
    for (const n of honest) {
      for (let i = this.checked.get(n.id) ?? 0; i < n.epochsSeen.length; i++) {
        const e = n.epochsSeen[i]!;
        const prev = this.byEpoch.get(e.epoch);
        if (prev === undefined) this.byEpoch.set(e.epoch, { startSeq: e.startSeq, hash: e.hash, id: n.id });
        else if (prev.startSeq !== e.startSeq || prev.hash !== e.hash)
          return (
            `epoch ${e.epoch}: node ${prev.id} applies ${prev.hash.slice(0, 12)} from seq ${prev.startSeq}, ` +
            `node ${n.id} applies ${e.hash.slice(0, 12)} from seq ${e.startSeq}`
          );
      }
      this.checked.set(n.id, n.epochsSeen.length);
    }
    return null;
  }

  /** The approvals behind every change an honest ledger approved (run at the end: it reads the ledgers). */
  static approvals(honest: readonly SimNode[], changeIds: readonly string[]): string | null {
    for (const n of honest)
      for (const id of changeIds) {
        const c = n.ledger.change(id);
        if (c === undefined || (c.status !== "approved" && c.status !== "applied")) continue;
        const config = n.ledger.epochs().find((r) => r.epoch === c.epoch)?.config;
        if (config === undefined) return `node ${n.id}: change ${id} of unknown epoch ${c.epoch}`;
        const members = new Set(config.members.map((m) => m.name));
        const counted = new Set<string>();
        for (const a of c.approvals) {
          if (!members.has(a.member))
            return `node ${n.id}: change ${id} counted an approval from ${a.member}, not a member of epoch ${c.epoch}`;
          if (counted.has(a.member)) return `node ${n.id}: change ${id} counted ${a.member} twice`;
          counted.add(a.member);
        }
        const q = quorumOf({ clusterId: config.clusterId, n: config.members.length, f: config.f });
        if (counted.size < q) return `node ${n.id}: change ${id} applied with ${counted.size} approvals (quorum ${q})`;
        const k = Number(config.parameters.checkpointInterval ?? 64);
        const boundary = Math.ceil((c.approvedAt ?? 0) / k) * k;
        const next = n.ledger.epochs().find((r) => r.epoch === c.epoch + 1);
        if (next !== undefined && next.startHeight !== boundary + 1)
          return `node ${n.id}: change ${id} approved at ${c.approvedAt} applies from ${next.startHeight}, not ${boundary + 1}`;
      }
    return null;
  }
}
