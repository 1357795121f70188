export {
  clientKeyOf,
  decidedAt,
  entryTime,
  type Proposer,
  ProposerDirectory,
  proposalJson,
  proposerLabel,
} from "./attribution.js";
export { type ClusterKeys, checkAttestations, checkCertificate, clusterKeys } from "./certificate.js";
export {
  type ClusterConfig,
  ClusterConfigError,
  canonicalJson,
  clusterConfigHash,
  clusterConfigSchema,
  GENESIS_FORMAT,
  loadClusterConfig,
  parseClusterConfig,
} from "./cluster-config.js";
export {
  approvalSigningBytes,
  CONFIG_KINDS,
  type ConfigApproval,
  type ConfigChange,
  type ConfigOperation,
  configApprovalSchema,
  configChangeHash,
  configChangeSchema,
  configOperationSchema,
  rotationSigningBytes,
} from "./config-change.js";
export type { Approval, ChangeRecord, ChangeStatus } from "./config-state.js";
export { readConfigRecords, type StoredConfigRecords } from "./config-store.js";
export {
  approval as testApproval,
  configChange as testConfigChange,
  rotateOp as testRotateOp,
  signWith,
  type TestKey,
  type TestMember,
  testCertificate,
  testEnvelope,
  testKey,
  testMember,
  testRequest,
  testUlid,
} from "./config-testing.js";
export { ConfigWorld, type ConfigWorldOptions, worldGenesis } from "./config-world.js";
export {
  type BatchToExecute,
  type ClientTableRow,
  EVIDENCE_MAX,
  type Executed,
  type Head,
} from "./core.js";
export { verifyEd25519 } from "./ed25519.js";
export {
  type EndorsedBy,
  type Endorsement,
  type EndorsementStatus,
  endorsementSchema,
  type Governed,
  statusAt,
} from "./endorsement.js";
export {
  batchDigestOf,
  decodeEntry,
  entryHash,
  resultsDigestOf,
  type StoredEntry,
  ZERO_HASH,
} from "./entry.js";
export {
  checkVouchers,
  contiguousEpochProof,
  EPOCH_PROOF_FORMAT,
  type EpochHop,
  type EpochProof,
  EpochProofError,
  epochHopSchema,
  epochProofSchema,
  epochQuorum,
  hopEpoch,
  verifyEpochHop,
  verifyEpochProof,
} from "./epoch-proof.js";
export {
  applyChange,
  compareNames,
  type EpochConfig,
  type EpochRecord,
  epochConfigHash,
  genesisEpoch,
  paramsOf,
  parseEpochConfig,
} from "./epochs.js";
export { LedgerError, type LedgerErrorCode } from "./errors.js";
export { type ExecutedRequest, executeBatch } from "./execute.js";
export {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  exportLedger,
  exportLedgerToFile,
  importLedger,
  readExport,
} from "./export.js";
export { LEDGER_FORMAT } from "./format.js";
export type { HeadSummary, MinHead } from "./head-check.js";
export { type EpochsLedger, ledgerThroughEpochs, ledgerWithHeads } from "./heads-testing.js";
export { type History, leavesOf, readHistory } from "./history.js";
export { Prefix } from "./keys.js";
export type { KvOp, KvRange, KvStore, KvWriteOptions } from "./kv.js";
export { MemoryKv } from "./kv.js";
export { LevelKv, type LevelKvOptions } from "./level-kv.js";
export {
  CARD_KIND,
  cardSigningBytes,
  type MemberCard,
  type MemberCardBody,
  memberCardProblem,
  memberCardSchema,
  peerIdOfEd25519,
  peerIdPublicKey,
} from "./member-card.js";
export { MemoryLedger } from "./memory-ledger.js";
export { type MigrationOptions, type MigrationResult, migrateLedger, migrateStore } from "./migrate.js";
export {
  type Policy,
  policyProblems,
  proposerOrgs,
  RECORD_TYPES,
  type RecordType,
  resolvePolicy,
} from "./policy.js";
export type { LedgerProgress, ProgressOptions } from "./progress.js";
export {
  CONSISTENCY_FORMAT,
  type ConsistencyProof,
  checkConsistency,
  INCLUSION_FORMAT,
  type InclusionProof,
  ProofError,
  proveConsistency,
  proveInclusion,
  verifyConsistencyProof,
  verifyInclusionProof,
} from "./proofs.js";
export {
  type LedgerQuery,
  QUERY_LIMIT_MAX,
  type QueryAnswer,
  type QueryRow,
  type QueryStatus,
} from "./query.js";
export { wordsOf } from "./query-index.js";
export {
  buildReaderEdition,
  type PendingAmendment,
  READER_STATUSES,
  type ReaderEdition,
  type ReaderEditionJson,
  type ReaderEndorsement,
  type ReaderFilters,
  type ReaderOptions,
  type ReaderRecord,
  readerEditionFilters,
  readerEditionHead,
  type Trace,
} from "./reader.js";
export {
  assembleReceipt,
  buildReply,
  type ReceiptDecision,
  ReceiptError,
  type ReceiptVerifyOptions,
  type ReplyTrees,
  replyTrees,
  verifyReceipt,
} from "./receipt.js";
export {
  type AmendmentStep,
  applyAmendment,
  currentVersion,
  governedAsOf,
  inForceHeight,
  type RecordVersion,
} from "./record-version.js";
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
export {
  type EpochMembers,
  encodeSignedHead,
  epochConfigs,
  HEAD_FORMAT,
  HeadError,
  type HeadErrorCode,
  type HeadSignature,
  headEnvelopes,
  headFromProof,
  headLine,
  membersOfEpoch,
  parseHeadLine,
  parseSignedHead,
  type SignedHead,
  verifySignedHead,
} from "./signed-head.js";
export {
  HEAD_REACH,
  headProofOf,
  type StateReplyBatches,
  type StateReplyLimits,
  storedHeaderBytes,
} from "./state-reply.js";
export { Ledger, ledgerInUse } from "./store.js";
export { type RawItem, type VerifyOptions, type VerifyResult, verifyLedger, verifyStream } from "./verify.js";
