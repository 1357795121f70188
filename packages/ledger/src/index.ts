export {
  type ClusterConfig,
  ClusterConfigError,
  clusterConfigSchema,
  loadClusterConfig,
  parseClusterConfig,
} from "./cluster-config.js";
export {
  type AmendmentProposal,
  amendmentSchema,
  type Decision,
  decide,
  MemoryRulesState,
  PROPOSAL_BYTES_MAX,
  type Proposal,
  REASONS,
  type Reason,
  type RecordProposal,
  type RuleInput,
  type RulesState,
  recordSchema,
} from "./rules.js";
