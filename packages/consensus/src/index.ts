export { bytesEqual, fromHex, HASH_BYTES, sha256, toHex } from "./hashing.js";
export { EMPTY_ROOT, leafHash, merkleProof, merkleRoot, verifyMerkleProof } from "./merkle.js";
export type { IClientRequest, ICommitCertificate, ICommittedBatch, IEnvelope } from "./messages.js";
export { pbft } from "./messages.js";
export { domainTag, requestHash, type SignedKind, signedBytes } from "./signing.js";
export * from "./types.js";
