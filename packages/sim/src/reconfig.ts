// The simulator's operator (issue 16): proposes configuration changes (add, remove and rotate members, add
// and remove proposers, change a parameter) through real client requests and has the members of the epoch
// in force approve them, each with its own vote key as the request's client key (as `pbft config approve`).
// The shipped ledger's rules decide everything; one member may approve twice, and a removed member keeps
// approving later changes (both must be refused).
import type { pbft } from "@pbft/consensus";
import {
  type ClusterConfig,
  type ConfigOperation,
  type TestKey,
  type TestMember,
  testApproval,
  testConfigChange,
  testKey,
  testMember,
  testRequest,
  testRotateOp,
  testUlid,
} from "@pbft/ledger";
import type { Prng } from "./prng.js";
import type { SimNode } from "./sim-node.js";

export interface ConfigRequest {
  readonly clientKey: Uint8Array;
  readonly number: number;
  readonly request: pbft.ClientRequest;
  sentAtMs: number;
}

export interface ReconfigPlan {
  /** Changes to apply one after the other. */
  readonly changes: number;
  /** Nodes that are no genesis members: changes may add them. */
  readonly spares: number;
  /** One member approves every change twice. */
  readonly doubleApprove: boolean;
  /** A removed member keeps sending: its old frames, and approvals of later changes. */
  readonly removedKeepsSending: boolean;
}

/** Genesis members' names are member-0..; spares follow (names order the ids: digits by value). */
export function memberName(i: number): string {
  return `member-${i}`;
}

export class ReconfigDriver {
  readonly admin: TestKey;
  readonly changeIds: string[] = [];
  readonly requests: ConfigRequest[] = [];
  readonly clientKeys = new Set<string>();
  private readonly numbers = new Map<string, number>();
  private readonly rotations = new Map<string, number>();
  private readonly known = new Map<string, TestMember>();
  private readonly lastOf = new Map<string, TestMember>();
  private readonly removed: string[] = [];
  private readonly addedProposers: TestKey[] = [];
  private current: { id: string; epoch: number; approvedBy: Set<string>; twice: boolean } | null = null;
  private done = 0;
  private idCounter = 0;

  constructor(
    private readonly clusterId: string,
    private readonly seed: number,
    private readonly plan: ReconfigPlan,
    private readonly rnd: Prng,
    private readonly byzantine: ReadonlySet<string>,
    private readonly genesisN: number,
  ) {
    this.admin = testKey(`sim-admin-${seed % 64}`);
    this.clientKeys.add(this.admin.hex);
  }

  /** A card and vote key of member `name` (its r-th rotation), known to the driver from now on. */
  private generate(name: string, r: number): TestMember {
    const m = r === 0 ? testMember(name) : testMember(name, { vote: testKey(`vote:${name}:${r}`) });
    this.known.set(m.vote.hex, m);
    return m;
  }

  /** Member `name` with the vote key `config` gives it (a removed one: the key it had last). */
  private memberIn(config: ClusterConfig, name: string): TestMember | undefined {
    const key = config.members.find((m) => m.name === name)?.votePublicKey;
    if (key !== undefined) return this.known.get(key);
    return this.lastOf.get(name);
  }

  /** The genesis' members (cards with proofs, real vote keys). */
  genesisMember(name: string): TestMember {
    return this.generate(name, 0);
  }

  private request(key: TestKey, proposal: unknown, nowMs: number): pbft.ClientRequest {
    const number = (this.numbers.get(key.hex) ?? 0) + 1;
    this.numbers.set(key.hex, number);
    this.clientKeys.add(key.hex);
    const request = testRequest(this.clusterId, key, number, proposal);
    this.requests.push({ clientKey: key.publicKey, number, request, sentAtMs: nowMs });
    return request;
  }

  /** Whether `key`'s last request executed at `ledger` (so its next may be sent). */
  private idle(key: TestKey, node: SimNode): boolean {
    const n = this.numbers.get(key.hex) ?? 0;
    return (node.clientNumbers.get(key.hex) ?? 0) >= n;
  }

  /** The requests to send now, judged from the most advanced honest ledger. */
  tick(head: SimNode, nowMs: number): pbft.ClientRequest[] {
    if (this.done >= this.plan.changes) return [];
    const ledger = head.ledger;
    const epoch = ledger.epochs().at(-1)!;
    const cur = this.current;
    if (cur !== null) {
      const rec = ledger.change(cur.id);
      if (rec === undefined || rec.status === "superseded") {
        // Refused (the epoch moved on, or an operation no longer fits) or lost: propose again.
        if (this.idle(this.admin, head)) this.current = null;
        return [];
      }
      if (epoch.epoch > cur.epoch) {
        this.done++;
        this.current = null;
        return [];
      }
      if (rec.status !== "pending") return [];
      const out: pbft.ClientRequest[] = [];
      const approvers = epoch.config.members.map((m) => m.name);
      if (this.plan.removedKeepsSending) approvers.push(...this.removed);
      for (const name of approvers) {
        const m = this.memberIn(epoch.config, name);
        if (m === undefined || this.byzantine.has(name) || !this.idle(m.vote, head)) continue;
        if (cur.approvedBy.has(name)) {
          // A member that approves twice: the second is refused (already-approved or change-not-pending).
          if (!this.plan.doubleApprove || cur.twice || name !== approvers[0]) continue;
          cur.twice = true;
        }
        cur.approvedBy.add(name);
        out.push(this.request(m.vote, testApproval(this.clusterId, rec.change, m, this.nextId()), nowMs));
      }
      return out;
    }
    if (!this.idle(this.admin, head)) return [];
    const ops = this.operations(epoch.config, head);
    if (ops.length === 0) {
      this.done++;
      return [];
    }
    const change = testConfigChange(epoch.epoch, ops, this.nextId(), `simulated change ${this.done + 1}`);
    this.current = { id: change.id, epoch: epoch.epoch, approvedBy: new Set(), twice: false };
    this.changeIds.push(change.id);
    return [this.request(this.admin, change, nowMs)];
  }

  private nextId(): string {
    return testUlid(this.seed * 10_000 + ++this.idCounter);
  }

  /** One or two operations that keep n >= 4 and the Byzantine members within f. */
  private operations(config: ClusterConfig, head: SimNode): ConfigOperation[] {
    const r = this.rnd;
    const names = config.members.map((m) => m.name);
    const spares = Array.from({ length: this.plan.spares }, (_, i) => memberName(this.genesisN + i)).filter(
      (s) => !names.includes(s) && !this.removed.includes(s),
    );
    const ops: ConfigOperation[] = [];
    const count = 1 + (r.chance(0.3) ? 1 : 0);
    let n = names.length;
    const byz = names.filter((x) => this.byzantine.has(x)).length;
    const touched = new Set<string>();
    for (let i = 0; i < count; i++) {
      const kind = r.pick(["add", "remove", "rotate", "proposer", "parameters"] as const);
      if (kind === "add" && spares.length > 0) {
        const name = spares.shift()!;
        touched.add(name);
        ops.push({ op: "add-member", card: this.generate(name, 0).card });
        n++;
      } else if (kind === "remove" && n - 1 >= 4 && byz <= Math.floor((n - 2) / 3)) {
        const candidates = names.filter((x) => !touched.has(x) && !this.removed.includes(x));
        if (candidates.length === 0) continue;
        const name = r.pick(candidates);
        touched.add(name);
        this.removed.push(name);
        const last = this.memberIn(config, name);
        if (last !== undefined) this.lastOf.set(name, last);
        ops.push({ op: "remove-member", name });
        n--;
      } else if (kind === "rotate") {
        const candidates = names.filter((x) => !touched.has(x) && !this.byzantine.has(x));
        if (candidates.length === 0) continue;
        const name = r.pick(candidates);
        touched.add(name);
        const current = this.memberIn(config, name);
        if (current === undefined) continue;
        const rotation = (this.rotations.get(name) ?? 0) + 1;
        this.rotations.set(name, rotation);
        ops.push(testRotateOp(this.clusterId, current.vote, this.generate(name, rotation)));
      } else if (kind === "proposer") {
        const gone = this.addedProposers.shift();
        if (gone !== undefined && r.chance(0.5)) ops.push({ op: "remove-proposer", publicKey: gone.hex });
        else {
          const key = testKey(`sim-proposer-${this.seed}-${++this.idCounter}`);
          this.addedProposers.push(key);
          ops.push({ op: "add-proposer", name: `proposer-${this.idCounter}`, publicKey: key.hex });
        }
      } else if (kind === "parameters" && !ops.some((o) => o.op === "set-parameters")) {
        ops.push({ op: "set-parameters", parameters: { requestTimeoutMs: r.pick([250, 300, 400]) } });
      }
    }
    return ops;
  }
}
