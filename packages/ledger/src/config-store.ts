// The configuration records a ledger keeps beside its entries (written in the same synced batch as the
// entry that changed them), read straight from a store: what `pbft config show --history` needs from a
// stopped node's data directory, without opening the ledger (which replays every entry).
import type { ChangeRecord } from "./config-state.js";
import type { EpochRecord } from "./epochs.js";
import { Prefix, prefixRange } from "./keys.js";
import type { KvStore } from "./kv.js";

export interface StoredConfigRecords {
  /** Every epoch, oldest first (epoch 0: the genesis; absent only in a store no ledger of this version opened). */
  readonly epochs: EpochRecord[];
  /** Every change ever recorded (any status), by id order. */
  readonly changes: ChangeRecord[];
  /** The epochs whose boundary entry has saved vouching signatures (so epochProof can reach past them). */
  readonly provenBoundaries: number[];
}

export async function readConfigRecords(kv: KvStore): Promise<StoredConfigRecords> {
  const json = (v: Uint8Array) => JSON.parse(Buffer.from(v).toString("utf8")) as unknown;
  const epochs: EpochRecord[] = [];
  for await (const [, v] of kv.iterate(prefixRange(Prefix.Epoch))) epochs.push(json(v) as EpochRecord);
  const changes: ChangeRecord[] = [];
  for await (const [, v] of kv.iterate(prefixRange(Prefix.ConfigChange)))
    changes.push(json(v) as ChangeRecord);
  const provenBoundaries: number[] = [];
  for await (const [k] of kv.iterate(prefixRange(Prefix.BoundaryProof)))
    provenBoundaries.push(Number(Buffer.from(k).readBigUInt64BE(1)));
  return { epochs, changes, provenBoundaries };
}
