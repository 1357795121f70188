// The public API of @pbft/node: run a node, talk to a cluster as a client, make a testnet.
import "./polyfill.js";

export {
  amendmentProposal,
  newProposalId,
  nextRequestNumber,
  recordProposal,
  signRequest,
} from "./client/proposal.js";
export {
  ClusterClient,
  type ClusterClientOptions,
  receiptJson,
  SubmitError,
  type SubmitResult,
} from "./client/submit.js";
export { loadLocalNodeConfig, loadNodeConfig, type NodeConfig, NodeConfigError } from "./config.js";
export {
  type NodeStatus,
  type RunningNode,
  type SignerContext,
  type StartNodeOptions,
  startNode,
} from "./daemon/node.js";
export { generateProposerKey, loadProposerKey, type ProposerKey, ProposerKeyError } from "./proposer-key.js";
export { createTestnet, nodeHome, proposerKeyFile, type Testnet, type TestnetOptions } from "./testnet.js";
export type { ReplicaNetwork } from "./transport/index.js";
