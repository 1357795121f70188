// The epoch proof: what lets a verifier holding the genesis alone reach the members of a later epoch, and
// so check a receipt (or any certificate) of that epoch. One hop per boundary, oldest first:
//
//   {"format":"pbft-epoch-proof/1","clusterId":ID,"hops":[{
//      "header":      hex of the boundary entry's EntryHeader (epoch e, next_config_hash),
//      "certificate": hex of the boundary batch's CommitCertificate (epoch e's members),
//      "signatures":  [hex Envelope, ...]  >= f+1 distinct members of epoch e signing, for (boundary height,
//                     entry hash of that header, epoch e), an Attestation or a Checkpoint (state_digest),
//      "config":      the configuration of epoch e+1 (JSON; its hash is the header's next_config_hash)
//   }, ...]}
//
// Commits sign the batch only; the header (and its next_config_hash) is the result of executing it, vouched
// for by f+1 of the epoch's members (at least one honest): the boundary's stable checkpoint proof, which the
// node saves with saveBoundaryProof, or f+1 attestations.
import { bytesEqual, pbft, quorumOf, signedBytes } from "@pbft/consensus";
import { z } from "zod";
import { type ClusterKeys, checkCertificate, clusterKeys } from "./certificate.js";
import type { ClusterConfig } from "./cluster-config.js";
import { verifyEd25519 } from "./ed25519.js";
import { entryHash } from "./entry.js";
import {
  type EpochConfig,
  type EpochRecord,
  epochConfigHash,
  genesisEpoch,
  parseEpochConfig,
} from "./epochs.js";

export const EPOCH_PROOF_FORMAT = "pbft-epoch-proof/1";

const hex = z.string().regex(/^(?:[0-9a-f]{2})*$/, "lowercase hex");

export const epochHopSchema = z
  .object({
    header: hex,
    certificate: hex,
    signatures: z.array(hex).max(1024),
    config: z.record(z.string(), z.unknown()),
  })
  .strict();

export const epochProofSchema = z
  .object({
    format: z.literal(EPOCH_PROOF_FORMAT),
    clusterId: z.string().min(1).max(128),
    hops: z.array(epochHopSchema).max(1_000_000),
  })
  .strict();

export type EpochProof = z.infer<typeof epochProofSchema>;
export type EpochHop = EpochProof["hops"][number];

export class EpochProofError extends Error {
  constructor(readonly problem: string) {
    super(`invalid epoch proof: ${problem}`);
    this.name = "EpochProofError";
  }
}

/** The number of distinct members of `keys`' epoch validly vouching for (seq, entryHash); a string names a bad one. */
export function checkVouchers(
  keys: ClusterKeys,
  envelopes: readonly pbft.IEnvelope[],
  seq: number,
  hash: Uint8Array,
): number | string {
  const seen = new Set<number>();
  for (const env of envelopes) {
    const signer = env.signer ?? 0;
    const key = keys.memberKeys[signer];
    if (key === undefined) return `signer ${signer} is not a member of epoch ${keys.epoch}`;
    const payload = env.payload ?? new Uint8Array();
    if (
      !verifyEd25519(key, signedBytes("replica", keys.clusterId, payload), env.signature ?? new Uint8Array())
    )
      return `bad signature from member ${signer} of epoch ${keys.epoch}`;
    let msg: pbft.ReplicaMessage;
    try {
      msg = pbft.ReplicaMessage.decode(payload);
    } catch {
      return `undecodable payload from member ${signer}`;
    }
    const a = msg.attestation;
    const c = msg.checkpoint;
    const ok = a
      ? Number(a.seq) === seq &&
        Number(a.epoch) === keys.epoch &&
        bytesEqual(a.entryHash ?? new Uint8Array(), hash)
      : c
        ? Number(c.seq) === seq &&
          Number(c.epoch) === keys.epoch &&
          bytesEqual(c.stateDigest ?? new Uint8Array(), hash)
        : false;
    if (!ok)
      return `member ${signer} signed something else than (${seq}, the boundary entry, epoch ${keys.epoch})`;
    seen.add(signer);
  }
  return seen.size;
}

/** Checks one hop from the epoch `from`; returns the next epoch's record or throws EpochProofError. */
export function verifyEpochHop(from: EpochRecord, hop: EpochHop, clusterId: string): EpochRecord {
  const e = from.epoch;
  const headerBytes = Buffer.from(hop.header, "hex");
  let header: pbft.EntryHeader;
  let certificate: pbft.CommitCertificate;
  let envelopes: pbft.Envelope[];
  try {
    header = pbft.EntryHeader.decode(headerBytes);
    certificate = pbft.CommitCertificate.decode(Buffer.from(hop.certificate, "hex"));
    envelopes = hop.signatures.map((s) => pbft.Envelope.decode(Buffer.from(s, "hex")));
  } catch {
    throw new EpochProofError(`hop ${e}: undecodable header, certificate or signature`);
  }
  const height = Number(header.height);
  if (Number(header.epoch) !== e)
    throw new EpochProofError(`hop ${e}: the boundary header is of epoch ${header.epoch}`);
  if (height < from.startHeight)
    throw new EpochProofError(`hop ${e}: boundary ${height} before the epoch starts`);
  const keys = clusterKeys(from.config);
  const cert = checkCertificate(keys, certificate, Number(certificate.view), height, header.batchDigest);
  if (cert !== null) throw new EpochProofError(`hop ${e}: certificate: ${cert}`);
  const hash = entryHash(clusterId, headerBytes);
  const vouched = checkVouchers(keys, envelopes, height, hash);
  if (typeof vouched === "string") throw new EpochProofError(`hop ${e}: ${vouched}`);
  if (vouched < keys.f + 1)
    throw new EpochProofError(
      `hop ${e}: ${vouched} members vouch for the boundary entry, need ${keys.f + 1}`,
    );
  let config: EpochConfig;
  try {
    config = parseEpochConfig(hop.config, `epoch ${e + 1} configuration`);
  } catch (err) {
    throw new EpochProofError(`hop ${e}: ${(err as Error).message}`);
  }
  const nextHash = epochConfigHash(config);
  if (Buffer.from(header.nextConfigHash).toString("hex") !== nextHash)
    throw new EpochProofError(`hop ${e}: the configuration is not the one the boundary header names`);
  if (config.epoch !== e + 1 || config.previousConfigHash !== from.hash || config.clusterId !== clusterId)
    throw new EpochProofError(`hop ${e}: the configuration does not follow epoch ${e}`);
  return { epoch: e + 1, startHeight: height + 1, hash: nextHash, config };
}

/**
 * Follows an epoch proof from the genesis: returns every epoch it reaches (epoch 0 first), each checked
 * against the members of the epoch before. Throws EpochProofError.
 */
export function verifyEpochProof(proof: unknown, genesis: ClusterConfig): EpochRecord[] {
  const parsed = epochProofSchema.safeParse(proof);
  if (!parsed.success) throw new EpochProofError("not a pbft-epoch-proof/1 document");
  if (parsed.data.clusterId !== genesis.clusterId) throw new EpochProofError("for another cluster");
  const out = [genesisEpoch(genesis)];
  for (const hop of parsed.data.hops) out.push(verifyEpochHop(out.at(-1)!, hop, genesis.clusterId));
  return out;
}

/** The epoch a hop leaves (its boundary header's), or -1 when the header does not decode. */
export function hopEpoch(hop: EpochHop): number {
  try {
    return Number(pbft.EntryHeader.decode(Buffer.from(hop.header, "hex")).epoch);
  } catch {
    return -1;
  }
}

/**
 * The epoch proof made of the hops 0, 1, ... found among `hops` (a source's, in any order), up to the first
 * epoch whose hop is missing: the part a verifier holding only the genesis can follow.
 */
export function contiguousEpochProof(clusterId: string, hops: readonly EpochHop[]): EpochProof {
  const byEpoch = new Map(hops.map((h) => [hopEpoch(h), h]));
  const out: EpochHop[] = [];
  for (let e = 0; byEpoch.has(e); e++) out.push(byEpoch.get(e)!);
  return { format: EPOCH_PROOF_FORMAT, clusterId, hops: out };
}

/** The parts of one hop, as a ledger holds them. */
export function epochHop(
  header: Uint8Array,
  certificate: pbft.ICommitCertificate,
  signatures: readonly pbft.IEnvelope[],
  config: EpochConfig,
): EpochHop {
  const hexOf = (b: Uint8Array) => Buffer.from(b).toString("hex");
  return {
    header: hexOf(header),
    certificate: hexOf(pbft.CommitCertificate.encode(certificate).finish()),
    signatures: signatures.map((s) => hexOf(pbft.Envelope.encode(s).finish())),
    config: JSON.parse(JSON.stringify(config)) as Record<string, unknown>,
  };
}

/** The quorum of an epoch (for callers sizing a stable checkpoint proof). */
export function epochQuorum(config: ClusterConfig): number {
  return quorumOf({ clusterId: config.clusterId, n: config.members.length, f: config.f });
}
