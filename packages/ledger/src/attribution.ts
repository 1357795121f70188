// Attribution (issue 18): who proposed each request (the configuration names every proposer key with a name
// and an organisation; a member's vote key may send configuration proposals) and when it was decided (the
// consensus time in the entry header). Used by `ledger show`, the reader edition, the audit log and receipts.
import { pbft, toHex } from "@pbft/consensus";
import type { ClusterConfig } from "./cluster-config.js";
import { configChangeSchema } from "./config-change.js";
import type { StoredEntry } from "./entry.js";

export interface Proposer {
  readonly name: string;
  /** The proposer's organisation, when the configuration names one. */
  readonly org?: string;
  /** "member": a member's vote key (configuration proposals); "unknown": no configuration names the key. */
  readonly role: "proposer" | "member" | "unknown";
  /** The client key, hex. */
  readonly key: string;
}

/** The decided time of an entry as ISO 8601, or null for an entry recorded before times existed. */
export function decidedAt(timeMs: number): string | null {
  return timeMs > 0 ? new Date(timeMs).toISOString() : null;
}

/** The time an entry records (ms since the Unix epoch; 0 before times were recorded). */
export function entryTime(e: StoredEntry): number {
  return Number(e.header.timeMs ?? 0);
}

/**
 * Every key any configuration of the ledger named, with its latest name and organisation: the genesis's,
 * plus those added by accepted configuration changes as entries stream by (`observe`, in height order). A
 * key keeps its name after it is removed, so old entries stay attributed.
 */
export class ProposerDirectory {
  private readonly byKey = new Map<string, Omit<Proposer, "key">>();

  constructor(configs: ClusterConfig | readonly ClusterConfig[]) {
    for (const c of Array.isArray(configs) ? configs : [configs as ClusterConfig]) this.addConfig(c);
  }

  addConfig(c: ClusterConfig): void {
    for (const m of c.members) this.byKey.set(m.votePublicKey, { name: m.name, role: "member" });
    for (const p of c.proposers)
      this.byKey.set(p.publicKey, { name: p.name, role: "proposer", ...(p.org ? { org: p.org } : {}) });
  }

  /** Learns the keys an accepted configuration change names (its proposers and new members' vote keys). */
  observe(e: StoredEntry): void {
    e.results.forEach((r, i) => {
      if (!r.accepted) return;
      const json = proposalJson(e, i);
      const change = configChangeSchema.safeParse(json);
      if (!change.success) return;
      for (const op of change.data.operations) {
        if (op.op === "add-proposer")
          this.byKey.set(op.publicKey, {
            name: op.name,
            role: "proposer",
            ...(op.org ? { org: op.org } : {}),
          });
        else if (op.op === "add-member" || op.op === "rotate-member")
          this.byKey.set(op.card.votePublicKey, { name: op.card.name, role: "member" });
      }
    });
  }

  who(keyHex: string): Proposer {
    const p = this.byKey.get(keyHex);
    return p === undefined
      ? { name: keyHex.slice(0, 12), role: "unknown", key: keyHex }
      : { ...p, key: keyHex };
  }

  /** The proposer of request `index` of an entry. */
  proposerOf(e: StoredEntry, index: number): Proposer {
    return this.who(clientKeyOf(e, index));
  }
}

/** "name (org)" or "name": how a line names a proposer. */
export function proposerLabel(p: Proposer): string {
  return p.org ? `${p.name} (${p.org})` : p.name;
}

/** The client key (hex) of request `index` of an entry ("" if its body cannot be decoded). */
export function clientKeyOf(e: StoredEntry, index: number): string {
  try {
    return toHex(pbft.RequestBody.decode(e.batch.requests[index]?.body ?? new Uint8Array()).clientKey);
  } catch {
    return "";
  }
}

/** The parsed proposal JSON of request `index`, or undefined when it is not JSON. */
export function proposalJson(e: StoredEntry, index: number): unknown {
  try {
    const body = pbft.RequestBody.decode(e.batch.requests[index]?.body ?? new Uint8Array());
    return JSON.parse(Buffer.from(body.proposal).toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}
