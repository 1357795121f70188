// What the simulated clients propose: well-formed records of the product's own schema, so the shipped
// rules accept them and every honest ledger records the same decisions; the cluster config that authorises
// the clients' keys for the shipped ledger.
import { type ClusterConfig, parseClusterConfig, type TestMember } from "@pbft/ledger";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A ULID-shaped id, unique per (client index, request number), deterministic. */
export function recordId(client: number, number: number): string {
  let v = BigInt(client) * 1_000_000_000n + BigInt(number);
  let out = "";
  for (let i = 0; i < 24; i++) {
    out = CROCKFORD[Number(v % 32n)] + out;
    v /= 32n;
  }
  return `01${out}`;
}

export function recordProposal(seed: number, client: number, number: number): string {
  return JSON.stringify({
    id: recordId(client, number),
    type: "observation",
    title: `seed ${seed} client ${client} request ${number}`,
    content: { seed, client, number },
    source: "simulator",
  });
}

/** The protocol parameters of every simulated genesis (small, so checkpoints and windows turn over often). */
export const SIM_PARAMS = {
  batchDelayMs: 1,
  batchSizeMax: 3,
  checkpointInterval: 4,
  logWindow: 8,
  pipelineMax: 3,
  requestTimeoutMs: 300,
  viewChangeTimeoutMs: 200,
} as const;

/**
 * The cluster's genesis for the shipped ledger: the members' cards (real vote keys and proofs: the rules
 * verify approvals with them; replica messages carry fake signatures under the same public keys), the
 * simulated clients and the operator as proposers.
 */
export function simClusterConfig(
  clusterId: string,
  members: readonly TestMember[],
  proposerKeys: readonly string[],
): ClusterConfig {
  return parseClusterConfig(
    {
      version: 1,
      clusterId,
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
      proposers: proposerKeys.map((k, i) => ({ name: `client-${i}`, publicKey: k })),
      parameters: { ...SIM_PARAMS },
    },
    `simulated cluster ${clusterId}`,
  );
}
