// Opening a node's HSM: SoftHSM reads SOFTHSM2_CONF once, when the PKCS#11 module initialises in this
// process, so a process serves exactly one node's token; `pbft testnet` runs one child process per node.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { HsmToken, initToken, readPin, writeSoftHsmConfig } from "@pbft/hsm";
import { type LocalNodeConfig, PIN_ENV } from "./config.js";

export const SO_PIN_ENV = "PBFT_HSM_SO_PIN";
export const SO_PIN_FILE = "hsm.so-pin";

/**
 * Points SoftHSM at this node's token directory, unless the operator set SOFTHSM2_CONF. The config is
 * rewritten at every start with the home's current absolute path, so a node directory can be moved or
 * mounted elsewhere (a container) and still find its token.
 */
export function useNodeSoftHsmConfig(cfg: Omit<LocalNodeConfig, "id">): void {
  if (process.env.SOFTHSM2_CONF !== undefined) return;
  process.env.SOFTHSM2_CONF = writeSoftHsmConfig(cfg.hsm.softhsmTokenDir, join(cfg.home, "softhsm2.conf"));
}

export function readUserPin(cfg: Omit<LocalNodeConfig, "id">): string {
  return readPin({ envVar: PIN_ENV, file: cfg.hsm.pinFile });
}

/** Writes a fresh random PIN to `path` with mode 0600; returns it (never printed or logged). */
export function writeNewPin(path: string): string {
  const pin = randomBytes(12).toString("hex");
  writeFileSync(path, `${pin}\n`, { mode: 0o600, flag: "wx" });
  return pin;
}

/**
 * Initialises the node's token when it does not exist yet and generates its vote key inside it when missing.
 * Returns the raw Ed25519 public key: the only part of the key that leaves the token.
 */
export function ensureVoteKey(cfg: LocalNodeConfig): Uint8Array {
  useNodeSoftHsmConfig(cfg);
  const pin = readUserPin(cfg);
  const modulePath = cfg.hsm.module;
  let token: HsmToken;
  try {
    token = HsmToken.open({ tokenLabel: cfg.hsm.tokenLabel, pin, ...(modulePath ? { modulePath } : {}) });
  } catch (e) {
    if ((e as { code?: string }).code !== "token-not-found") throw e;
    const soPin = readPin({ envVar: SO_PIN_ENV, file: join(cfg.home, SO_PIN_FILE) });
    initToken({ label: cfg.hsm.tokenLabel, soPin, userPin: pin, ...(modulePath ? { modulePath } : {}) });
    token = HsmToken.open({ tokenLabel: cfg.hsm.tokenLabel, pin, ...(modulePath ? { modulePath } : {}) });
  }
  try {
    const key = token.findVoteKey(cfg.hsm.keyLabel) ?? token.generateVoteKey(cfg.hsm.keyLabel);
    return key.publicKey;
  } finally {
    token.close();
  }
}
