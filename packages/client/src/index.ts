export { fromBase64, fromHex, toBase64, toHex } from "./bytes.js";
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
  signProposal,
  type SignedRequest,
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
