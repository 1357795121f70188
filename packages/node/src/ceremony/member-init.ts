// `pbft member init`: what one organisation runs on its own machine. The vote key is generated inside its
// PKCS#11 token, the libp2p identity next to it, node.json, and the public member card. Nothing here ever
// leaves the home directory except the card. SoftHSM binds a process to the token directory it first sees,
// so one process initialises one home.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { multiaddr } from "@multiformats/multiaddr";
import { HsmError, HsmToken, initToken, readPin, tokenLabelInSlot, writeSoftHsmConfig } from "@pbft/hsm";
import { DEFAULT_LIMITS, NODE_CONFIG_FILE, type NodeConfigFile, PIN_ENV } from "../config.js";
import { SO_PIN_FILE, writeNewPin } from "../hsm-setup.js";
import { loadOrCreatePeerKey, peerIdOf } from "../transport/index.js";
import { CARD_KIND, cardSigningBytes, MEMBER_CARD_FILE, type MemberCard, verifyMemberCard } from "./card.js";

export const GENESIS_FILE = "genesis.json";
const VOTE_KEY_LABEL = "vote";

/** Where the node listens and what its card advertises. */
export interface MemberNetwork {
  readonly listen: NodeConfigFile["listen"];
  readonly addresses: readonly string[];
  readonly clientAddresses: readonly string[];
  readonly httpAddress?: string;
}

export interface MemberInitOptions {
  readonly home: string;
  readonly name: string;
  /** A PKCS#11 module; default SoftHSM2. */
  readonly modulePath?: string;
  /** Use this existing, initialised token (else a new SoftHSM token is made in the home). */
  readonly tokenLabel?: string;
  /** Use the existing token in this slot id. */
  readonly slot?: number;
  /** The user PIN (else PBFT_HSM_PIN; a new token without either gets a random PIN in hsm.pin). */
  readonly pinFile?: string;
  readonly network: MemberNetwork;
}

export interface MemberInitResult {
  readonly home: string;
  readonly card: MemberCard;
  readonly cardPath: string;
}

export class MemberInitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MemberInitError";
  }
}

/**
 * `HOST:PORT` per address: replica on PORT, client on PORT+1, HTTP on PORT+2 (the testnet layout). The node
 * listens on the first address's ports, on 127.0.0.1 when that host is loopback, else on every interface.
 */
export function networkFromHostPorts(list: readonly string[]): MemberNetwork {
  if (list.length === 0) throw new MemberInitError("give at least one --addr HOST:PORT");
  const parsed = list.map((s) => {
    const m = /^([^\s:/]+):(\d{1,5})$/.exec(s);
    const port = m ? Number(m[2]) : Number.NaN;
    if (!m || port < 1 || port > 65533) throw new MemberInitError(`--addr ${s} is not HOST:PORT`);
    const host = m[1]!;
    const proto = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? "ip4" : "dns4";
    return { host, port, proto };
  });
  const first = parsed[0]!;
  const loopback = first.host === "127.0.0.1" || first.host === "localhost";
  const bind = loopback ? "127.0.0.1" : "0.0.0.0";
  return {
    listen: {
      replica: [`/ip4/${bind}/tcp/${first.port}`],
      client: [`/ip4/${bind}/tcp/${first.port + 1}`],
      http: `${bind}:${first.port + 2}`,
    },
    addresses: parsed.map((a) => `/${a.proto}/${a.host}/tcp/${a.port}`),
    clientAddresses: parsed.map((a) => `/${a.proto}/${a.host}/tcp/${a.port + 1}`),
    httpAddress: `${first.host}:${first.port + 2}`,
  };
}

/** A token label SoftHSM accepts (1 to 32 characters) made from the member's name. */
function labelFor(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 32) || "member";
}

export async function memberInit(o: MemberInitOptions): Promise<MemberInitResult> {
  if (!/^[^\s/\\][^/\\]{0,63}$/.test(o.name) || o.name.trim() !== o.name)
    throw new MemberInitError(`--name "${o.name}": 1 to 64 characters, no slashes or surrounding spaces`);
  for (const a of [...o.network.addresses, ...o.network.clientAddresses]) {
    try {
      multiaddr(a);
    } catch {
      throw new MemberInitError(`"${a}" is not a multiaddr`);
    }
  }
  if (o.tokenLabel !== undefined && o.slot !== undefined)
    throw new MemberInitError("give --token-label or --slot, not both");
  const home = resolve(o.home);
  const existed = existsSync(home);
  if (existed && readdirSync(home).length > 0)
    throw new MemberInitError(
      `${home} is not empty: member init never overwrites a member's keys; choose a new --home`,
    );
  if (o.modulePath !== undefined && !existsSync(o.modulePath))
    throw new MemberInitError(`--pkcs11-module ${o.modulePath} does not exist`);
  const modulePath = o.modulePath === undefined ? {} : { modulePath: resolve(o.modulePath) };
  const pinFile = o.pinFile === undefined ? undefined : resolve(o.pinFile);
  const existingToken = o.tokenLabel !== undefined || o.slot !== undefined;

  // Whatever fails from here leaves the home as it was: absent, or empty.
  let token: HsmToken | undefined;
  try {
    mkdirSync(home, { recursive: true, mode: 0o700 });
    let tokenLabel: string;
    let nodePinFile: string;
    if (existingToken) {
      // The organisation's own token (its SOFTHSM2_CONF, or a hardware module): only a key is added to it.
      tokenLabel = o.tokenLabel ?? tokenLabelInSlot(o.slot!, modulePath.modulePath);
      if (pinFile === undefined && !process.env[PIN_ENV])
        throw new MemberInitError(`no PIN for token "${tokenLabel}": give --pin-file or set ${PIN_ENV}`);
      const pin = readPin({ envVar: PIN_ENV, ...(pinFile ? { file: pinFile } : {}) });
      token = HsmToken.open({ tokenLabel, pin, ...modulePath });
      nodePinFile = pinFile ?? "hsm.pin";
    } else {
      // A new SoftHSM token in the home's own token directory, as on a machine of its own.
      process.env.SOFTHSM2_CONF = writeSoftHsmConfig(join(home, "tokens"), join(home, "softhsm2.conf"));
      tokenLabel = labelFor(o.name);
      const given = pinFile !== undefined || Boolean(process.env[PIN_ENV]);
      const pin = given
        ? readPin({ envVar: PIN_ENV, ...(pinFile ? { file: pinFile } : {}) })
        : writeNewPin(join(home, "hsm.pin"));
      const soPin = writeNewPin(join(home, SO_PIN_FILE));
      initToken({ label: tokenLabel, soPin, userPin: pin, ...modulePath });
      token = HsmToken.open({ tokenLabel, pin, ...modulePath });
      nodePinFile = pinFile ?? "hsm.pin";
    }
    const voteKey = token.generateVoteKey(VOTE_KEY_LABEL);
    const peerKey = await loadOrCreatePeerKey(join(home, "peer.key"));
    const body = {
      version: 1 as const,
      kind: CARD_KIND,
      name: o.name,
      votePublicKey: Buffer.from(voteKey.publicKey).toString("hex"),
      peerId: peerIdOf(peerKey),
      addresses: [...o.network.addresses],
      clientAddresses: [...o.network.clientAddresses],
      ...(o.network.httpAddress === undefined ? {} : { httpAddress: o.network.httpAddress }),
    };
    const bytes = cardSigningBytes(body);
    const card: MemberCard = {
      ...body,
      proofs: {
        vote: Buffer.from(token.sign(VOTE_KEY_LABEL, bytes)).toString("hex"),
        peer: Buffer.from(await peerKey.sign(bytes)).toString("hex"),
      },
    };
    await verifyMemberCard(card, "the new member card");
    const cfg: NodeConfigFile = {
      version: 1,
      cluster: GENESIS_FILE,
      listen: o.network.listen,
      dataDir: "data",
      peerKeyFile: "peer.key",
      guardFile: "guard.log",
      hsm: {
        ...(modulePath.modulePath === undefined ? {} : { module: modulePath.modulePath }),
        tokenLabel,
        keyLabel: VOTE_KEY_LABEL,
        pinFile: nodePinFile,
        softhsmTokenDir: "tokens",
      },
      limits: { ...DEFAULT_LIMITS },
      logLevel: "info",
    };
    writeFileSync(join(home, NODE_CONFIG_FILE), `${JSON.stringify(cfg, null, 2)}\n`, { flag: "wx" });
    const cardPath = join(home, MEMBER_CARD_FILE);
    writeFileSync(cardPath, `${JSON.stringify(card, null, 2)}\n`, { flag: "wx", mode: 0o644 });
    return { home, card, cardPath };
  } catch (e) {
    for (const entry of existsSync(home) ? readdirSync(home) : [])
      rmSync(join(home, entry), { recursive: true, force: true });
    if (!existed) rmSync(home, { recursive: true, force: true });
    if (e instanceof HsmError || e instanceof MemberInitError) throw e;
    throw new MemberInitError((e as Error).message);
  } finally {
    token?.close();
  }
}
