// The PKCS#11 adapter: a token, a logged-in session, Ed25519 vote keys generated inside it. Only public
// keys leave the token. One Cryptoki library instance per process (C_Initialize once).
import { existsSync } from "node:fs";
import pkcs11js from "pkcs11js";
import {
  CKK_EC_EDWARDS,
  CKM_EC_EDWARDS_KEY_PAIR_GEN,
  CKM_EDDSA,
  CKR_CRYPTOKI_ALREADY_INITIALIZED,
  CKR_DEVICE_REMOVED,
  CKR_PIN_INCORRECT,
  CKR_PIN_LOCKED,
  CKR_SESSION_CLOSED,
  CKR_SESSION_HANDLE_INVALID,
  CKR_TOKEN_NOT_PRESENT,
  CKR_USER_ALREADY_LOGGED_IN,
  ED25519_EC_PARAMS,
  SOFTHSM2_MODULE_PATHS,
} from "./constants.js";
import { HsmError } from "./errors.js";

type Handle = Buffer;

const MECHANISM_EDDSA: pkcs11js.Mechanism = { mechanism: CKM_EDDSA };

const loaded = new Map<string, pkcs11js.PKCS11>();

export function defaultModulePath(): string {
  const found = SOFTHSM2_MODULE_PATHS.find((p) => existsSync(p));
  if (found === undefined)
    throw new HsmError(
      "module-not-found",
      `SoftHSM2 module not found in ${SOFTHSM2_MODULE_PATHS.join(", ")}`,
    );
  return found;
}

function library(modulePath = defaultModulePath()): pkcs11js.PKCS11 {
  const existing = loaded.get(modulePath);
  if (existing !== undefined) return existing;
  if (!existsSync(modulePath))
    throw new HsmError("module-not-found", `PKCS#11 module ${modulePath} does not exist`);
  const lib = new pkcs11js.PKCS11();
  try {
    lib.load(modulePath);
  } catch (e) {
    throw new HsmError(
      "module-not-found",
      `${modulePath} is not a loadable PKCS#11 module: ${(e as Error).message}`,
    );
  }
  try {
    lib.C_Initialize();
  } catch (e) {
    if (codeOf(e) !== CKR_CRYPTOKI_ALREADY_INITIALIZED) throw translate(e, "C_Initialize");
  }
  loaded.set(modulePath, lib);
  return lib;
}

function codeOf(e: unknown): number | null {
  return typeof e === "object" && e !== null && "code" in e && typeof e.code === "number" ? e.code : null;
}

/** Maps a PKCS#11 failure to a typed error; the PIN is never part of any message. */
function translate(e: unknown, what: string): HsmError {
  switch (codeOf(e)) {
    case CKR_PIN_INCORRECT:
      return new HsmError("wrong-pin", `${what}: the PIN is incorrect`);
    case CKR_PIN_LOCKED:
      return new HsmError("pin-locked", `${what}: the PIN is locked`);
    case CKR_SESSION_CLOSED:
    case CKR_SESSION_HANDLE_INVALID:
    case CKR_DEVICE_REMOVED:
    case CKR_TOKEN_NOT_PRESENT:
      return new HsmError("session-lost", `${what}: the session is no longer valid`);
    default: {
      const code = codeOf(e);
      return new HsmError(
        "hsm-failure",
        `${what} failed${code === null ? "" : ` (CKR 0x${code.toString(16)})`}`,
      );
    }
  }
}

function label32(label: string): string {
  if (label.length === 0 || label.length > 32) throw new RangeError("a token label has 1 to 32 characters");
  return label.padEnd(32, " ");
}

function findSlot(lib: pkcs11js.PKCS11, tokenLabel: string): Handle | null {
  for (const slot of lib.C_GetSlotList(true)) {
    const info = lib.C_GetTokenInfo(slot);
    if (info.label.trim() === tokenLabel && (info.flags & pkcs11js.CKF_TOKEN_INITIALIZED) !== 0) return slot;
  }
  return null;
}

/** The label of the initialised token in slot `slotId` (the id `pkcs11-tool --list-slots` prints). */
export function tokenLabelInSlot(slotId: number, modulePath?: string): string {
  const lib = library(modulePath);
  for (const slot of lib.C_GetSlotList(true)) {
    const id = slot.length >= 8 ? Number(slot.readBigUInt64LE(0)) : slot.readUInt32LE(0);
    if (id !== slotId) continue;
    const info = lib.C_GetTokenInfo(slot);
    if ((info.flags & pkcs11js.CKF_TOKEN_INITIALIZED) === 0) break;
    return info.label.trim();
  }
  throw new HsmError("token-not-found", `no initialised token in slot ${slotId}`);
}

/** Initialises a fresh token in a free slot and sets its user PIN. Returns nothing secret. */
export function initToken(opts: {
  readonly modulePath?: string;
  readonly label: string;
  readonly soPin: string;
  readonly userPin: string;
}): void {
  const lib = library(opts.modulePath);
  if (findSlot(lib, opts.label) !== null)
    throw new HsmError("hsm-failure", `a token labelled "${opts.label}" already exists`);
  const free = lib
    .C_GetSlotList(true)
    .find((s) => (lib.C_GetTokenInfo(s).flags & pkcs11js.CKF_TOKEN_INITIALIZED) === 0);
  if (free === undefined) throw new HsmError("token-not-found", "no free slot to initialise a token in");
  try {
    lib.C_InitToken(free, opts.soPin, label32(opts.label));
  } catch (e) {
    throw translate(e, "C_InitToken");
  }
  // SoftHSM moves an initialised token to a new slot id: look it up by label.
  const slot = findSlot(lib, opts.label);
  if (slot === null)
    throw new HsmError("token-not-found", `token "${opts.label}" not found after initialisation`);
  const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  try {
    lib.C_Login(session, pkcs11js.CKU_SO, opts.soPin);
    lib.C_InitPIN(session, opts.userPin);
    lib.C_Logout(session);
  } catch (e) {
    throw translate(e, "setting the user PIN");
  } finally {
    lib.C_CloseSession(session);
  }
}

export interface VoteKey {
  readonly label: string;
  readonly publicKey: Uint8Array; // raw 32-byte Ed25519
}

/** A logged-in session on one token. */
export class HsmToken {
  private session: Handle;
  private readonly keys = new Map<string, Handle>();
  private readonly signingKeys = new Map<string, Handle>();

  private constructor(
    private readonly lib: pkcs11js.PKCS11,
    private readonly tokenLabel: string,
    private readonly pin: string,
    private readonly sessionKeyCopy: boolean,
  ) {
    this.session = this.login();
  }

  /**
   * `sessionKeyCopy` (default true): sign with a session copy of the private key made inside the token by
   * C_CopyObject. SoftHSM's file store re-reads the token's generation file and the key's object file
   * before every use of a token object (2 opens, 4 locks per sign); a session object lives in the token's
   * memory, which saves ~15-20% of the CPU per sign. The copy stays sensitive and not extractable (PKCS#11
   * forbids a copy to relax either, and this is checked), never leaves the token, and disappears with the
   * session. When the token refuses to copy (CKA_COPYABLE false, or no room), the token object is used.
   */
  static open(opts: {
    readonly modulePath?: string;
    readonly tokenLabel: string;
    readonly pin: string;
    readonly sessionKeyCopy?: boolean;
  }): HsmToken {
    return new HsmToken(library(opts.modulePath), opts.tokenLabel, opts.pin, opts.sessionKeyCopy ?? true);
  }

  private login(): Handle {
    const slot = findSlot(this.lib, this.tokenLabel);
    if (slot === null)
      throw new HsmError("token-not-found", `no initialised token labelled "${this.tokenLabel}"`);
    const session = this.lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    try {
      this.lib.C_Login(session, pkcs11js.CKU_USER, this.pin);
    } catch (e) {
      if (codeOf(e) !== CKR_USER_ALREADY_LOGGED_IN) {
        this.lib.C_CloseSession(session);
        throw translate(e, `login to token "${this.tokenLabel}"`);
      }
    }
    return session;
  }

  /** Re-opens the session and logs in again (after a session-lost error). */
  reopen(): void {
    try {
      this.lib.C_CloseSession(this.session);
    } catch {
      // already gone: that is why we reopen
    }
    this.keys.clear();
    this.signingKeys.clear(); // session copies died with the session
    this.session = this.login();
  }

  private find(cls: number, label: string): Handle | null {
    this.lib.C_FindObjectsInit(this.session, [
      { type: pkcs11js.CKA_CLASS, value: cls },
      { type: pkcs11js.CKA_LABEL, value: label },
    ]);
    try {
      const [h] = this.lib.C_FindObjects(this.session, 1);
      return h ?? null;
    } finally {
      this.lib.C_FindObjectsFinal(this.session);
    }
  }

  /** Generates an Ed25519 key pair inside the token: the private key is sensitive and never extractable. */
  generateVoteKey(label: string): VoteKey {
    if (this.find(pkcs11js.CKO_PRIVATE_KEY, label) !== null)
      throw new HsmError("hsm-failure", `a key labelled "${label}" already exists in this token`);
    try {
      this.lib.C_GenerateKeyPair(
        this.session,
        { mechanism: CKM_EC_EDWARDS_KEY_PAIR_GEN },
        [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
          { type: pkcs11js.CKA_KEY_TYPE, value: CKK_EC_EDWARDS },
          { type: pkcs11js.CKA_TOKEN, value: true },
          { type: pkcs11js.CKA_VERIFY, value: true },
          { type: pkcs11js.CKA_LABEL, value: label },
          { type: pkcs11js.CKA_EC_PARAMS, value: ED25519_EC_PARAMS },
        ],
        [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
          { type: pkcs11js.CKA_KEY_TYPE, value: CKK_EC_EDWARDS },
          { type: pkcs11js.CKA_TOKEN, value: true },
          { type: pkcs11js.CKA_PRIVATE, value: true },
          { type: pkcs11js.CKA_SENSITIVE, value: true },
          { type: pkcs11js.CKA_EXTRACTABLE, value: false },
          { type: pkcs11js.CKA_SIGN, value: true },
          { type: pkcs11js.CKA_LABEL, value: label },
        ],
      );
    } catch (e) {
      throw translate(e, "generating the vote key");
    }
    return { label, publicKey: this.publicKey(label) };
  }

  /** The raw 32-byte public key of the key pair labelled `label`. */
  publicKey(label: string): Uint8Array {
    const pub = this.find(pkcs11js.CKO_PUBLIC_KEY, label);
    if (pub === null)
      throw new HsmError("key-missing", `no vote key labelled "${label}" in token "${this.tokenLabel}"`);
    const [attr] = this.lib.C_GetAttributeValue(this.session, pub, [{ type: pkcs11js.CKA_EC_POINT }]);
    const point = attr?.value;
    // CKA_EC_POINT is a DER OCTET STRING: 04 20 followed by the 32 key bytes.
    if (!Buffer.isBuffer(point) || point.length !== 34 || point[0] !== 0x04 || point[1] !== 0x20)
      throw new HsmError("hsm-failure", `unexpected CKA_EC_POINT encoding for key "${label}"`);
    return new Uint8Array(point.subarray(2));
  }

  findVoteKey(label: string): VoteKey | null {
    return this.find(pkcs11js.CKO_PRIVATE_KEY, label) === null
      ? null
      : { label, publicKey: this.publicKey(label) };
  }

  /** Private-key attributes, for audits and tests: never the key itself. */
  privateKeyAttributes(label: string): { sensitive: boolean; extractable: boolean; valueReadable: boolean } {
    const h = this.privateKey(label);
    const [s, x] = this.lib.C_GetAttributeValue(this.session, h, [
      { type: pkcs11js.CKA_SENSITIVE },
      { type: pkcs11js.CKA_EXTRACTABLE },
    ]);
    let valueReadable = true;
    try {
      this.lib.C_GetAttributeValue(this.session, h, [{ type: pkcs11js.CKA_VALUE }]);
    } catch {
      valueReadable = false;
    }
    const flag = (v: Buffer | undefined) => v !== undefined && v.length > 0 && v[0] === 1;
    return { sensitive: flag(s?.value), extractable: flag(x?.value), valueReadable };
  }

  private privateKey(label: string): Handle {
    let h = this.keys.get(label);
    if (h === undefined) {
      const found = this.find(pkcs11js.CKO_PRIVATE_KEY, label);
      if (found === null)
        throw new HsmError("key-missing", `no vote key labelled "${label}" in token "${this.tokenLabel}"`);
      h = found;
      this.keys.set(label, h);
    }
    return h;
  }

  /** The handle signatures are made with: a checked session copy of the key when allowed, else the key. */
  private signingKey(label: string): Handle {
    const cached = this.signingKeys.get(label);
    if (cached !== undefined) return cached;
    const key = this.privateKey(label);
    let chosen = key;
    if (this.sessionKeyCopy) {
      let copy: Handle | null = null;
      try {
        copy = this.lib.C_CopyObject(this.session, key, [{ type: pkcs11js.CKA_TOKEN, value: false }]);
        const [s, x, t] = this.lib.C_GetAttributeValue(this.session, copy, [
          { type: pkcs11js.CKA_SENSITIVE },
          { type: pkcs11js.CKA_EXTRACTABLE },
          { type: pkcs11js.CKA_TOKEN },
        ]);
        const flag = (v: Buffer | undefined) => v !== undefined && v.length > 0 && v[0] === 1;
        if (flag(s?.value) && !flag(x?.value) && !flag(t?.value)) chosen = copy;
        else this.lib.C_DestroyObject(this.session, copy);
      } catch {
        // The token does not copy this key (CKA_COPYABLE false, no room): sign with the token object.
        if (copy !== null)
          try {
            this.lib.C_DestroyObject(this.session, copy);
          } catch {
            // it may not exist
          }
      }
    }
    this.signingKeys.set(label, chosen);
    return chosen;
  }

  /** Whether signatures for `label` are made with a session copy of the key (see `open`). */
  signsWithSessionCopy(label: string): boolean {
    return this.signingKey(label) !== this.privateKey(label);
  }

  /** Ed25519 signature (64 bytes) over `data` with the key labelled `label`; reconnects once if the session was lost. */
  sign(label: string, data: Uint8Array): Uint8Array {
    const attempt = (): Uint8Array => {
      const key = this.signingKey(label);
      this.lib.C_SignInit(this.session, MECHANISM_EDDSA, key);
      const out = this.lib.C_Sign(
        this.session,
        Buffer.from(data.buffer, data.byteOffset, data.byteLength),
        Buffer.alloc(64),
      );
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    };
    try {
      return attempt();
    } catch (e) {
      const err = e instanceof HsmError ? e : translate(e, "C_Sign");
      if (err.code !== "session-lost") throw err;
      this.reopen();
      try {
        return attempt();
      } catch (e2) {
        throw e2 instanceof HsmError ? e2 : translate(e2, "C_Sign after re-login");
      }
    }
  }

  close(): void {
    try {
      this.lib.C_Logout(this.session);
    } catch {
      // logging out of a dead session is not an error worth reporting
    }
    try {
      this.lib.C_CloseSession(this.session);
    } catch {
      // as above
    }
  }
}
