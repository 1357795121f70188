// `pbft witness` (issue 17): a process with no HSM that holds only the genesis. It polls the signed heads of
// any set of nodes over HTTP, verifies each, and checks that every new head is consistent with every head
// it has seen from any node: heads it holds form one chain (sorted by height, each extending the one below),
// so checking a new head against its neighbours in that chain checks it against all of them (consistency is
// transitive). The paths come from the nodes (/proofs/consistency) and are checked against the witness's own
// heads, so a node cannot vouch for itself. Alarms: a head that fails verification, a node serving a lower
// head than it served before (a rollback), and two heads that are not one history (a fork).
// Heads of a later epoch are signed by that epoch's members: the witness learns them from an epoch proof
// (GET /config/proof), which it checks from the genesis hop by hop, so it still trusts only the genesis.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fromHex } from "@pbft/consensus";
import {
  type ClusterConfig,
  checkConsistency,
  epochConfigs,
  HeadError,
  ProofError,
  type SignedHead,
  verifyEpochProof,
  verifySignedHead,
} from "@pbft/ledger";

export type AlarmKind = "bad-head" | "rollback" | "fork";

export interface Alarm {
  readonly kind: AlarmKind;
  readonly node: string;
  readonly height: number;
  readonly message: string;
}

export interface PollReport {
  readonly alarms: readonly Alarm[];
  /** Per node: the height of the head it served (null: unreachable or no head yet). */
  readonly heights: ReadonlyMap<string, number | null>;
}

/** GETs a JSON document; null when the node is unreachable or has none (404). */
export type JsonGet = (url: string) => Promise<unknown | null>;

export const httpGet: JsonGet = async (url) => {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) return null;
    return await res.json();
  } catch {
    return null;
  }
};

const HEADS_FILE = "heads.ndjson";
const EPOCH_PROOF_FILE = "epoch-proof.json";

export interface WitnessOptions {
  readonly cluster: ClusterConfig;
  /** Base URLs of the nodes' HTTP ports. */
  readonly nodes: readonly string[];
  /** Where the heads seen are kept (appended, one verified head per line), re-verified at start. */
  readonly dir: string;
  readonly get?: JsonGet;
}

export class Witness {
  /** Every verified head seen, by height (one chain: a second head at a height is a fork alarm). */
  private readonly seen = new Map<number, SignedHead>();
  private readonly lastServed = new Map<string, number>();
  private readonly get: JsonGet;
  /** The configurations of the epochs after the genesis, from the longest verified epoch proof seen. */
  private epochs = new Map<number, ClusterConfig>();

  constructor(private readonly o: WitnessOptions) {
    this.get = o.get ?? httpGet;
    mkdirSync(o.dir, { recursive: true });
    try {
      this.epochs = epochConfigs(
        verifyEpochProof(JSON.parse(readFileSync(join(o.dir, EPOCH_PROOF_FILE), "utf8")), o.cluster),
      );
    } catch {
      this.epochs = new Map(); // none kept yet (or unreadable): fetched again when a head needs it
    }
    let text = "";
    try {
      text = readFileSync(join(o.dir, HEADS_FILE), "utf8");
    } catch {
      text = "";
    }
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      // What we wrote ourselves, re-verified: a witness's disk is no more trusted than a node.
      const h = verifySignedHead(JSON.parse(line), o.cluster, this.epochs);
      this.seen.set(h.height, h);
    }
  }

  /** The heads held, lowest first. */
  heads(): SignedHead[] {
    return [...this.seen.values()].sort((a, b) => a.height - b.height);
  }

  async pollOnce(): Promise<PollReport> {
    const alarms: Alarm[] = [];
    const heights = new Map<string, number | null>();
    for (const node of this.o.nodes) {
      const value = await this.get(`${base(node)}/heads/latest`);
      if (value === null) {
        heights.set(node, null);
        continue;
      }
      const alarm = await this.check(node, value);
      if (alarm !== null) alarms.push(alarm);
      heights.set(node, this.lastServed.get(node) ?? null);
    }
    return { alarms, heights };
  }

  /**
   * A head of an epoch the witness does not know yet: the node's epoch proof, verified from the genesis,
   * gives its members (kept on disk). A bad or missing proof changes nothing: the head then fails
   * verification as "unknown-epoch".
   */
  private async learnEpoch(node: string, value: unknown): Promise<void> {
    const epoch = (value as { epoch?: unknown } | null)?.epoch;
    if (typeof epoch !== "number" || epoch === 0 || this.epochs.has(epoch)) return;
    const proof = await this.get(`${base(node)}/config/proof`);
    if (proof === null) return;
    try {
      const known = epochConfigs(verifyEpochProof(proof, this.o.cluster));
      if (known.size <= this.epochs.size) return;
      this.epochs = known;
      writeFileSync(join(this.o.dir, EPOCH_PROOF_FILE), `${JSON.stringify(proof)}\n`);
    } catch {
      // not a valid proof from this genesis: ignored (the head fails as unknown-epoch)
    }
  }

  private async check(node: string, value: unknown): Promise<Alarm | null> {
    let head: SignedHead;
    try {
      await this.learnEpoch(node, value);
      head = verifySignedHead(value, this.o.cluster, this.epochs);
    } catch (e) {
      const height =
        typeof (value as { height?: unknown })?.height === "number"
          ? (value as { height: number }).height
          : 0;
      return { kind: "bad-head", node, height, message: `head fails verification: ${(e as Error).message}` };
    }
    const before = this.lastServed.get(node);
    if (before !== undefined && head.height < before)
      return {
        kind: "rollback",
        node,
        height: head.height,
        message: `served head ${head.height} after head ${before}: its history went back`,
      };
    this.lastServed.set(node, head.height);
    const same = this.seen.get(head.height);
    if (same !== undefined) {
      if (same.treeRoot === head.treeRoot && same.entryHash === head.entryHash) return null;
      return {
        kind: "fork",
        node,
        height: head.height,
        message: `two validly signed heads at height ${head.height} with different histories (tree roots ${same.treeRoot.slice(0, 16)}… and ${head.treeRoot.slice(0, 16)}…)`,
      };
    }
    const below = this.heads()
      .filter((h) => h.height < head.height)
      .at(-1);
    const above = this.heads().find((h) => h.height > head.height);
    for (const [lower, upper] of [
      [below, head],
      [head, above],
    ] as const) {
      if (lower === undefined || upper === undefined) continue;
      const problem = await this.consistent(node, lower, upper);
      if (problem === "unknown") return null; // no path to be had now (nodes behind or down): next poll
      if (problem !== null) return { kind: "fork", node, height: head.height, message: problem };
    }
    this.seen.set(head.height, head);
    appendFileSync(join(this.o.dir, HEADS_FILE), `${JSON.stringify(head)}\n`);
    return null;
  }

  /**
   * null when `upper` extends `lower` by a path from `node` (or, failing that, from any node); why not when
   * every path given fails; "unknown" when no node gave one.
   */
  private async consistent(node: string, lower: SignedHead, upper: SignedHead): Promise<string | null> {
    let lastProblem = "unknown";
    for (const from of [node, ...this.o.nodes.filter((n) => n !== node)]) {
      const answer = await this.get(
        `${base(from)}/proofs/consistency?from=${lower.height}&to=${upper.height}`,
      );
      const path = (answer as { path?: unknown } | null)?.path;
      if (!Array.isArray(path) || !path.every((p) => typeof p === "string" && /^[0-9a-f]{64}$/.test(p)))
        continue;
      try {
        checkConsistency(
          lower,
          upper,
          path.map((p: string) => fromHex(p)),
        );
        return null;
      } catch (e) {
        if (!(e instanceof ProofError || e instanceof HeadError)) throw e;
        // A path that fails may be a lying node's: another node's good path settles it; none means a fork.
        lastProblem = `head ${upper.height} does not extend head ${lower.height} (path from ${from}): ${e.message}`;
      }
    }
    return lastProblem;
  }
}

function base(url: string): string {
  const u = /^https?:\/\//.test(url) ? url : `http://${url}`;
  return u.replace(/\/+$/, "");
}
