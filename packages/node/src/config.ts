// node.json: one node's local configuration (what is private to its operator), next to cluster.json (what
// every member and auditor shares). Paths inside node.json are relative to the node's home directory.
import { readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { privateKeyFromProtobuf } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { type ClusterConfig, loadClusterConfig } from "@pbft/ledger";
import { z } from "zod";

export const NODE_CONFIG_FILE = "node.json";
export const PIN_ENV = "PBFT_HSM_PIN";

/** A node's limits on what the outside can make it hold or do; node.json may override each. */
export const DEFAULT_LIMITS = {
  frameBytesMax: 4 * 1024 * 1024,
  clientConnectionsMax: 1024,
  clientFramesPerSecond: 2000,
  requestsPerSecondPerClient: 1000,
  eventQueueMax: 100_000,
} as const;

const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$/, "host:port");

const rights = z.array(z.enum(["read", "submit"])).max(2);

/** API keys appear only as SHA-256 hashes here; the keys themselves stay with their holders. */
export const apiConfigSchema = z
  .object({
    listen: hostPort,
    tls: z
      .object({
        cert: z.string().min(1),
        key: z.string().min(1),
        /** Client certificates issued by this CA authenticate as the clientCerts entry of their CN. */
        clientCa: z.string().min(1).optional(),
      })
      .strict(),
    keys: z
      .array(
        z
          .object({ name: z.string().min(1).max(64), sha256: z.string().regex(/^[0-9a-f]{64}$/), rights })
          .strict(),
      )
      .max(10_000)
      .default([]),
    clientCerts: z
      .array(z.object({ name: z.string().min(1).max(64), commonName: z.string().min(1), rights }).strict())
      .max(10_000)
      .default([]),
    limits: z
      .object({
        requestsPerSecondPerCaller: z.number().min(0.1).max(1_000_000).default(200),
        requestsPerSecondPerAddress: z.number().min(0.1).max(1_000_000).default(1000),
        burst: z.number().int().min(1).max(1_000_000).default(400),
        bodyBytesMax: z
          .number()
          .int()
          .min(1024)
          .max(16 * 1024 * 1024)
          .default(256 * 1024),
        submitTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
        /** Submissions in flight on this node, shared fairly between API callers. */
        submitsInFlightMax: z.number().int().min(1).max(100_000).default(8),
        /** A request (headers and body) must arrive within this, else the connection is closed. */
        requestTimeoutMs: z.number().int().min(100).max(600_000).default(10_000),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type ApiConfig = z.infer<typeof apiConfigSchema>;

export const nodeConfigSchema = z
  .object({
    version: z.literal(1),
    /** Absent in a home made by `pbft member init`: the member whose peer id is this node's, in the genesis. */
    id: z.number().int().min(0).optional(),
    cluster: z.string().min(1).default("../cluster.json"),
    listen: z
      .object({
        replica: z.array(z.string().min(1)).min(1).max(8),
        client: z.array(z.string().min(1)).min(1).max(8),
        http: hostPort,
      })
      .strict(),
    dataDir: z.string().min(1).default("data"),
    peerKeyFile: z.string().min(1).default("peer.key"),
    guardFile: z.string().min(1).default("guard.log"),
    hsm: z
      .object({
        module: z.string().min(1).optional(),
        softhsmTokenDir: z.string().min(1).default("tokens"),
        tokenLabel: z.string().min(1).max(32),
        keyLabel: z.string().min(1).max(64).default("vote"),
        pinFile: z.string().min(1).default("hsm.pin"),
        /**
         * Vote keys made by `pbft member rotate`, oldest first, each in a fresh token of its own. The node
         * signs with whichever of these (or the key above) is its member's vote key in the epoch in force.
         */
        rotations: z
          .array(
            z
              .object({
                tokenLabel: z.string().min(1).max(32),
                keyLabel: z.string().min(1).max(64).default("vote"),
                publicKey: z.string().regex(/^[0-9a-f]{64}$/, "32 bytes as lowercase hex"),
              })
              .strict(),
          )
          .max(64)
          .optional(),
      })
      .strict(),
    limits: z
      .object({
        frameBytesMax: z
          .number()
          .int()
          .min(64 * 1024)
          .max(64 * 1024 * 1024)
          .default(DEFAULT_LIMITS.frameBytesMax),
        clientConnectionsMax: z
          .number()
          .int()
          .min(1)
          .max(100_000)
          .default(DEFAULT_LIMITS.clientConnectionsMax),
        clientFramesPerSecond: z
          .number()
          .int()
          .min(1)
          .max(1_000_000)
          .default(DEFAULT_LIMITS.clientFramesPerSecond),
        requestsPerSecondPerClient: z
          .number()
          .int()
          .min(1)
          .max(1_000_000)
          .default(DEFAULT_LIMITS.requestsPerSecondPerClient),
        eventQueueMax: z.number().int().min(1000).max(10_000_000).default(DEFAULT_LIMITS.eventQueueMax),
      })
      .strict()
      .default(DEFAULT_LIMITS),
    /** The HTTPS JSON API (packages/node/src/api); absent: not served. */
    api: apiConfigSchema.optional(),
    logLevel: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  })
  .strict();

export type NodeConfigFile = z.infer<typeof nodeConfigSchema>;

/** node.json with every path made absolute. */
export interface LocalNodeConfig extends NodeConfigFile {
  readonly home: string;
  readonly clusterPath: string;
}

/** node.json plus cluster.json (the genesis), checked against each other. */
export interface NodeConfig extends Omit<LocalNodeConfig, "id"> {
  /** The member's id in the genesis; null: not a genesis member (it joined, or will, by a config change). */
  readonly id: number | null;
  readonly clusterConfig: ClusterConfig;
}

export class NodeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NodeConfigError";
  }
}

/** Reads node.json alone (setting up a token needs no cluster.json yet). */
export function loadLocalNodeConfig(home: string): LocalNodeConfig {
  const dir = resolve(home);
  const file = join(dir, NODE_CONFIG_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new NodeConfigError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const parsed = nodeConfigSchema.safeParse(raw);
  if (!parsed.success)
    throw new NodeConfigError(
      `invalid ${file}:\n  ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("\n  ")}`,
    );
  const c = parsed.data;
  const at = (p: string) => (isAbsolute(p) ? p : join(dir, p));
  return {
    ...c,
    home: dir,
    clusterPath: at(c.cluster),
    dataDir: at(c.dataDir),
    peerKeyFile: at(c.peerKeyFile),
    guardFile: at(c.guardFile),
    hsm: { ...c.hsm, pinFile: at(c.hsm.pinFile), softhsmTokenDir: at(c.hsm.softhsmTokenDir) },
    ...(c.api
      ? {
          api: {
            ...c.api,
            tls: {
              cert: at(c.api.tls.cert),
              key: at(c.api.tls.key),
              ...(c.api.tls.clientCa ? { clientCa: at(c.api.tls.clientCa) } : {}),
            },
          },
        }
      : {}),
  };
}

/**
 * `genesisPath` (`pbft node start --genesis`) replaces node.json's `cluster`. `allowNonMember`: a node whose
 * peer id is not in the genesis (a member added later) gets id null instead of an error.
 */
export function loadNodeConfig(
  home: string,
  genesisPath?: string,
  opts: { readonly allowNonMember?: boolean } = {},
): NodeConfig {
  const loaded = loadLocalNodeConfig(home);
  const local = genesisPath === undefined ? loaded : { ...loaded, clusterPath: resolve(genesisPath) };
  const clusterConfig = loadClusterConfig(local.clusterPath);
  const id = local.id ?? memberIdByPeerKey(local, clusterConfig, opts.allowNonMember === true);
  if (id !== null && id >= clusterConfig.members.length)
    throw new NodeConfigError(
      `${join(local.home, NODE_CONFIG_FILE)}: id ${id} is not a member of ${local.clusterPath} (${clusterConfig.members.length} members)`,
    );
  return { ...local, id, clusterConfig };
}

/** A ceremony's home names no id: it is the index of the member whose peer id is this node's. */
function memberIdByPeerKey(
  local: LocalNodeConfig,
  cluster: ClusterConfig,
  allowNonMember: boolean,
): number | null {
  let peerId: string;
  try {
    peerId = peerIdFromPrivateKey(privateKeyFromProtobuf(readFileSync(local.peerKeyFile))).toString();
  } catch (e) {
    throw new NodeConfigError(`cannot read the peer key ${local.peerKeyFile}: ${(e as Error).message}`);
  }
  const member = cluster.members.find((m) => m.peerId === peerId);
  if (member === undefined && allowNonMember) return null;
  if (member === undefined)
    throw new NodeConfigError(
      `this node's peer id ${peerId} (${local.peerKeyFile}) is not a member of the genesis ${local.clusterPath}: it was made from other member cards; check you hold the right genesis (pbft genesis verify) and that your card was included; a member being added by a configuration change starts with --join`,
    );
  return member.id;
}
