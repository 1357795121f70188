// `pbft member rotate`: a member's next vote key, generated inside a fresh token (a new SoftHSM token in the
// home, or an organisation's own token given by label), its new member card with both proofs of possession,
// and the rotation signature by the CURRENT vote key over the new card, so the members can check the
// rotation was asked for by whoever holds the key in force. node.json learns the new token, so the node
// signs with it from the epoch in which the key is the member's, and never before.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HsmToken, initToken } from "@pbft/hsm";
import { type ConfigOperation, rotationSigningBytes } from "@pbft/ledger";
import {
  CARD_KIND,
  cardSigningBytes,
  MEMBER_CARD_FILE,
  type MemberCard,
  readMemberCard,
  verifyMemberCard,
} from "../ceremony/card.js";
import { NODE_CONFIG_FILE } from "../config.js";
import { writeNewPin } from "../hsm-setup.js";
import { loadOrCreatePeerKey, peerIdOf } from "../transport/index.js";
import { MemberVoteKeys, VoteKeyError } from "./vote-keys.js";

export interface MemberRotateOptions {
  readonly home: string;
  readonly clusterId: string;
  /** The member's vote key in the epoch in force (hex), when known (else the newest key of the home). */
  readonly currentKey?: string;
  /** Use this existing token for the new key (an organisation's HSM); default: a new SoftHSM token. */
  readonly tokenLabel?: string;
  /** New replica/client addresses and HTTP address (else the current card's). */
  readonly network?: { addresses: string[]; clientAddresses: string[]; httpAddress?: string };
}

export interface MemberRotateResult {
  readonly name: string;
  readonly previousKey: string;
  readonly newKey: string;
  readonly tokenLabel: string;
  readonly cardPath: string;
  readonly rotationPath: string;
  readonly rotation: Extract<ConfigOperation, { op: "rotate-member" }>;
}

const NEW_KEY_LABEL = "vote";

function nextTokenLabel(base: string, k: number): string {
  const suffix = `-r${k}`;
  return `${base.slice(0, 32 - suffix.length)}${suffix}`;
}

export async function memberRotate(o: MemberRotateOptions): Promise<MemberRotateResult> {
  const keys = MemberVoteKeys.open(o.home);
  try {
    const cfg = keys.config;
    const current = o.currentKey === undefined ? keys.newest : keys.find(o.currentKey);
    if (current === null)
      throw new VoteKeyError(
        `${cfg.home} holds no vote key ${o.currentKey} (the member's key in the epoch in force): this is not that member's home, or its node.json lost a rotation`,
      );
    const k = (cfg.hsm.rotations ?? []).length + 1;
    // The newest card this home made: the one whose addresses the new card keeps unless told otherwise.
    const lastCard = join(cfg.home, `member-card-r${k - 1}.json`);
    const previous: MemberCard = readMemberCard(
      k > 1 && existsSync(lastCard) ? lastCard : join(cfg.home, MEMBER_CARD_FILE),
    );
    const tokenLabel = o.tokenLabel ?? nextTokenLabel(cfg.hsm.tokenLabel, k);
    const pin = readFileSync(cfg.hsm.pinFile, "utf8").trim();
    if (o.tokenLabel === undefined) {
      // A fresh token (a slot of its own) in the home's token directory, with the home's user PIN.
      const soPin = writeNewPin(join(cfg.home, `hsm.so-pin-r${k}`));
      initToken({
        label: tokenLabel,
        soPin,
        userPin: pin,
        ...(cfg.hsm.module ? { modulePath: cfg.hsm.module } : {}),
      });
    }
    const token = HsmToken.open({
      tokenLabel,
      pin,
      ...(cfg.hsm.module ? { modulePath: cfg.hsm.module } : {}),
    });
    let card: MemberCard;
    try {
      const voteKey = token.generateVoteKey(NEW_KEY_LABEL);
      const peerKey = await loadOrCreatePeerKey(cfg.peerKeyFile);
      const net = o.network ?? {
        addresses: previous.addresses,
        clientAddresses: previous.clientAddresses,
        ...(previous.httpAddress === undefined ? {} : { httpAddress: previous.httpAddress }),
      };
      const body = {
        version: 1 as const,
        kind: CARD_KIND,
        name: previous.name,
        votePublicKey: Buffer.from(voteKey.publicKey).toString("hex"),
        peerId: peerIdOf(peerKey),
        addresses: [...net.addresses],
        clientAddresses: [...net.clientAddresses],
        ...(net.httpAddress === undefined ? {} : { httpAddress: net.httpAddress }),
      };
      const bytes = cardSigningBytes(body);
      card = {
        ...body,
        proofs: {
          vote: Buffer.from(token.sign(NEW_KEY_LABEL, bytes)).toString("hex"),
          peer: Buffer.from(await peerKey.sign(bytes)).toString("hex"),
        },
      };
      await verifyMemberCard(card, "the new member card");
    } finally {
      token.close();
    }
    const signature = keys.signer(current).sign(rotationSigningBytes(o.clusterId, card));
    const rotation = {
      op: "rotate-member" as const,
      name: card.name,
      card,
      rotationSignature: Buffer.from(signature).toString("hex"),
    };
    const cardPath = join(cfg.home, `member-card-r${k}.json`);
    const rotationPath = join(cfg.home, `rotation-r${k}.json`);
    for (const p of [cardPath, rotationPath])
      if (existsSync(p)) throw new VoteKeyError(`${p} exists: member rotate never overwrites a file`);
    writeFileSync(cardPath, `${JSON.stringify(card, null, 2)}\n`, { flag: "wx", mode: 0o644 });
    writeFileSync(rotationPath, `${JSON.stringify(rotation, null, 2)}\n`, { flag: "wx", mode: 0o644 });
    // node.json (read raw: it keeps whatever else its writer put there) learns the new token.
    const nodeJson = join(cfg.home, NODE_CONFIG_FILE);
    const raw = JSON.parse(readFileSync(nodeJson, "utf8")) as { hsm: { rotations?: unknown[] } };
    raw.hsm.rotations = [
      ...(raw.hsm.rotations ?? []),
      { tokenLabel, keyLabel: NEW_KEY_LABEL, publicKey: card.votePublicKey },
    ];
    writeFileSync(nodeJson, `${JSON.stringify(raw, null, 2)}\n`);
    return {
      name: card.name,
      previousKey: current.publicKey,
      newKey: card.votePublicKey,
      tokenLabel,
      cardPath,
      rotationPath,
      rotation,
    };
  } finally {
    keys.close();
  }
}
