// Inclusion and consistency proofs over the ledger's history tree (RFC 9162 algorithms in
// @pbft/consensus log-tree.ts), in the JSON forms an auditor keeps beside signed heads (README "Proofs"):
//   {"format":"pbft-inclusion-proof/1","clusterId":str,"height":h,"entryHash":hex64,"treeSize":n,
//    "path":[hex64,...],"head":SignedHead}                   entry h is leaf h-1 of the tree of size n
//   {"format":"pbft-consistency-proof/1","clusterId":str,"from":SignedHead,"to":SignedHead,"path":[hex64,...]}
// Both are checked with nothing but the genesis: the heads' signatures, then the path against their roots.
import {
  consistencyProof,
  fromHex,
  historyLeaf,
  inclusionProof,
  merkleRoot,
  PROOF_HASHES_MAX,
  type ProofFailure,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from "@pbft/consensus";
import type { ClusterConfig } from "./cluster-config.js";
import { type SignedHead, verifySignedHead } from "./signed-head.js";

export const INCLUSION_FORMAT = "pbft-inclusion-proof/1";
export const CONSISTENCY_FORMAT = "pbft-consistency-proof/1";

export interface InclusionProof {
  readonly format: typeof INCLUSION_FORMAT;
  readonly clusterId: string;
  readonly height: number;
  readonly entryHash: string;
  readonly treeSize: number;
  readonly path: readonly string[];
  readonly head: SignedHead;
}

export interface ConsistencyProof {
  readonly format: typeof CONSISTENCY_FORMAT;
  readonly clusterId: string;
  readonly from: SignedHead;
  readonly to: SignedHead;
  readonly path: readonly string[];
}

/** Why a proof fails: a head's problem (HeadError) or the path's (ProofError, code from log-tree). */
export class ProofError extends Error {
  constructor(
    readonly code: ProofFailure | "malformed" | "wrong-head",
    message: string,
  ) {
    super(message);
    this.name = "ProofError";
  }
}

/** The root over leaves 1..size: a head's tree root must be it (checked before a proof is given). */
function checkRoot(leaves: readonly Uint8Array[], head: SignedHead): void {
  const root = toHex(merkleRoot(leaves.slice(0, head.height)));
  if (root !== head.treeRoot)
    throw new ProofError(
      "wrong-head",
      `head ${head.height}'s tree root is not this ledger's (${head.treeRoot.slice(0, 16)}… vs ${root.slice(0, 16)}…): another history`,
    );
}

/** The inclusion proof of entry `height` under `head` (height <= head.height), from the ledger's leaves. */
export function proveInclusion(
  clusterId: string,
  leaves: readonly Uint8Array[],
  height: number,
  head: SignedHead,
  entryHashHex: string,
): InclusionProof {
  if (height < 1 || height > head.height)
    throw new ProofError("index-out-of-range", `height ${height} is not under head ${head.height}`);
  checkRoot(leaves, head);
  const path = inclusionProof(leaves.slice(0, head.height), height - 1).map(toHex);
  return {
    format: INCLUSION_FORMAT,
    clusterId,
    height,
    entryHash: entryHashHex,
    treeSize: head.height,
    path,
    head,
  };
}

export function proveConsistency(
  clusterId: string,
  leaves: readonly Uint8Array[],
  from: SignedHead,
  to: SignedHead,
): ConsistencyProof {
  if (from.height > to.height)
    throw new ProofError("bad-size", `head ${from.height} is above head ${to.height}: no consistency proof`);
  checkRoot(leaves, to);
  checkRoot(leaves, from);
  const path = consistencyProof(leaves.slice(0, to.height), from.height, to.height).map(toHex);
  return { format: CONSISTENCY_FORMAT, clusterId, from, to, path };
}

function hashes(v: unknown, what: string): Uint8Array[] {
  if (!Array.isArray(v) || v.length > PROOF_HASHES_MAX)
    throw new ProofError("malformed", `${what}: path is not a list of at most ${PROOF_HASHES_MAX} hashes`);
  return v.map((h, i) => {
    if (typeof h !== "string" || !/^[0-9a-f]{64}$/.test(h))
      throw new ProofError("bad-hash-length", `${what}: path[${i}] is not 32 bytes of lowercase hex`);
    return fromHex(h);
  });
}

const PATH_MESSAGES: Record<ProofFailure, string> = {
  "index-out-of-range": "the entry is not under the head",
  "bad-size": "the tree sizes are not in order",
  "wrong-proof-length": "the path has the wrong number of hashes for these tree sizes",
  "bad-hash-length": "a path hash is not 32 bytes",
  "root-mismatch": "the path does not lead to the head's tree root",
};

/** Checks an inclusion proof with the genesis alone; returns it (typed) or throws HeadError / ProofError. */
export function verifyInclusionProof(
  value: unknown,
  genesis: ClusterConfig,
  epochs?: ReadonlyMap<number, ClusterConfig>,
): InclusionProof {
  const p = value as Partial<InclusionProof> | null;
  if (typeof p !== "object" || p === null || p.format !== INCLUSION_FORMAT)
    throw new ProofError("malformed", `not a ${INCLUSION_FORMAT} proof`);
  const head = verifySignedHead(p.head, genesis, epochs);
  if (
    !Number.isSafeInteger(p.height) ||
    typeof p.entryHash !== "string" ||
    !/^[0-9a-f]{64}$/.test(p.entryHash)
  )
    throw new ProofError("malformed", "inclusion proof: height or entryHash missing");
  if (p.treeSize !== head.height)
    throw new ProofError(
      "wrong-head",
      `inclusion proof is for a tree of ${p.treeSize}, its head is at ${head.height}`,
    );
  const path = hashes(p.path, "inclusion proof");
  const why = verifyInclusion(
    historyLeaf(fromHex(p.entryHash)),
    p.height! - 1,
    head.height,
    path,
    fromHex(head.treeRoot),
  );
  if (why !== null)
    throw new ProofError(
      why,
      `entry ${p.height} is not proven under head ${head.height}: ${PATH_MESSAGES[why]}`,
    );
  return p as InclusionProof;
}

/** Checks that `to` extends `from` (both verified heads); throws HeadError / ProofError naming the problem. */
export function verifyConsistencyProof(
  value: unknown,
  genesis: ClusterConfig,
  epochs?: ReadonlyMap<number, ClusterConfig>,
): ConsistencyProof {
  const p = value as Partial<ConsistencyProof> | null;
  if (typeof p !== "object" || p === null || p.format !== CONSISTENCY_FORMAT)
    throw new ProofError("malformed", `not a ${CONSISTENCY_FORMAT} proof`);
  const from = verifySignedHead(p.from, genesis, epochs);
  const to = verifySignedHead(p.to, genesis, epochs);
  checkConsistency(from, to, hashes(p.path, "consistency proof"));
  return p as ConsistencyProof;
}

/** The path check alone, for heads already verified (the witness). */
export function checkConsistency(from: SignedHead, to: SignedHead, path: readonly Uint8Array[]): void {
  if (from.height > to.height)
    throw new ProofError(
      "bad-size",
      `head ${to.height} is below head ${from.height}: a rollback (a history cannot shrink)`,
    );
  const why = verifyConsistency(from.height, to.height, fromHex(from.treeRoot), fromHex(to.treeRoot), path);
  if (why !== null)
    throw new ProofError(
      why,
      `head ${to.height} does not extend head ${from.height}: ${why === "root-mismatch" ? "the histories differ (a fork)" : PATH_MESSAGES[why]}`,
    );
}
