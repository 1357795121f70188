// A small cluster driven through reconfigurations, for tests here and elsewhere: a genesis of four members
// with real keys and cards, a proposer, and a ledger (MemoryLedger, or any `append` the caller gives) fed
// batches certified by the members of the epoch in force, as the consensus core would.
import type { pbft } from "@pbft/consensus";
import { quorumOf } from "@pbft/consensus";
import { type ClusterConfig, clusterConfigHash, parseClusterConfig } from "./cluster-config.js";
import type { ConfigApproval, ConfigChange, ConfigOperation } from "./config-change.js";
import {
  approval,
  configChange,
  type TestKey,
  type TestMember,
  testCertificate,
  testEnvelope,
  testKey,
  testMember,
  testRequest,
  testUlid,
} from "./config-testing.js";
import type { BatchToExecute, Executed } from "./core.js";
import { type EpochRecord, genesisEpoch } from "./epochs.js";
import { headFromProof, type SignedHead } from "./signed-head.js";

export interface ConfigWorldOptions {
  readonly clusterId?: string;
  readonly members?: readonly string[];
  readonly parameters?: Record<string, number>;
}

/** The genesis of a world: members with real cards (proofs included), one proposer "cli". */
export function worldGenesis(
  members: readonly TestMember[],
  proposer: TestKey,
  options: ConfigWorldOptions = {},
) {
  return parseClusterConfig({
    version: 1,
    clusterId: options.clusterId ?? "config-world",
    f: Math.floor((members.length - 1) / 3),
    members: members.map((m, id) => ({
      id,
      name: m.name,
      peerId: m.card.peerId,
      addresses: m.card.addresses,
      clientAddresses: m.card.clientAddresses,
      votePublicKey: m.card.votePublicKey,
      proofs: m.card.proofs,
    })),
    proposers: [{ name: "cli", publicKey: proposer.hex }],
    parameters: options.parameters ?? { checkpointInterval: 4, logWindow: 8 },
  });
}

/** Drives a ledger: `append` is MemoryLedger.executeMany, or a Ledger's (awaited by the caller's wrapper). */
export class ConfigWorld {
  readonly genesis: ClusterConfig;
  readonly proposer = testKey("world:proposer");
  /** Every vote key the world knows, by public key hex (members' keys of every epoch). */
  private readonly keys = new Map<string, TestKey>();
  readonly batches: BatchToExecute[] = [];
  private readonly numbers = new Map<string, number>();
  private idCounter = 0;
  height = 0;
  epoch: EpochRecord;

  constructor(
    private readonly append: (batches: readonly BatchToExecute[]) => Executed[] | Promise<Executed[]>,
    options: ConfigWorldOptions = {},
  ) {
    const members = (options.members ?? ["node0", "node1", "node2", "node3"]).map((n, i) =>
      testMember(n, { port: 7000 + 10 * i }),
    );
    for (const m of members) this.keys.set(m.vote.hex, m.vote);
    this.genesis = worldGenesis(members, this.proposer, options);
    this.epoch = genesisEpoch(this.genesis);
  }

  get clusterId(): string {
    return this.genesis.clusterId;
  }

  /** A new member's card and keys (its vote key known to the world from now on, to sign once it is in). */
  member(name: string, options: { readonly vote?: TestKey; readonly port?: number } = {}): TestMember {
    const m = testMember(name, options);
    this.keys.set(m.vote.hex, m.vote);
    return m;
  }

  /**
   * Envelopes by a quorum of `epoch`'s members vouching for (seq, entryHash): Checkpoints (a stable
   * checkpoint proof, what the node saves at a boundary) or Attestations (what replies carry).
   */
  vouch(
    epoch: EpochRecord,
    seq: number,
    entryHash: Uint8Array,
    kind: "checkpoint" | "attestation" = "checkpoint",
    count?: number,
  ): pbft.Envelope[] {
    const c = epoch.config;
    const q = count ?? quorumOf({ clusterId: c.clusterId, n: c.members.length, f: c.f });
    return c.members
      .slice(0, q)
      .map((m) =>
        testEnvelope(
          c.clusterId,
          m.id,
          this.keys.get(m.votePublicKey)!,
          kind === "checkpoint"
            ? { checkpoint: { seq, stateDigest: entryHash, epoch: epoch.epoch } }
            : { attestation: { seq, entryHash, epoch: epoch.epoch } },
        ),
      );
  }

  /**
   * The signed head a quorum of `epoch`'s members forms at a stable checkpoint (seq, entry hash, tree root),
   * as the node stores it; `signers` (member ids) picks who signs, a quorum by default.
   */
  signedHead(
    epoch: EpochRecord,
    seq: number,
    entryHash: Uint8Array,
    treeRoot: Uint8Array,
    signers?: readonly number[],
  ): SignedHead {
    const c = epoch.config;
    const q = quorumOf({ clusterId: c.clusterId, n: c.members.length, f: c.f });
    const genesisHash = Buffer.from(clusterConfigHash(this.genesis), "hex");
    const checkpoint = { seq, stateDigest: entryHash, treeRoot, genesisHash, epoch: epoch.epoch };
    const proof = (signers ?? c.members.slice(0, q).map((m) => m.id)).map((id) =>
      testEnvelope(c.clusterId, id, this.keys.get(c.members[id]!.votePublicKey)!, { checkpoint }),
    );
    return headFromProof(c.clusterId, proof)!;
  }

  /** The vote key of `name` in the epoch in force. */
  keyOf(name: string): TestKey {
    const m = this.epoch.config.members.find((x) => x.name === name);
    const k = m && this.keys.get(m.votePublicKey);
    if (k === undefined) throw new Error(`no key for member ${name} in epoch ${this.epoch.epoch}`);
    return k;
  }

  nextId(): string {
    return testUlid(++this.idCounter);
  }

  /** A request from `client` (the proposer by default) with its next request number. */
  request(proposal: unknown, client: TestKey = this.proposer): pbft.ClientRequest {
    const n = (this.numbers.get(client.hex) ?? 0) + 1;
    this.numbers.set(client.hex, n);
    return testRequest(this.clusterId, client, n, proposal);
  }

  /** Appends one batch at the next height, certified by a quorum of the epoch in force. */
  async run(requests: readonly pbft.IClientRequest[], view = 0): Promise<Executed> {
    const seq = this.height + 1;
    const c = this.epoch.config;
    const q = quorumOf({ clusterId: c.clusterId, n: c.members.length, f: c.f });
    const signers = c.members.slice(0, q).map((m) => [m.id, this.keyOf(m.name)] as const);
    const batch = {
      seq,
      view,
      requests,
      certificate: testCertificate(c.clusterId, this.epoch.epoch, view, seq, requests, signers),
    };
    const [out] = await this.append([batch]);
    this.batches.push(batch);
    this.height = seq;
    if (out!.nextEpoch) this.epoch = out!.nextEpoch;
    return out!;
  }

  /** Proposes one request per proposal in one batch; returns each result's reason ("" when accepted). */
  async submit(
    ...proposals: readonly (unknown | { readonly proposal: unknown; readonly client: TestKey })[]
  ) {
    const requests = proposals.map((p) =>
      typeof p === "object" && p !== null && "client" in p && "proposal" in p
        ? this.request(p.proposal, p.client as TestKey)
        : this.request(p),
    );
    const out = await this.run(requests);
    return { out, reasons: out.results.map((r) => (r.accepted ? "" : r.reason)) };
  }

  change(operations: readonly ConfigOperation[]): ConfigChange {
    return configChange(this.epoch.epoch, operations, this.nextId());
  }

  approve(change: ConfigChange, name: string, key: TestKey = this.keyOf(name)): ConfigApproval {
    return approval(this.clusterId, change, { name, vote: key }, this.nextId());
  }

  /** Approvals by the first quorum of the epoch in force's members. */
  quorumApprovals(change: ConfigChange): ConfigApproval[] {
    const c = this.epoch.config;
    const q = quorumOf({ clusterId: c.clusterId, n: c.members.length, f: c.f });
    return c.members.slice(0, q).map((m) => this.approve(change, m.name));
  }

  /** Proposes `operations`, approves them with a quorum, and runs null batches through the boundary. */
  async reconfigure(
    operations: readonly ConfigOperation[],
  ): Promise<{ change: ConfigChange; boundary: number }> {
    // Before anything runs: when the approving entry is itself a checkpoint multiple, it is the boundary
    // and the epoch moves on inside `submit` (reading it after that waited for one more change, for ever).
    const from = this.epoch.epoch;
    const change = this.change(operations);
    const proposed = await this.submit(change);
    if (proposed.reasons[0] !== "") throw new Error(`change refused: ${proposed.reasons[0]}`);
    const approved = await this.submit(...this.quorumApprovals(change));
    if (approved.reasons.some((r) => r !== ""))
      throw new Error(`approval refused: ${approved.reasons.join(",")}`);
    const boundary = approved.out.pendingBoundary;
    if (boundary === undefined) throw new Error("no pending boundary after a quorum of approvals");
    while (this.epoch.epoch === from) await this.run([]);
    return { change, boundary };
  }
}
