export {
  batchDigest,
  verifyCheckpointProof,
  verifyCommitCertificate,
  verifyPreparedProof,
} from "./certificate.js";
export type {
  CheckedRequest,
  CheckpointMsg,
  NewViewMsg,
  ReplicaMsg,
  Signed,
  ViewChangeMsg,
} from "./codec.js";
export { checkRequest, decodeMsg, decodeRequestBody, encodeMsg, openEnvelope, slotOf } from "./codec.js";
export { ConfigError, clusterParams, DEFAULT_PARAMS, primaryOf, quorumOf, resolveParams } from "./config.js";
export { CoreInvariantError } from "./errors.js";
export { isOutput, type OutputEffect, OutputGate } from "./gate.js";
export { bytesEqual, fromHex, HASH_BYTES, sha256, toHex } from "./hashing.js";
export {
  consistencyProof,
  historyLeaf,
  inclusionProof,
  MerkleFrontier,
  PROOF_HASHES_MAX,
  type ProofFailure,
  verifyConsistency,
  verifyInclusion,
} from "./log-tree.js";
export { Lru } from "./lru.js";
export {
  EMPTY_ROOT,
  leafHash,
  merkleLevels,
  merkleProof,
  merkleRoot,
  proofFromLevels,
  verifyMerkleProof,
} from "./merkle.js";
export type { IClientRequest, ICommitCertificate, ICommittedBatch, IEnvelope } from "./messages.js";
export { pbft } from "./messages.js";
export {
  FETCH_IN_FLIGHT_CHUNKS,
  Replica,
  type ReplicaOptions,
  type ReplicaStatus,
  type StateSummary,
} from "./replica.js";
export { domainTag, requestHash, type SignedKind, signedBytes } from "./signing.js";
export {
  CLOCK_SKEW_MAX_MS_DEFAULT,
  checkTime,
  isTime,
  NO_TIME,
  proposeTime,
  recordedTime,
  type TimeVerdict,
  timedDigest,
} from "./time.js";
export { timerKey } from "./timers.js";
export * from "./types.js";
export { type CheckedViewChange, checkViewChange, type NewViewPlan, planNewView } from "./viewchange.js";
