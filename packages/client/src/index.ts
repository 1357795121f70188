export { fromBase64, fromHex, toBase64, toHex } from "./bytes.js";
export type { EpochKeys } from "./certificate.js";
export {
  ApiError,
  type ApiErrorBody,
  type ClientOptions,
  type Entry,
  type EntryPage,
  type EpochProof,
  type Genesis,
  type Head,
  PbftClient,
  type RecordDetail,
  type RecordPage,
  type RecordSummary,
  type RecordsQuery,
  type Status,
  type SubmitResponse,
  type Submitted,
} from "./client.js";
export {
  EPOCH_PROOF_FORMAT,
  type EpochHistory,
  EpochProofError,
  epochAt,
  genesisEpoch,
  historyOf,
  verifyEpochProof,
} from "./epochs.js";
export type { components, paths } from "./gen/openapi.js";
export { HEAD_FORMAT, type SignedHead, type VerifiedHead, verifySignedHead } from "./heads.js";
export {
  type AmendmentProposal,
  type AmendmentType,
  generateKey,
  keyFromPem,
  keyFromSecret,
  newUlid,
  type Proposal,
  type ProposalInput,
  type ProposerKey,
  type RecordProposal,
  type RecordType,
  type SignedRequest,
  signProposal,
} from "./keys.js";
export { canonicalJson, type RecordClaim, type RecordVerification, verifyRecord } from "./records.js";
export {
  entryHash,
  entryProofParts,
  type GenesisKeys,
  genesisHashOf,
  headerEpoch,
  type ProofParts,
  receiptParts,
  VerificationError,
  type VerifiedDecision,
  verifyEd25519,
  verifyMerkleProof,
  verifyParts,
  verifyReceipt,
} from "./verify.js";
