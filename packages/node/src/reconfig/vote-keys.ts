// A member's vote keys as its CLI uses them (config approvals, rotation signatures, the requests carrying
// them): every key its home holds, the genesis one and those `pbft member rotate` added, each in its own
// token. Keys are used through the token, never read out of it. One process serves one home (SoftHSM binds
// a process to the token directory it first sees).
import { HsmToken } from "@pbft/hsm";
import { type LocalNodeConfig, loadLocalNodeConfig } from "../config.js";
import { readUserPin, useNodeSoftHsmConfig } from "../hsm-setup.js";
import type { RequestSigner } from "../proposer-key.js";

export interface HomeVoteKey {
  readonly tokenLabel: string;
  readonly keyLabel: string;
  /** Hex; for the genesis key it is read from the token. */
  readonly publicKey: string;
}

export class VoteKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VoteKeyError";
  }
}

export class MemberVoteKeys {
  private readonly tokens = new Map<string, HsmToken>();

  private constructor(
    readonly config: LocalNodeConfig,
    private readonly pin: string,
    /** Oldest first. */
    readonly keys: readonly HomeVoteKey[],
  ) {}

  static open(home: string): MemberVoteKeys {
    const cfg = loadLocalNodeConfig(home);
    useNodeSoftHsmConfig(cfg);
    const pin = readUserPin(cfg);
    const first = HsmToken.open({ tokenLabel: cfg.hsm.tokenLabel, pin, ...moduleOf(cfg) });
    const key = first.findVoteKey(cfg.hsm.keyLabel);
    if (key === null) {
      first.close();
      throw new VoteKeyError(
        `the token "${cfg.hsm.tokenLabel}" of ${cfg.home} has no vote key "${cfg.hsm.keyLabel}"`,
      );
    }
    const keys: HomeVoteKey[] = [
      {
        tokenLabel: cfg.hsm.tokenLabel,
        keyLabel: cfg.hsm.keyLabel,
        publicKey: Buffer.from(key.publicKey).toString("hex"),
      },
      ...(cfg.hsm.rotations ?? []).map((r) => ({
        tokenLabel: r.tokenLabel,
        keyLabel: r.keyLabel,
        publicKey: r.publicKey,
      })),
    ];
    const v = new MemberVoteKeys(cfg, pin, keys);
    v.tokens.set(cfg.hsm.tokenLabel, first);
    return v;
  }

  /** The newest key (after a rotation not yet applied, the one waiting for its epoch). */
  get newest(): HomeVoteKey {
    return this.keys[this.keys.length - 1]!;
  }

  /** The key whose public key is one of `inForce` (the member's key in the epoch in force), else null. */
  find(publicKeyHex: string): HomeVoteKey | null {
    return this.keys.find((k) => k.publicKey === publicKeyHex) ?? null;
  }

  token(label: string): HsmToken {
    let t = this.tokens.get(label);
    if (t === undefined) {
      t = HsmToken.open({ tokenLabel: label, pin: this.pin, ...moduleOf(this.config) });
      this.tokens.set(label, t);
    }
    return t;
  }

  /** Signs through the token that holds `key`; checks the token's key is the one expected. */
  signer(key: HomeVoteKey): RequestSigner {
    const token = this.token(key.tokenLabel);
    const publicKey = token.publicKey(key.keyLabel);
    if (Buffer.from(publicKey).toString("hex") !== key.publicKey)
      throw new VoteKeyError(
        `the key "${key.keyLabel}" in token "${key.tokenLabel}" is not ${key.publicKey} as node.json says`,
      );
    return { publicKey, sign: (bytes) => token.sign(key.keyLabel, bytes) };
  }

  close(): void {
    for (const t of this.tokens.values()) t.close();
    this.tokens.clear();
  }
}

function moduleOf(cfg: LocalNodeConfig): { modulePath?: string } {
  return cfg.hsm.module ? { modulePath: cfg.hsm.module } : {};
}
