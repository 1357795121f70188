// Epoch configurations: epoch 0 IS the genesis (its hash is the genesis hash); epoch E+1 is the genesis
// shape (version, clusterId, f, members with ids 0..n-1 in name order, proposers by key, parameters) plus
// `epoch` and `previousConfigHash`, derived deterministically by applying an approved change's operations.
// Every replica and every verifier re-derives the same bytes, so the same hash.
import { ConfigError, type ReplicaParams, resolveParams } from "@pbft/consensus";
import { z } from "zod";
import {
  type ClusterConfig,
  canonicalJson,
  clusterConfigHash,
  parseClusterConfig,
} from "./cluster-config.js";
import { type ConfigChange, rotationSigningBytes } from "./config-change.js";
import { verifyEd25519 } from "./ed25519.js";
import { type MemberCard, memberCardProblem } from "./member-card.js";
import type { Reason } from "./rules.js";

/** A configuration in force: the genesis (epoch 0) or a later epoch's (with epoch and previousConfigHash). */
export type EpochConfig = ClusterConfig & { readonly epoch?: number; readonly previousConfigHash?: string };

/** One epoch of a ledger's history: its configuration, the first height it governs, and its hash. */
export interface EpochRecord {
  readonly epoch: number;
  readonly startHeight: number;
  readonly hash: string;
  readonly config: EpochConfig;
}

export function epochConfigHash(config: EpochConfig): string {
  return clusterConfigHash(config);
}

export function genesisEpoch(genesis: ClusterConfig): EpochRecord {
  return { epoch: 0, startHeight: 1, hash: clusterConfigHash(genesis), config: genesis };
}

const epochFields = z
  .object({ epoch: z.number().int().min(1), previousConfigHash: z.string().regex(/^[0-9a-f]{64}$/) })
  .strict();

/** Parses an epoch configuration (JSON value): a genesis when it has no `epoch`; throws ClusterConfigError. */
export function parseEpochConfig(value: unknown, source = "epoch configuration"): EpochConfig {
  if (typeof value !== "object" || value === null || !("epoch" in value))
    return parseClusterConfig(value, source);
  const { epoch, previousConfigHash, ...rest } = value as Record<string, unknown>;
  const fields = epochFields.safeParse({ epoch, previousConfigHash });
  if (!fields.success) return parseClusterConfig(null, `${source} (epoch or previousConfigHash invalid)`);
  return { ...parseClusterConfig(rest, source), ...fields.data };
}

/** The configuration's protocol parameters, resolved (validated with defaults filled). */
export function paramsOf(config: ClusterConfig): ReplicaParams {
  return resolveParams(config.parameters as Partial<ReplicaParams>);
}

/**
 * The members' canonical order (the genesis ceremony's): names split into runs of digits and of other
 * characters; digit runs compare by value, others by UTF-16 code units, so "node2" < "node10"; equal runs
 * fall back to the code-unit order. A total order on distinct names.
 */
export function compareNames(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i]!;
    const y = rb[i]!;
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y)) {
      const vx = BigInt(x);
      const vy = BigInt(y);
      if (vx !== vy) return vx < vy ? -1 : 1;
      continue;
    }
    return x < y ? -1 : 1;
  }
  if (ra.length !== rb.length) return ra.length - rb.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

type Member = Omit<ClusterConfig["members"][number], "id">;
type Proposer = ClusterConfig["proposers"][number];

function memberOf(card: MemberCard): Member {
  return {
    name: card.name,
    peerId: card.peerId,
    addresses: [...card.addresses],
    clientAddresses: [...card.clientAddresses],
    ...(card.httpAddress === undefined ? {} : { httpAddress: card.httpAddress }),
    votePublicKey: card.votePublicKey,
    proofs: { ...card.proofs },
  };
}

/**
 * Applies a change's operations, in order, to the configuration in force (`current`, of hash `currentHash`)
 * and returns the next epoch's configuration, or the reason the change is refused. Pure.
 */
export function applyChange(
  current: EpochConfig,
  currentHash: string,
  change: ConfigChange,
): { readonly config: EpochConfig } | { readonly reason: Reason } {
  const clusterId = current.clusterId;
  const members = new Map<string, Member>(current.members.map(({ id: _id, ...m }) => [m.name, m]));
  const proposers = new Map<string, Proposer>(current.proposers.map((p) => [p.publicKey, p]));
  let parameters: Record<string, number> = { ...current.parameters };
  for (const op of change.operations) {
    switch (op.op) {
      case "add-member":
        if (members.has(op.card.name)) return { reason: "member-exists" };
        if (memberCardProblem(op.card) !== null) return { reason: "invalid-card" };
        members.set(op.card.name, memberOf(op.card));
        break;
      case "remove-member":
        if (!members.delete(op.name)) return { reason: "unknown-member" };
        break;
      case "rotate-member": {
        // Vouched for by the member's key in the epoch in force (not one this change gave it).
        const m = members.has(op.name) ? current.members.find((x) => x.name === op.name) : undefined;
        if (m === undefined) return { reason: "unknown-member" };
        if (op.card.name !== op.name) return { reason: "invalid-change" };
        if (memberCardProblem(op.card) !== null) return { reason: "invalid-card" };
        const signed = rotationSigningBytes(clusterId, op.card);
        if (
          !verifyEd25519(
            Buffer.from(m.votePublicKey, "hex"),
            signed,
            Buffer.from(op.rotationSignature, "hex"),
          )
        )
          return { reason: "bad-rotation-signature" };
        members.set(op.name, memberOf(op.card));
        break;
      }
      case "add-proposer":
        if (proposers.has(op.publicKey)) return { reason: "proposer-exists" };
        proposers.set(op.publicKey, {
          name: op.name,
          publicKey: op.publicKey,
          ...(op.org === undefined ? {} : { org: op.org }),
        });
        break;
      case "remove-proposer":
        if (!proposers.delete(op.publicKey)) return { reason: "unknown-proposer" };
        break;
      case "set-parameters":
        parameters = { ...parameters, ...op.parameters };
        try {
          resolveParams(parameters as Partial<ReplicaParams>);
        } catch (e) {
          if (e instanceof ConfigError) return { reason: "invalid-change" };
          throw e;
        }
        break;
    }
  }
  const sorted = [...members.values()].sort((a, b) => compareNames(a.name, b.name));
  const next = {
    version: 1 as const,
    clusterId,
    f: Math.floor((sorted.length - 1) / 3),
    members: sorted.map((m, id) => ({ id, ...m })),
    proposers: [...proposers.values()].sort((a, b) => (a.publicKey < b.publicKey ? -1 : 1)),
    parameters,
    // Endorsement policies carry over (issue 18); a change that makes one impossible is refused below.
    ...(current.policies ? { policies: current.policies } : {}),
  };
  let parsed: ClusterConfig;
  try {
    // The genesis schema: n >= 4 (and <= 100), f = floor((n-1)/3), unique names, vote keys, peer ids, proposers.
    parsed = parseClusterConfig(next, "the next configuration");
  } catch {
    return { reason: "invalid-change" };
  }
  return { config: { ...parsed, epoch: (current.epoch ?? 0) + 1, previousConfigHash: currentHash } };
}

/** Canonical JSON of an epoch configuration (what its hash is over; what receipts carry). */
export function epochConfigJson(config: EpochConfig): string {
  return canonicalJson(config);
}
