// cluster.json: the genesis of a cluster (members, their vote keys and addresses, f, authorised proposer
// keys, protocol parameters). Everything a verifier trusts comes from here, so it is validated strictly.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { policiesSchema, policyProblems } from "./policy.js";

/** The format marker of a genesis made by `pbft genesis create` (a cluster.json plus the cards' proofs). */
export const GENESIS_FORMAT = "pbft-genesis/1";

const hex32 = z.string().regex(/^[0-9a-f]{64}$/, "a 32-byte key as 64 lowercase hex characters");

const memberSchema = z.object({
  id: z.number().int().min(0),
  name: z.string().min(1).max(64),
  peerId: z.string().min(1).max(128),
  addresses: z.array(z.string().min(1).max(256)).min(1).max(16),
  clientAddresses: z.array(z.string().min(1).max(256)).max(16).default([]),
  httpAddress: z.string().max(256).optional(),
  votePublicKey: hex32,
  /** A genesis only: the member card's proofs of possession (vote key through the HSM, libp2p peer key). */
  proofs: z
    .object({
      vote: z.string().regex(/^[0-9a-f]{128}$/, "a 64-byte signature as hex"),
      peer: z.string().regex(/^[0-9a-f]{2,256}$/, "a signature as hex"),
    })
    .strict()
    .optional(),
});

export const clusterConfigSchema = z
  .object({
    version: z.literal(1),
    /** Absent in a hand-made or legacy cluster.json; GENESIS_FORMAT in a ceremony's genesis. */
    format: z.literal(GENESIS_FORMAT).optional(),
    clusterId: z.string().min(1).max(128),
    f: z.number().int().min(1),
    members: z.array(memberSchema).min(4).max(100),
    proposers: z
      .array(
        z.object({
          name: z.string().min(1).max(64),
          publicKey: hex32,
          org: z.string().min(1).max(64).optional(),
        }),
      )
      .max(10_000),
    parameters: z.record(z.string(), z.number()).default({}),
    /**
     * Endorsement policies per record type (issue 18): a record of the type is pending until proposers of
     * k distinct organisations of `orgs` (absent: every organisation the proposers name) endorse it; "all":
     * every one of them; past deadlineMs after it was decided it expires. Absent: no endorsement needed.
     */
    policies: policiesSchema.optional(),
  })
  .superRefine((c, ctx) => {
    for (const problem of policyProblems(c))
      ctx.addIssue({ code: "custom", path: ["policies", problem.type], message: problem.message });
    const n = c.members.length;
    if (c.f !== Math.floor((n - 1) / 3))
      ctx.addIssue({
        code: "custom",
        path: ["f"],
        message: `f must be floor((n-1)/3) = ${Math.floor((n - 1) / 3)} for n = ${n}`,
      });
    c.members.forEach((m, i) => {
      if (m.id !== i)
        ctx.addIssue({
          code: "custom",
          path: ["members", i, "id"],
          message: `member ids must be 0..n-1 in order; expected ${i}`,
        });
    });
    const unique = (values: readonly string[], path: string) => {
      if (new Set(values).size !== values.length)
        ctx.addIssue({ code: "custom", path: [path], message: `duplicate ${path}` });
    };
    unique(
      c.members.map((m) => m.votePublicKey),
      "votePublicKey",
    );
    unique(
      c.members.map((m) => m.peerId),
      "peerId",
    );
    unique(
      c.members.map((m) => m.name),
      "name",
    );
    unique(
      c.proposers.map((p) => p.publicKey),
      "proposers",
    );
  });

export type ClusterConfig = z.infer<typeof clusterConfigSchema>;
export type { Policy } from "./policy.js";

export class ClusterConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid cluster config ${source}:\n  ${problems.join("\n  ")}`);
    this.name = "ClusterConfigError";
  }
}

export function parseClusterConfig(value: unknown, source = "cluster.json"): ClusterConfig {
  const r = clusterConfigSchema.safeParse(value);
  if (!r.success)
    throw new ClusterConfigError(
      source,
      r.error.issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : "(root)"}: ${i.message}`),
    );
  return r.data;
}

export function loadClusterConfig(path: string): ClusterConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ClusterConfigError(path, [`cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ClusterConfigError(path, [`not JSON: ${(e as Error).message}`]);
  }
  return parseClusterConfig(json, path);
}

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `undefined` members left out. The same value
 * gives the same bytes wherever it is encoded (numbers are JSON's shortest round-trip form).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new RangeError("not a finite number");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/**
 * The genesis hash: SHA-256 over the canonical JSON of the parsed configuration (a ceremony's genesis or a
 * legacy cluster.json alike), so whitespace and key order in the file do not change it. Hex.
 */
export function clusterConfigHash(config: ClusterConfig): string {
  return createHash("sha256").update(canonicalJson(config)).digest("hex");
}
