// Typed errors, each with a hint for the operator. Messages never contain a PIN.
export type HsmErrorCode =
  | "module-not-found"
  | "token-not-found"
  | "wrong-pin"
  | "pin-locked"
  | "key-missing"
  | "session-lost"
  | "guard-refused"
  | "guard-corrupt"
  | "guard-format"
  | "pin-file"
  | "hsm-failure";

const HINTS: Record<HsmErrorCode, string> = {
  "module-not-found": "install SoftHSM2 (apt-get install softhsm2) or pass the PKCS#11 module path",
  "token-not-found":
    "check the token label (or slot) and, for SoftHSM, that SOFTHSM2_CONF points at its token directory; pbft member init creates a token when none is named",
  "wrong-pin": "check the PIN file or environment variable; repeated failures lock the token",
  "pin-locked":
    "the user PIN is locked: the security officer must reset it (softhsm2-util / pkcs11-tool --init-pin)",
  "key-missing": "generate the vote key in this token (pbft testnet does it) or check the key label",
  "session-lost": "the HSM session was closed: re-open the session and log in again (restart the node)",
  "guard-refused": "this vote would contradict one already signed; a correct replica never asks for it",
  "guard-corrupt":
    "the double-sign guard file is damaged: do not restore an older copy (it lacks the latest votes); re-create the guard as packages/hsm/README.md, 'Re-creating the guard', says",
  "guard-format":
    "re-create the guard: keep the node stopped until every other member's stable checkpoint is at least the highest height any member showed after it stopped plus logWindow, with no view change in progress; then move this file aside and start the node (packages/hsm/README.md, 'Re-creating the guard')",
  "pin-file": "the PIN file must exist, be owned by this user and have mode 0600 (chmod 600)",
  "hsm-failure": "see the PKCS#11 return code",
};

export class HsmError extends Error {
  readonly hint: string;
  constructor(
    readonly code: HsmErrorCode,
    message: string,
  ) {
    super(`${message} (hint: ${HINTS[code]})`);
    this.name = "HsmError";
    this.hint = HINTS[code];
  }
}
