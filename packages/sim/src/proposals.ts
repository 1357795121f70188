// What the simulated clients propose: well-formed records of the product's own schema, so the shipped
// rules accept them and every honest ledger records the same decisions; the cluster config that authorises
// the clients' keys for the shipped ledger.
import { sha256, toHex } from "@pbft/consensus";
import { type ClusterConfig, parseClusterConfig } from "@pbft/ledger";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const enc = new TextEncoder();

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

/** The cluster's genesis for the shipped ledger: n members (vote keys unused by the fake verifier), the clients. */
export function simClusterConfig(
  clusterId: string,
  n: number,
  clientKeys: readonly Uint8Array[],
): ClusterConfig {
  return parseClusterConfig(
    {
      version: 1,
      clusterId,
      f: Math.floor((n - 1) / 3),
      members: Array.from({ length: n }, (_, id) => ({
        id,
        name: `member-${id}`,
        peerId: `sim-peer-${id}`,
        addresses: [`/ip4/127.0.0.1/tcp/${20_000 + id}`],
        votePublicKey: toHex(sha256(enc.encode(`sim-vote-${id}`))),
      })),
      proposers: clientKeys.map((k, i) => ({ name: `client-${i}`, publicKey: toHex(k) })),
      parameters: {},
    },
    `simulated cluster ${clusterId}`,
  );
}
