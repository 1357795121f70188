// `pbft genesis create|verify` and `pbft proposer keygen`: the genesis is assembled from public material only
// (member cards, proposers' public key files, parameters), by anyone, deterministically: members sorted by
// name (compareNames: runs of digits by value, so node2 < node10; their ids are their index in that order;
// names are unique), proposers by public key, the file written as
// JSON with sorted keys, the hash SHA-256 over the canonical JSON (@pbft/ledger clusterConfigHash). The
// genesis is a cluster.json with a format marker and each member's proofs, so every loader reads it.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError, type ReplicaParams, resolveParams } from "@pbft/consensus";
import {
  type ClusterConfig,
  canonicalJson,
  clusterConfigHash,
  compareNames,
  GENESIS_FORMAT,
  loadClusterConfig,
  parseClusterConfig,
} from "@pbft/ledger";
import { z } from "zod";
import { generateProposerKey, writeProposerKey } from "../proposer-key.js";
import { CARD_KIND, type CardError, type MemberCard, verifyMemberCard } from "./card.js";

export const PROPOSER_PUBLIC_KIND = "pbft-proposer" as const;

export const proposerPublicSchema = z
  .object({
    version: z.literal(1),
    kind: z.literal(PROPOSER_PUBLIC_KIND),
    name: z.string().min(1).max(64),
    org: z.string().min(1).max(64).optional(),
    publicKey: z.string().regex(/^[0-9a-f]{64}$/, "32 bytes as lowercase hex"),
  })
  .strict();

export type ProposerPublic = z.infer<typeof proposerPublicSchema>;

export class GenesisError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GenesisError";
  }
}

/** `pbft proposer keygen`: DIR/proposer.key (private, 0600) and DIR/proposer.pub.json (what is shared). */
export function proposerKeygen(o: { readonly out: string; readonly name: string; readonly org?: string }): {
  readonly keyFile: string;
  readonly publicFile: string;
  readonly publicKey: string;
} {
  const dir = resolve(o.out);
  const keyFile = join(dir, "proposer.key");
  const publicFile = join(dir, "proposer.pub.json");
  for (const f of [keyFile, publicFile])
    if (existsSync(f)) throw new GenesisError(`${f} exists: proposer keygen never overwrites a key`);
  const pub = proposerPublicSchema.safeParse({
    version: 1,
    kind: PROPOSER_PUBLIC_KIND,
    name: o.name,
    ...(o.org === undefined ? {} : { org: o.org }),
    publicKey: "0".repeat(64),
  });
  if (!pub.success) throw new GenesisError(`--name/--org: ${pub.error.issues[0]?.message}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = generateProposerKey();
  writeProposerKey(keyFile, key);
  const publicKey = Buffer.from(key.publicKey).toString("hex");
  writeFileSync(publicFile, `${JSON.stringify({ ...pub.data, publicKey }, null, 2)}\n`, { flag: "wx" });
  return { keyFile, publicFile, publicKey };
}

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new GenesisError(`cannot read the ${what} ${path}: ${(e as Error).message}`);
  }
}

export function readProposerPublic(path: string): ProposerPublic {
  const r = proposerPublicSchema.safeParse(readJson(path, "proposer public key file"));
  if (!r.success)
    throw new GenesisError(
      `${path} is not a proposer public key file (pbft proposer keygen writes proposer.pub.json): ${r.error.issues
        .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
        .join("; ")}`,
    );
  return r.data;
}

export interface GenesisInput {
  /** Each card with where it came from (named in errors). */
  readonly cards: readonly { readonly card: MemberCard; readonly source: string }[];
  readonly proposers: readonly ProposerPublic[];
  readonly parameters?: Readonly<Record<string, number>>;
  readonly clusterId?: string;
}

export interface Genesis {
  readonly config: ClusterConfig;
  /** The file's bytes: JSON, keys sorted, two-space indent, a final newline. */
  readonly text: string;
  /** SHA-256 over the canonical JSON, hex. */
  readonly hash: string;
}

/**
 * The members' canonical order, shared with the epoch configurations a change makes (one definition, in
 * @pbft/ledger, so a genesis and a later epoch can never order members differently).
 */
export { compareNames };

function duplicates(values: readonly { value: string; source: string }[], what: string): void {
  const seen = new Map<string, string>();
  for (const { value, source } of values) {
    const first = seen.get(value);
    if (first !== undefined)
      throw new GenesisError(`duplicate ${what} ${value}: in ${first} and in ${source}`);
    seen.set(value, source);
  }
}

/** Sorted keys, for the file (the hash is over canonical JSON, which sorts too). */
function sortedDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedDeep);
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => [k, sortedDeep(x)]),
  );
}

export function genesisText(config: ClusterConfig): string {
  return `${JSON.stringify(sortedDeep(config), null, 2)}\n`;
}

export async function createGenesis(input: GenesisInput): Promise<Genesis> {
  for (const { card, source } of input.cards) await verifyMemberCard(card, source);
  const cards = input.cards;
  duplicates(
    cards.map((c) => ({ value: c.card.name, source: c.source })),
    "member name",
  );
  duplicates(
    cards.map((c) => ({ value: c.card.votePublicKey, source: c.source })),
    "vote public key",
  );
  duplicates(
    cards.map((c) => ({ value: c.card.peerId, source: c.source })),
    "peer id",
  );
  duplicates(
    cards.flatMap((c) => c.card.addresses.map((a) => ({ value: a, source: c.source }))),
    "address",
  );
  duplicates(
    input.proposers.map((p) => ({ value: p.publicKey, source: `proposer ${p.name}` })),
    "proposer key",
  );
  if (cards.length < 4)
    throw new GenesisError(
      `${cards.length} member card(s): PBFT needs n >= 4 members (n = 3f+1 tolerates f faulty ones)`,
    );
  if (input.proposers.length === 0) throw new GenesisError("give at least one proposer public key file");
  try {
    resolveParams(input.parameters as Partial<ReplicaParams> | undefined);
  } catch (e) {
    if (e instanceof ConfigError) throw new GenesisError(`parameters: ${e.message}`);
    throw e;
  }
  const sorted = [...cards].sort((a, b) => compareNames(a.card.name, b.card.name));
  const members = sorted.map(({ card }, id) => ({
    id,
    name: card.name,
    peerId: card.peerId,
    addresses: [...card.addresses],
    clientAddresses: [...card.clientAddresses],
    ...(card.httpAddress === undefined ? {} : { httpAddress: card.httpAddress }),
    votePublicKey: card.votePublicKey,
    proofs: { ...card.proofs },
  }));
  const proposers = [...input.proposers]
    .sort((a, b) => (a.publicKey < b.publicKey ? -1 : 1))
    .map((p) => ({ name: p.name, publicKey: p.publicKey, ...(p.org === undefined ? {} : { org: p.org }) }));
  const parameters = { ...(input.parameters ?? {}) };
  // The default cluster id is derived from the content, so anyone repeating the ceremony gets the same one.
  const clusterId =
    input.clusterId ??
    `pbft-${createHash("sha256").update(canonicalJson({ members, proposers, parameters })).digest("hex").slice(0, 16)}`;
  let config: ClusterConfig;
  try {
    config = parseClusterConfig(
      {
        version: 1,
        format: GENESIS_FORMAT,
        clusterId,
        f: Math.floor((members.length - 1) / 3),
        members,
        proposers,
        parameters,
      },
      "the genesis",
    );
  } catch (e) {
    throw new GenesisError((e as Error).message);
  }
  return { config, text: genesisText(config), hash: clusterConfigHash(config) };
}

export interface VerifiedGenesis {
  readonly config: ClusterConfig;
  readonly hash: string;
  /** A cluster.json without the ceremony's format marker and proofs. */
  readonly legacy: boolean;
}

/**
 * Re-checks a genesis received from someone else: the schema (the loader every command uses), each member's
 * proofs of possession, and, when given, the hash everyone agreed on.
 */
export async function verifyGenesis(path: string, expectedHash?: string): Promise<VerifiedGenesis> {
  let config: ClusterConfig;
  try {
    config = loadClusterConfig(path);
  } catch (e) {
    throw new GenesisError((e as Error).message);
  }
  const legacy = config.format !== GENESIS_FORMAT;
  if (!legacy)
    for (const m of config.members) {
      if (m.proofs === undefined)
        throw new GenesisError(`${path}: member ${m.id} (${m.name}) has no proofs of possession`);
      const card: MemberCard = {
        version: 1,
        kind: CARD_KIND,
        name: m.name,
        votePublicKey: m.votePublicKey,
        peerId: m.peerId,
        addresses: m.addresses,
        clientAddresses: m.clientAddresses,
        ...(m.httpAddress === undefined ? {} : { httpAddress: m.httpAddress }),
        proofs: m.proofs,
      };
      try {
        await verifyMemberCard(card, `${path} member ${m.id} (${m.name})`);
      } catch (e) {
        throw new GenesisError((e as CardError).message);
      }
    }
  const hash = clusterConfigHash(config);
  if (expectedHash !== undefined && expectedHash.toLowerCase() !== hash)
    throw new GenesisError(
      `${path}: genesis hash ${hash} is not the expected ${expectedHash}: this is not the genesis the members agreed on`,
    );
  return { config, hash, legacy };
}
