// The API as a part of a running node: TLS files and keys from node.json, reads from the node's ledger,
// submissions relayed through a cluster client on the node's own libp2p client protocol (the same path
// `pbft submit` takes, so the gateway's checks and limits apply to API traffic too).
import { readFileSync } from "node:fs";
import { quorumOf } from "@pbft/consensus";
import type { ClusterConfig, Ledger } from "@pbft/ledger";
import type { Logger } from "pino";
import { ClusterClient, SubmitError } from "../client/submit.js";
import type { ApiConfig } from "../config.js";
import { generateProposerKey } from "../proposer-key.js";
import { type ApiNodeStatus, type HeadSource, type StartedApi, startApi } from "./server.js";
import { loadWebAssets } from "./web.js";

export interface NodeApiOptions {
  readonly config: ApiConfig;
  readonly cluster: ClusterConfig;
  readonly genesisHash: string;
  readonly ledger: Ledger;
  readonly status: () => ApiNodeStatus;
  readonly frameBytesMax: number;
  readonly logger: Logger;
  readonly heads?: HeadSource;
}

export interface NodeApi {
  readonly port: number;
  stop(): Promise<void>;
}

export async function startNodeApi(o: NodeApiOptions): Promise<NodeApi> {
  const c = o.config;
  // The relay never signs: the key it is constructed with is a throwaway (requests arrive signed).
  const relay = await ClusterClient.connect({
    cluster: o.cluster,
    key: generateProposerKey(),
    frameBytesMax: o.frameBytesMax,
    retransmitMs: 500,
    // Sent to the members in force when the node starts (a node restarted after a membership change relays
    // to the new members; a running node keeps the list it started with).
    members: o.ledger.epoch().config.members,
    // After a reconfiguration the replies are attested by the new epoch's members: the relay learns them
    // from this node's own epoch proof, which it verifies from the genesis like any client (without it, every
    // API submission after the first configuration change waited for replies it could not accept).
    epochProof: () => o.ledger.epochProof(),
  });
  let api: StartedApi;
  try {
    api = await startApi(c.listen, {
      cluster: o.cluster,
      genesisHash: o.genesisHash,
      ledger: o.ledger,
      status: o.status,
      submit: async (request, requestNumber, proposalId, timeoutMs) => {
        const waited = await quorumReachable(o, Math.min(QUORUM_WAIT_MS, timeoutMs));
        return relay.submitSigned(request, requestNumber, proposalId, Math.max(1, timeoutMs - waited));
      },
      ...(o.heads ? { heads: o.heads } : {}),
      keys: c.keys,
      clientCerts: c.clientCerts,
      limits: c.limits,
      tls: {
        cert: readFileSync(c.tls.cert),
        key: readFileSync(c.tls.key),
        ...(c.tls.clientCa ? { clientCa: readFileSync(c.tls.clientCa) } : {}),
      },
      web: loadWebAssets(),
      logger: o.logger,
    });
  } catch (e) {
    await relay.close();
    throw e;
  }
  return {
    port: api.port,
    stop: async () => {
      await api.close();
      await relay.close();
    },
  };
}

/** How long a submission waits for this node's links to a quorum before 503 no-quorum (at most). */
const QUORUM_WAIT_MS = 5_000;

/**
 * Refuses a submission (503 no-quorum) when this node has open links to fewer members than a commit needs
 * (a quorum less itself, as /readyz judges; a whole quorum for an observer) for `waitMs`: nothing relayed could commit until
 * the network heals, and the caller learns it then instead of after the whole submit timeout (504). The
 * wait lets a node that just started finish dialling its peers. Returns the milliseconds waited.
 */
async function quorumReachable(o: NodeApiOptions, waitMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const s = o.status();
    const config = o.ledger.epoch().config;
    const needed =
      quorumOf({ clusterId: config.clusterId, n: config.members.length, f: config.f }) -
      (s.id === null ? 0 : 1);
    if (s.connectedPeers.length >= needed) return performance.now() - started;
    if (performance.now() - started >= waitMs)
      throw new SubmitError(
        "no-quorum",
        `this node reaches ${s.connectedPeers.length} other member(s) [${s.connectedPeers.join(", ")}], a commit needs ${needed}: retry later, or submit to another member`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}
