export { fromBase64, fromHex, toBase64, toHex } from "./bytes.js";
export {
  ApiError,
  type ApiErrorBody,
  type ClientOptions,
  type Entry,
  type EntryPage,
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
export type { components, paths } from "./gen/openapi.js";
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
  type GenesisKeys,
  genesisHashOf,
  VerificationError,
  type VerifiedDecision,
  verifyEd25519,
  verifyMerkleProof,
  verifyReceipt,
} from "./verify.js";
