// The epoch history from the genesis alone: the ledger's epoch proof (`pbft-epoch-proof/1`, packages/ledger
// epoch-proof.ts, served at GET /v1/config/proof) followed hop by hop, each hop checked against the members
// of the epoch before it. Hop e holds the boundary entry's header (epoch e, next_config_hash), its commit
// certificate by epoch e's members, >= f+1 of them vouching for that header's entry hash (commits sign the
// batch only; the header is what they executed), and epoch e+1's configuration, whose hash the header names.
import { sha256 } from "@noble/hashes/sha2.js";
import { canonicalJson, fromHex, toHex, utf8 } from "./bytes.js";
import {
  checkCertificate,
  checkVouchers,
  type EpochKeys,
  entryHash,
  quorumOf,
  VerificationError,
} from "./certificate.js";
import { bytes, type Fields, num, readFields } from "./proto.js";

export const EPOCH_PROOF_FORMAT = "pbft-epoch-proof/1";

/** What verification needs from a genesis: pass the whole genesis (cluster.json as /v1/genesis serves it). */
export interface GenesisKeys {
  readonly clusterId: string;
  readonly f: number;
  readonly members: readonly { readonly votePublicKey: string }[];
  readonly proposers: readonly { readonly publicKey: string }[];
}

/** Every epoch an epoch proof reaches, epoch e at index e (epoch 0 = the genesis). */
export type EpochHistory = readonly EpochKeys[];

export class EpochProofError extends VerificationError {
  constructor(problem: string) {
    super(`epoch proof: ${problem}`);
    this.name = "EpochProofError";
  }
}

const HEX32 = /^[0-9a-f]{64}$/;

/** The genesis hash: SHA-256 of its canonical JSON (as the API's /v1/genesis serves it). */
export function genesisHashOf(canonical: string): string {
  return toHex(sha256(utf8.encode(canonical)));
}

/** The keys of a configuration (a genesis, or a later epoch's from a proof); throws when it lacks them. */
function keysOf(config: unknown, epoch: number, startHeight: number, hash: string): EpochKeys {
  const c = config as Record<string, unknown> | null;
  const members = c?.members;
  const proposers = c?.proposers;
  if (
    typeof c !== "object" ||
    c === null ||
    typeof c.clusterId !== "string" ||
    !Number.isSafeInteger(c.f) ||
    !Array.isArray(members) ||
    !Array.isArray(proposers)
  )
    throw new EpochProofError(`the configuration of epoch ${epoch} is not a cluster configuration`);
  const keys = members.map((m: { votePublicKey?: unknown } | null) => m?.votePublicKey);
  const props = proposers.map((p: { publicKey?: unknown } | null) => p?.publicKey);
  if (!keys.every((k) => typeof k === "string" && HEX32.test(k)))
    throw new EpochProofError(`a member of epoch ${epoch} has no vote key`);
  if (!props.every((k) => typeof k === "string" && HEX32.test(k)))
    throw new EpochProofError(`a proposer of epoch ${epoch} has no key`);
  const f = c.f as number;
  return {
    epoch,
    startHeight,
    hash,
    clusterId: c.clusterId,
    f,
    quorum: quorumOf(keys.length, f),
    members: keys as string[],
    proposers: props as string[],
  };
}

/**
 * Epoch 0: the genesis. Its hash (what epoch 1's configuration names as previous) is that of its canonical
 * JSON, so `g` must be the whole genesis as parsed (e.g. JSON.parse of /v1/genesis' `canonical`).
 */
export function genesisEpoch(g: GenesisKeys): EpochKeys {
  let hash: string;
  try {
    hash = genesisHashOf(canonicalJson(g));
  } catch {
    throw new VerificationError("the genesis is not JSON");
  }
  const keys = keysOf(g, 0, 1, hash);
  return keys;
}

type Hop = { header: string; certificate: string; signatures: string[]; config: Record<string, unknown> };

function hopsOf(proof: unknown, clusterId: string): Hop[] {
  const p = proof as Record<string, unknown> | null;
  if (typeof p !== "object" || p === null || p.format !== EPOCH_PROOF_FORMAT || !Array.isArray(p.hops))
    throw new EpochProofError(`not a ${EPOCH_PROOF_FORMAT} document`);
  if (p.clusterId !== clusterId) throw new EpochProofError("for another cluster");
  const hex = (v: unknown) => typeof v === "string" && /^(?:[0-9a-f]{2})*$/.test(v);
  p.hops.forEach((h: Record<string, unknown> | null, i) => {
    if (
      typeof h !== "object" ||
      h === null ||
      !hex(h.header) ||
      !hex(h.certificate) ||
      !Array.isArray(h.signatures) ||
      h.signatures.length > 1024 ||
      !h.signatures.every(hex) ||
      typeof h.config !== "object" ||
      h.config === null ||
      Array.isArray(h.config)
    )
      throw new EpochProofError(`hop ${i} is not a hop (header, certificate, signatures, config)`);
  });
  return p.hops as Hop[];
}

/** Checks hop `from.epoch`, returning the next epoch's keys. */
function checkHop(from: EpochKeys, hop: Hop): EpochKeys {
  const e = from.epoch;
  const fail = (problem: string): never => {
    throw new EpochProofError(`hop ${e}: ${problem}`);
  };
  const headerBytes = fromHex(hop.header);
  let header: Fields;
  try {
    header = readFields(headerBytes);
  } catch {
    return fail("undecodable boundary header");
  }
  const height = num(header, 1);
  if (num(header, 7) !== e) fail(`the boundary header is of epoch ${num(header, 7)}`);
  if (height < from.startHeight) fail(`boundary ${height} before the epoch starts`);
  try {
    checkCertificate(from, fromHex(hop.certificate), height, bytes(header, 4));
    const vouched = checkVouchers(
      from,
      hop.signatures.map(fromHex),
      height,
      entryHash(from.clusterId, headerBytes),
      true,
    );
    if (vouched.length < from.f + 1)
      fail(`${vouched.length} members vouch for the boundary entry, need ${from.f + 1}`);
  } catch (err) {
    if (err instanceof EpochProofError) throw err;
    fail(err instanceof VerificationError ? err.problem : `undecodable: ${(err as Error).message}`);
  }
  let text: string;
  try {
    text = canonicalJson(hop.config);
  } catch {
    return fail("the configuration is not JSON");
  }
  // The configuration is exactly what the members executed: its hash is in the header they vouched for.
  const nextHash = genesisHashOf(text);
  if (toHex(bytes(header, 8)) !== nextHash)
    fail("the configuration is not the one the boundary header names");
  const c = hop.config;
  if (e === 0 && c.previousConfigHash !== from.hash)
    fail(
      `epoch 1 follows genesis ${String(c.previousConfigHash).slice(0, 16)}…, but the genesis given hashes to ${from.hash.slice(0, 16)}… (pass the whole genesis, as /v1/genesis serves it)`,
    );
  if (c.epoch !== e + 1 || c.previousConfigHash !== from.hash || c.clusterId !== from.clusterId)
    fail(`the configuration does not follow epoch ${e}`);
  return keysOf(c, e + 1, height + 1, nextHash);
}

/**
 * Follows an epoch proof from the genesis: every epoch it reaches, epoch 0 first, each checked against the
 * members of the epoch before (a forged configuration, too few or foreign signatures, a hop missing or out
 * of order all fail). Throws EpochProofError.
 */
export function verifyEpochProof(proof: unknown, g: GenesisKeys): EpochKeys[] {
  const out = [genesisEpoch(g)];
  for (const hop of hopsOf(proof, g.clusterId)) out.push(checkHop(out.at(-1)!, hop));
  return out;
}

/** The history to check against: the genesis alone, or what `epochProof` reaches. */
export function historyOf(g: GenesisKeys, epochProof?: unknown): EpochHistory {
  return epochProof === undefined ? [genesisEpoch(g)] : verifyEpochProof(epochProof, g);
}

/**
 * The keys for an entry of `epoch` at `height`: that epoch must be reached, and the height must lie in
 * its range (an old epoch's members cannot certify past their boundary). Throws VerificationError.
 */
export function epochAt(history: EpochHistory, epoch: number, height: number): EpochKeys {
  const keys = history[epoch];
  if (keys === undefined)
    throw new VerificationError(
      `an entry of configuration epoch ${epoch}: an epoch proof reaching epoch ${epoch} is needed (GET /v1/config/proof)`,
    );
  const next = history[epoch + 1];
  if (height < keys.startHeight || (next !== undefined && height >= next.startHeight))
    throw new VerificationError(`height ${height} is not in epoch ${epoch}`);
  return keys;
}
