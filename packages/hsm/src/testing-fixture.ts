// Test support: a fresh SoftHSM2 token directory with one initialised token and a vote key.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSoftHsmConfig } from "./softhsm-config.js";
import { HsmToken, initToken } from "./token.js";

export interface TokenFixture {
  readonly dir: string;
  readonly conf: string;
  readonly tokenLabel: string;
  readonly keyLabel: string;
  readonly pin: string;
  readonly soPin: string;
}

/** Must run before the PKCS#11 module is first loaded in this process (SoftHSM reads SOFTHSM2_CONF then). */
export function makeTokenFixture(): TokenFixture {
  const dir = mkdtempSync(join(tmpdir(), "pbft-hsm-"));
  const conf = writeSoftHsmConfig(join(dir, "tokens"), join(dir, "softhsm2.conf"));
  process.env.SOFTHSM2_CONF = conf;
  const fx = {
    dir,
    conf,
    tokenLabel: "test-token",
    keyLabel: "vote-key",
    pin: randomBytes(6).toString("hex"),
    soPin: randomBytes(6).toString("hex"),
  };
  initToken({ label: fx.tokenLabel, soPin: fx.soPin, userPin: fx.pin });
  const token = HsmToken.open({ tokenLabel: fx.tokenLabel, pin: fx.pin });
  token.generateVoteKey(fx.keyLabel);
  token.close();
  return fx;
}
