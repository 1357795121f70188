// Replies and receipts: one decision proved to a third party with cluster.json (the genesis) alone, carrying
// a Merkle inclusion proof instead of the whole batch; after reconfiguration, with the epoch proof beside it.
import {
  bytesEqual,
  leafHash,
  merkleLevels,
  pbft,
  proofFromLevels,
  requestHash,
  signedBytes,
  toHex,
  verifyMerkleProof,
} from "@pbft/consensus";
import { type Proposer, ProposerDirectory } from "./attribution.js";
import { checkAttestations, checkCertificate, clusterKeys } from "./certificate.js";
import type { ClusterConfig } from "./cluster-config.js";
import { verifyEd25519 } from "./ed25519.js";
import { entryHash, type StoredEntry } from "./entry.js";
import { EpochProofError, verifyEpochProof } from "./epoch-proof.js";
import { type EpochRecord, genesisEpoch } from "./epochs.js";
import { epochConfigs, HeadError, type SignedHead, verifySignedHead } from "./signed-head.js";

export interface ReceiptDecision {
  readonly height: number;
  /** The epoch whose members certified the entry (always set by verifyReceipt; optional for callers that
   * build a decision without verifying, e.g. a client trusting its channels). */
  readonly epoch?: number;
  readonly entryHash: Uint8Array;
  readonly proposalId: string;
  readonly accepted: boolean;
  readonly reason: string;
  /** When it was decided: the entry's consensus time (ms since the Unix epoch; 0 before times existed). */
  readonly timeMs?: number;
  /** Who proposed it, as the configuration in force at its height names the request's key (issue 18). */
  readonly proposer?: Proposer;
}

/** A head the verifier holds must agree with the epoch proof (see ReceiptVerifyOptions.heads). */
function checkAgainstHead(value: unknown, cluster: ClusterConfig, epochs: readonly EpochRecord[]): void {
  let head: SignedHead;
  try {
    head = verifySignedHead(value, cluster, epochConfigs(epochs));
  } catch (e) {
    if (e instanceof HeadError)
      throw new ReceiptError(`a head you hold does not verify: ${e.message} (${e.code})`);
    throw e;
  }
  // The head's epoch must fit the proof's boundaries, else the proof and the head are of two histories. A
  // head that fits bounds the receipt no further than the proof does (its epoch's members are known only
  // through the proof, which places every boundary up to that epoch), so the receipt's range check covers it.
  const start = epochs[head.epoch]?.startHeight ?? 1;
  const end = epochs[head.epoch + 1]?.startHeight;
  if (head.height < start || (end !== undefined && head.height >= end))
    throw new ReceiptError(
      `the head you hold at ${head.height} (epoch ${head.epoch}) contradicts the epoch proof: another history`,
    );
}

export class ReceiptError extends Error {
  constructor(readonly problem: string) {
    super(`invalid receipt: ${problem}`);
    this.name = "ReceiptError";
  }
}

/** The Merkle trees of an entry's requests and results, built once for all the replies of its batch. */
export interface ReplyTrees {
  readonly requests: Uint8Array[][];
  readonly results: Uint8Array[][];
}

export function replyTrees(entry: StoredEntry): ReplyTrees {
  return {
    requests: merkleLevels(
      entry.batch.requests.map((r) =>
        requestHash(r.body ?? new Uint8Array(), r.signature ?? new Uint8Array()),
      ),
    ),
    results: merkleLevels(entry.resultBytes.map((b) => leafHash(b))),
  };
}

/** A replica's reply for request `index` of `entry`; `attestation` is its signed Attestation{seq, entry_hash}. */
export function buildReply(
  entry: StoredEntry,
  index: number,
  attestation: pbft.IEnvelope,
  trees: ReplyTrees = replyTrees(entry),
): pbft.Reply {
  return pbft.Reply.create({
    attestation,
    header: entry.headerBytes,
    index,
    requestProof: proofFromLevels(trees.requests, index),
    result: entry.resultBytes[index],
    resultProof: proofFromLevels(trees.results, index),
    certificate: entry.batch.certificate,
  });
}

/** Combines matching replies (same header, index and result) into a receipt; throws when they disagree. */
export function assembleReceipt(request: pbft.IClientRequest, replies: readonly pbft.IReply[]): pbft.Receipt {
  const first = replies[0];
  if (!first) throw new ReceiptError("no replies");
  for (const r of replies)
    if (
      !bytesEqual(r.header ?? new Uint8Array(), first.header ?? new Uint8Array()) ||
      r.index !== first.index ||
      !bytesEqual(r.result ?? new Uint8Array(), first.result ?? new Uint8Array())
    )
      throw new ReceiptError("replies disagree");
  return pbft.Receipt.create({
    request,
    header: first.header,
    index: first.index,
    requestProof: first.requestProof,
    result: first.result,
    resultProof: first.resultProof,
    certificate: first.certificate,
    attestations: replies.map((r) => r.attestation).filter((a): a is pbft.IEnvelope => !!a),
  });
}

export interface ReceiptVerifyOptions {
  /**
   * Signed heads the verifier holds (pbft-signed-head/1, verified here with the genesis and the epoch
   * proof). A head of epoch E at height H says epoch E is in force at H; one the proof's boundaries put in
   * another epoch means the proof is of another history, and the receipt is refused.
   */
  readonly heads?: readonly unknown[];
}

/**
 * Checks every part of a receipt against the genesis and returns the decision it proves; throws ReceiptError.
 * A receipt of epoch e > 0 needs an epoch proof reaching epoch e (Ledger.epochProof; epoch-proof.ts): the
 * certificate and attestations are checked against that epoch's members. The header the attestations sign
 * states the entry's epoch, and the certificate and every attestation must be of that same epoch. An entry
 * must lie within its epoch's heights as far as the verifier knows them: up to the next boundary when the
 * proof reaches past its epoch (an old epoch's members cannot certify past their boundary), and the heads
 * the verifier holds must agree with the proof. What the verifier does not know cannot bound it: see the
 * ledger README's known gaps (a receipt of the last epoch the verifier knows, e.g. epoch 0 with the genesis
 * alone).
 */
export function verifyReceipt(
  receipt: pbft.IReceipt,
  cluster: ClusterConfig,
  epochProof?: unknown,
  options: ReceiptVerifyOptions = {},
): ReceiptDecision {
  const headerBytes = receipt.header ?? new Uint8Array();
  let header: pbft.EntryHeader;
  let result: pbft.ExecutionResult;
  let body: pbft.RequestBody;
  const request = receipt.request;
  if (!request) throw new ReceiptError("no request");
  const reqBody = request.body ?? new Uint8Array();
  const reqSig = request.signature ?? new Uint8Array();
  try {
    header = pbft.EntryHeader.decode(headerBytes);
    result = pbft.ExecutionResult.decode(receipt.result ?? new Uint8Array());
    body = pbft.RequestBody.decode(reqBody);
  } catch {
    throw new ReceiptError("undecodable header, result or request");
  }
  const hash = entryHash(cluster.clusterId, headerBytes);
  const height = Number(header.height);
  const epoch = Number(header.epoch);
  let epochs: EpochRecord[] = [genesisEpoch(cluster)];
  if (epochProof !== undefined) {
    try {
      epochs = verifyEpochProof(epochProof, cluster);
    } catch (e) {
      throw new ReceiptError(e instanceof EpochProofError ? e.problem : String(e));
    }
  }
  const inForce = epochs[epoch];
  if (inForce === undefined)
    throw new ReceiptError(`an entry of epoch ${epoch}: an epoch proof reaching epoch ${epoch} is needed`);
  const after = epochs[epoch + 1];
  if (height < inForce.startHeight || (after !== undefined && height >= after.startHeight))
    throw new ReceiptError(
      `height ${height} is not in epoch ${epoch} (the epoch proof puts it at heights ${inForce.startHeight}..${after === undefined ? "" : after.startHeight - 1})`,
    );
  for (const value of options.heads ?? []) checkAgainstHead(value, cluster, epochs);
  const keys = clusterKeys(inForce.config);
  const index = receipt.index ?? 0;
  const size = header.requestCount;
  if (
    !verifyMerkleProof(
      requestHash(reqBody, reqSig),
      index,
      size,
      receipt.requestProof ?? [],
      header.batchDigest,
    )
  )
    throw new ReceiptError("request is not in the batch");
  if (
    !verifyMerkleProof(
      leafHash(receipt.result ?? new Uint8Array()),
      index,
      size,
      receipt.resultProof ?? [],
      header.resultsDigest,
    )
  )
    throw new ReceiptError("result is not in the entry");
  // Any view's certificate proves the batch at this height (PBFT commits one batch per seq, whatever the
  // view); the header, and so the attested entry hash, is the same on every honest replica.
  const cert = checkCertificate(
    keys,
    receipt.certificate,
    Number(receipt.certificate?.view ?? 0),
    height,
    header.batchDigest,
  );
  if (cert !== null) throw new ReceiptError(`certificate: ${cert}`);
  const att = checkAttestations(keys, receipt.attestations ?? [], height, hash);
  if (att !== null) throw new ReceiptError(`attestations: ${att}`);
  if (!verifyEd25519(body.clientKey, signedBytes("request", body.clusterId, reqBody), reqSig))
    throw new ReceiptError("bad client signature");
  return {
    height,
    epoch,
    entryHash: hash,
    proposalId: result.proposalId,
    accepted: result.accepted,
    reason: result.reason,
    timeMs: Number(header.timeMs ?? 0),
    proposer: new ProposerDirectory(inForce.config).who(toHex(body.clientKey)),
  };
}
