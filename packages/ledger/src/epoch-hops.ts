// The hops of an epoch proof (epoch-proof.ts) as a store holds their parts: the boundary entry (its header
// and commit certificate), the next epoch's configuration (its epoch record), and the signatures vouching
// for the boundary entry: the ones the node saved at the boundary (saveBoundaryProof), else the signed head
// stored at the boundary height (a stable checkpoint of the ending epoch there is 2f+1 members signing
// (height, entry hash, epoch), which is what a hop needs). Read straight from a KvStore, so a stopped node's
// data directory gives them without opening the ledger; nothing read here is trusted: verifyEpochProof and
// verifyEpochHop check every hop from the genesis.
import { pbft } from "@pbft/consensus";
import { decodeEntry } from "./entry.js";
import { type EpochHop, epochHop } from "./epoch-proof.js";
import type { EpochRecord } from "./epochs.js";
import { boundaryProofKey, entryKey, signedHeadKey } from "./keys.js";
import type { KvStore } from "./kv.js";
import { headEnvelopes, parseSignedHead } from "./signed-head.js";

/** The vouching signatures stored for the boundary of `epoch` at `height`, or undefined. */
async function vouchersOf(kv: KvStore, epoch: number, height: number): Promise<pbft.IEnvelope[] | undefined> {
  const saved = await kv.get(boundaryProofKey(epoch));
  if (saved !== undefined)
    return (JSON.parse(Buffer.from(saved).toString("utf8")) as string[]).map((h) =>
      pbft.Envelope.decode(Buffer.from(h, "hex")),
    );
  const head = await kv.get(signedHeadKey(height));
  if (head === undefined) return undefined;
  const h = parseSignedHead(JSON.parse(Buffer.from(head).toString("utf8")));
  return h.epoch === epoch && h.height === height ? headEnvelopes(h) : undefined;
}

/**
 * The hops a store can give for the boundaries of `epochs` (its epoch records, oldest first), by boundary
 * height; a boundary whose entry or vouching signatures the store lacks is left out.
 */
export async function storedHops(
  kv: KvStore,
  clusterId: string,
  epochs: readonly EpochRecord[],
): Promise<Map<number, EpochHop>> {
  const hops = new Map<number, EpochHop>();
  for (const next of epochs) {
    if (next.epoch === 0) continue;
    const height = next.startHeight - 1;
    const value = await kv.get(entryKey(height));
    if (value === undefined) continue;
    const entry = decodeEntry(clusterId, value);
    if (typeof entry === "string") continue;
    const vouchers = await vouchersOf(kv, next.epoch - 1, height);
    if (vouchers === undefined) continue;
    hops.set(height, epochHop(entry.headerBytes, entry.batch.certificate ?? {}, vouchers, next.config));
  }
  return hops;
}
