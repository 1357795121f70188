// Proposer keys: software Ed25519 keys that sign client requests (votes use HSM keys, never these).
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";

/** What signs a client request: a proposer key, or a member's vote key in its HSM (config changes). */
export interface RequestSigner {
  readonly publicKey: Uint8Array; // raw 32 bytes
  sign(bytes: Uint8Array): Uint8Array;
}

export interface ProposerKey extends RequestSigner {
  readonly privateKey: KeyObject;
}

export class ProposerKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProposerKeyError";
  }
}

function fromPrivate(privateKey: KeyObject): ProposerKey {
  if (privateKey.asymmetricKeyType !== "ed25519")
    throw new ProposerKeyError("a proposer key must be Ed25519");
  const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  return {
    privateKey,
    publicKey: new Uint8Array(spki.subarray(spki.length - 32)),
    sign: (bytes) => new Uint8Array(sign(null, bytes, privateKey)),
  };
}

export function generateProposerKey(): ProposerKey {
  return fromPrivate(generateKeyPairSync("ed25519").privateKey);
}

export function writeProposerKey(path: string, key: ProposerKey): void {
  writeFileSync(path, key.privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600, flag: "wx" });
}

/** Reads a PKCS#8 PEM Ed25519 key; refuses a file others can read. */
export function loadProposerKey(path: string): ProposerKey {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    throw new ProposerKeyError(`proposer key ${path} cannot be read`);
  }
  if ((st.mode & 0o077) !== 0)
    throw new ProposerKeyError(
      `proposer key ${path} is readable by others (mode ${(st.mode & 0o777).toString(8)}): chmod 600 it`,
    );
  try {
    return fromPrivate(createPrivateKey(readFileSync(path)));
  } catch (e) {
    if (e instanceof ProposerKeyError) throw e;
    throw new ProposerKeyError(`proposer key ${path} is not a PKCS#8 PEM Ed25519 private key`);
  }
}
