// The key ceremony: `pbft member init` (each organisation, on its own machine), `pbft proposer keygen`,
// `pbft genesis create` (anyone, from public files only) and `pbft genesis verify` (every member, before
// starting its node). See the README's "Key ceremony".
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { HsmError } from "@pbft/hsm";
import { Option } from "commander";
import { CardError, readMemberCard } from "../../ceremony/card.js";
import {
  createGenesis,
  GenesisError,
  proposerKeygen as makeProposerKey,
  readProposerPublic,
  verifyGenesis,
} from "../../ceremony/genesis.js";
import {
  MemberInitError,
  type MemberNetwork,
  memberInit,
  networkFromHostPorts,
} from "../../ceremony/member-init.js";
import { PIN_ENV } from "../../config.js";
import { type CommandModule, jsonOption } from "../command.js";
import { CliError, EXIT, parseIntOption, print, printJson } from "../common.js";

function ceremonyError(e: unknown): unknown {
  if (e instanceof HsmError)
    return new CliError(e.message, e.code === "module-not-found" ? EXIT["not-found"] : EXIT.usage, {
      code: e.code,
    });
  if (e instanceof MemberInitError || e instanceof CardError) return new CliError(e.message, EXIT.usage);
  if (e instanceof GenesisError)
    return new CliError(e.message, /cannot be read|ENOENT/.test(e.message) ? EXIT["not-found"] : EXIT.usage);
  return e;
}

/** The whole ceremony, shown under each of its commands' --help. */
const CEREMONY_STEPS = `
The key ceremony (no secret ever leaves an organisation's machine):
  1. each organisation:  pbft member init --home DIR --name ORG --addr HOST:PORT
                         and sends DIR/member-card.json to the others
  2. each proposer:      pbft proposer keygen --out DIR --name N --org ORG
                         and sends DIR/proposer.pub.json
  3. anyone (everyone):  pbft genesis create --members CARD... --proposers PUB... --out genesis.json
                         prints the genesis hash; the same files in any order give the same hash
  4. each organisation:  pbft genesis verify genesis.json --hash H, copies it to DIR/genesis.json,
                         then pbft node start --home DIR`;

const collect = (v: string, prev: readonly string[] = []): string[] => [...prev, v];

export interface MemberInitCliOptions {
  readonly home: string;
  readonly name: string;
  readonly pkcs11Module?: string;
  readonly tokenLabel?: string;
  readonly slot?: number;
  readonly pinFile?: string;
  readonly addr?: readonly string[];
  /** Hidden, for `pbft testnet`: the exact listen and advertised addresses (MemberNetwork as JSON). */
  readonly network?: string;
  readonly json?: boolean;
}

function parseNetwork(json: string): MemberNetwork {
  try {
    const v = JSON.parse(json) as MemberNetwork;
    if (!v.listen || !Array.isArray(v.addresses) || !Array.isArray(v.clientAddresses))
      throw new Error("listen, addresses and clientAddresses are required");
    return v;
  } catch (e) {
    throw new CliError(`--network: ${(e as Error).message}`);
  }
}

export const memberInitCommand: CommandModule<MemberInitCliOptions> = {
  path: ["member", "init"],
  description:
    "one organisation's keys, on its own machine: the vote key generated inside its PKCS#11 token, a libp2p peer key, node.json, and the public member-card.json to send to the others",
  declare: (c) =>
    c
      .requiredOption("--home <dir>", "the member's new directory (must be absent or empty)")
      .requiredOption("--name <org>", "the organisation's member name (unique in the cluster)")
      .option("--pkcs11-module <path>", "the PKCS#11 module (default: SoftHSM2)")
      .option(
        "--token-label <label>",
        "use this existing token (its PIN from --pin-file or $PBFT_HSM_PIN); default: a new SoftHSM token in the home",
      )
      .option("--slot <id>", "use the existing token in this slot id", parseIntOption("--slot"))
      .option("--pin-file <file>", `the token's user PIN, a file of mode 0600 (else $${PIN_ENV})`)
      .option(
        "--addr <host:port...>",
        "where the other members reach this node (replica PORT, client PORT+1, HTTP PORT+2); repeatable",
        collect,
      )
      .addOption(new Option("--network <json>").hideHelp())
      .addOption(jsonOption())
      .addHelpText("after", CEREMONY_STEPS),
  handler: async (o) => {
    try {
      const r = await memberInit({
        home: o.home,
        name: o.name,
        ...(o.pkcs11Module ? { modulePath: o.pkcs11Module } : {}),
        ...(o.tokenLabel ? { tokenLabel: o.tokenLabel } : {}),
        ...(o.slot !== undefined ? { slot: o.slot } : {}),
        ...(o.pinFile ? { pinFile: o.pinFile } : {}),
        network: o.network ? parseNetwork(o.network) : networkFromHostPorts(o.addr ?? ["127.0.0.1:7000"]),
      });
      if (o.json) printJson({ home: r.home, card: r.cardPath, ...r.card });
      else {
        print(`member ${r.card.name} initialised in ${r.home}`);
        print(`  vote public key ${r.card.votePublicKey} (generated inside the token)`);
        print(`  peer id         ${r.card.peerId}`);
        print(`  member card     ${r.cardPath}  <- send this file (only this one) to the others`);
      }
    } catch (e) {
      throw ceremonyError(e);
    }
  },
};

export interface ProposerKeygenOptions {
  readonly out: string;
  readonly name: string;
  readonly org?: string;
  readonly json?: boolean;
}

export const proposerKeygen: CommandModule<ProposerKeygenOptions> = {
  path: ["proposer", "keygen"],
  description:
    "a proposer's Ed25519 key pair: proposer.key (private, keep it) and proposer.pub.json (share it for the genesis)",
  declare: (c) =>
    c
      .requiredOption("--out <dir>", "where to write proposer.key and proposer.pub.json")
      .option("--name <name>", "the proposer's name in the genesis", "proposer")
      .option("--org <org>", "the proposer's organisation")
      .addOption(jsonOption())
      .addHelpText("after", CEREMONY_STEPS),
  handler: (o) => {
    try {
      const r = makeProposerKey({ out: o.out, name: o.name, ...(o.org ? { org: o.org } : {}) });
      if (o.json) printJson(r);
      else {
        print(`proposer key ${r.keyFile} (private: keep it)`);
        print(`public file  ${r.publicFile} (share it; public key ${r.publicKey})`);
      }
    } catch (e) {
      throw ceremonyError(e);
    }
  },
};

export interface GenesisCreateOptions {
  readonly members: readonly string[];
  readonly proposers: readonly string[];
  readonly params?: string;
  readonly clusterId?: string;
  readonly out: string;
  readonly force?: boolean;
  readonly json?: boolean;
}

function readParams(path: string): Record<string, number> {
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new CliError(`cannot read --params ${path}: ${(e as Error).message}`, EXIT["not-found"]);
  }
  if (
    v === null ||
    typeof v !== "object" ||
    Array.isArray(v) ||
    !Object.values(v).every((x) => typeof x === "number" && Number.isFinite(x))
  )
    throw new CliError(`--params ${path} must be a JSON object of numbers, e.g. {"requestTimeoutMs": 600}`);
  return v as Record<string, number>;
}

export const genesisCreate: CommandModule<GenesisCreateOptions> = {
  path: ["genesis", "create"],
  description:
    "assemble the genesis from member cards and proposer public files (checks every proof of possession; deterministic: prints the genesis hash everyone compares)",
  declare: (c) =>
    c
      .requiredOption("--members <card...>", "the member cards (member-card.json), any order")
      .requiredOption("--proposers <pub...>", "the proposers' proposer.pub.json files, any order")
      .option("--params <file>", "protocol parameters, a JSON object of numbers")
      .option("--cluster-id <id>", "cluster id (default: derived from the content)")
      .requiredOption("--out <file>", "where to write the genesis (genesis.json)")
      .option("--force", "replace an existing --out file", false)
      .addOption(jsonOption())
      .addHelpText("after", CEREMONY_STEPS),
  handler: async (o) => {
    try {
      if (existsSync(o.out) && !o.force)
        throw new CliError(`${o.out} exists: choose another --out or pass --force`);
      const cards = o.members.map((source) => ({ card: readMemberCard(source), source }));
      const proposers = o.proposers.map(readProposerPublic);
      const g = await createGenesis({
        cards,
        proposers,
        ...(o.params ? { parameters: readParams(o.params) } : {}),
        ...(o.clusterId ? { clusterId: o.clusterId } : {}),
      });
      writeFileSync(o.out, g.text);
      if (o.json)
        printJson({
          genesis: resolve(o.out),
          hash: g.hash,
          clusterId: g.config.clusterId,
          n: g.config.members.length,
          f: g.config.f,
        });
      else {
        print(
          `genesis ${resolve(o.out)}: cluster ${g.config.clusterId}, ${g.config.members.length} members (f = ${g.config.f}), ${g.config.proposers.length} proposer(s)`,
        );
        for (const m of g.config.members) print(`  member ${m.id} ${m.name} ${m.votePublicKey}`);
        print(`genesis hash ${g.hash}`);
      }
    } catch (e) {
      throw ceremonyError(e);
    }
  },
};

export interface GenesisVerifyOptions {
  readonly hash?: string;
  readonly json?: boolean;
}

export const genesisVerify: CommandModule<GenesisVerifyOptions> = {
  path: ["genesis", "verify"],
  description:
    "re-check a genesis received from someone else: schema, every member's proofs of possession, and its hash (--hash: the one agreed on)",
  declare: (c) =>
    c
      .argument("<genesis>", "genesis.json (or a legacy cluster.json: schema and hash only)")
      .option("--hash <sha256>", "the genesis hash the members agreed on")
      .addOption(jsonOption())
      .addHelpText("after", CEREMONY_STEPS),
  handler: async (o, _ctx, args) => {
    const path = args[0]!;
    try {
      const v = await verifyGenesis(path, o.hash);
      if (o.json)
        printJson({
          ok: true,
          hash: v.hash,
          legacy: v.legacy,
          clusterId: v.config.clusterId,
          n: v.config.members.length,
        });
      else {
        print(
          `genesis ${path}: ${v.legacy ? "a legacy cluster.json (no proofs of possession to check)" : `all ${v.config.members.length} members' proofs of possession verify`}${o.hash ? ", hash matches" : ""}`,
        );
        print(`genesis hash ${v.hash}`);
      }
    } catch (e) {
      const err = ceremonyError(e);
      if (err instanceof CliError && e instanceof GenesisError && !/cannot be read/.test(e.message))
        throw new CliError(err.message, EXIT["verification-failed"]);
      throw err;
    }
  },
};
