export { CKK_EC_EDWARDS, CKM_EC_EDWARDS_KEY_PAIR_GEN, CKM_EDDSA, ED25519_EC_PARAMS } from "./constants.js";
export { HsmError, type HsmErrorCode } from "./errors.js";
export { DoubleSignGuard, type GuardHooks, type GuardOptions } from "./guard.js";
export { readPin } from "./pin.js";
export { createDeferredVoteSigner, type DeferredVoteSigner, type VoteSigner } from "./signer.js";
export { writeSoftHsmConfig } from "./softhsm-config.js";
export { defaultModulePath, HsmToken, initToken, tokenLabelInSlot, type VoteKey } from "./token.js";
export {
  Ed25519Verifier,
  ed25519PublicKey,
  ed25519Verify,
  generateSoftwareKeyPair,
  softwareSign,
} from "./verify.js";
