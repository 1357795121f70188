// Every key the ledger writes, in one place. The first byte of a key names its kind (Prefix); the
// constants and functions below build every key of each kind.
export enum Prefix {
  /** + u64 BE height -> entry value (see entry.ts) */
  Entry = 0x01,
  /**
   * + "head" -> u64 BE height + 32-byte entry hash;
   * + "format" -> the ledger format version, decimal ASCII (LEDGER_FORMAT);
   * + "migrating" -> JSON progress of an interrupted migration (migrate.ts), deleted when it completes;
   * + "rules" -> JSON RulesMeta (rules-store.ts): the height the rules' state was written at, with the
   *   small parts of the state (head time, open config changes, boundary, history tree frontier)
   */
  Meta = 0x02,
  /** + UTF-8 proposal id -> u64 BE height + u32 BE index */
  Proposal = 0x03,
  /** + 32-byte client key + u64 BE request number -> u64 BE height + u32 BE index */
  ClientRequest = 0x04,
  /** + 32-byte client key -> u64 BE last executed request number + u64 BE height + 32-byte entry hash */
  ClientTable = 0x05,
  /**
   * + "h" -> the consensus state's header; + "p" + u64 BE seq -> one prepared certificate
   * (consensus-state.ts); no suffix -> the legacy single-blob consensus state (read, then deleted)
   */
  ConsensusState = 0x06,
  /** + u64 BE height + u64 BE arrival counter -> the refused batch (pbft.CommittedBatch; fork or gap evidence) */
  Evidence = 0x07,
  /** + u64 BE epoch -> JSON EpochRecord {epoch, startHeight, hash, config} (epoch 0: the genesis) */
  Epoch = 0x08,
  /** + UTF-8 change id -> JSON ChangeRecord (config-state.ts): the change, its approvals and status */
  ConfigChange = 0x09,
  /**
   * + u64 BE epoch -> JSON array of hex Envelopes: >= f+1 of that epoch's members vouching for its boundary
   * entry (the stable checkpoint proof at the boundary, or attestations), for epoch proofs (epoch-proof.ts)
   */
  BoundaryProof = 0x0a,
  /** + field + value + u64 BE height + u32 BE index -> empty: the query indexes (query-index.ts, issue 18) */
  QueryIndex = 0x0b,
  /** + u64 BE height -> a signed head at that height (signed-head.ts), UTF-8 JSON */
  SignedHead = 0x0c,
  /**
   * + UTF-8 proposal id -> the rules' state of an accepted proposal (rules-store.ts): 1 byte kind, 1 byte
   * flags (1: a withdrawn record), then the Governed record as UTF-8 JSON when it is under a policy
   */
  RulesId = 0x0d,
  /** + 32-byte client key -> u64 BE the last request number the rules executed for it (rules-store.ts) */
  RulesClient = 0x0e,
  /** + UTF-8 id -> empty: a record or amendment under a policy that is not in force (pending or expired) */
  GovernedOpen = 0x0f,
}

export function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

export function key(prefix: Prefix, ...parts: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat([Buffer.from([prefix]), ...parts]);
}

/** The range of every key of one kind. */
export function prefixRange(prefix: Prefix): { gte: Uint8Array; lt: Uint8Array } {
  return { gte: key(prefix), lt: key(prefix + 1) };
}

export const HEAD_KEY = key(Prefix.Meta, Buffer.from("head"));
export const FORMAT_KEY = key(Prefix.Meta, Buffer.from("format"));
export const MIGRATING_KEY = key(Prefix.Meta, Buffer.from("migrating"));
export const RULES_META_KEY = key(Prefix.Meta, Buffer.from("rules"));
export const CONSENSUS_LEGACY_KEY = key(Prefix.ConsensusState);
export const CONSENSUS_HEADER_KEY = key(Prefix.ConsensusState, Buffer.from("h"));
const PART_PREPARED = 0x70; // "p"

export function preparedPartKey(seq: number): Uint8Array {
  return key(Prefix.ConsensusState, Buffer.from([PART_PREPARED]), u64(seq));
}

export const PREPARED_PARTS: { readonly gte: Uint8Array; readonly lt: Uint8Array } = {
  gte: key(Prefix.ConsensusState, Buffer.from([PART_PREPARED])),
  lt: key(Prefix.ConsensusState, Buffer.from([PART_PREPARED + 1])),
};

export function seqFromPreparedPartKey(k: Uint8Array): number {
  return Number(Buffer.from(k.buffer, k.byteOffset, k.byteLength).readBigUInt64BE(2));
}

export function entryKey(height: number): Uint8Array {
  return key(Prefix.Entry, u64(height));
}

/** The first key after entry `height` (a range's exclusive end). */
export function entryKeyAfter(height: number): Uint8Array {
  return key(Prefix.Entry, u64(height + 1));
}

export function heightFromEntryKey(k: Uint8Array): number {
  return Number(Buffer.from(k.buffer, k.byteOffset, k.byteLength).readBigUInt64BE(1));
}

export function evidenceKey(height: number, counter: number): Uint8Array {
  return key(Prefix.Evidence, u64(height), u64(counter));
}

export function heightFromEvidenceKey(k: Uint8Array): number {
  return heightFromEntryKey(k);
}

export function signedHeadKey(height: number): Uint8Array {
  return key(Prefix.SignedHead, u64(height));
}

export function proposalKey(id: string): Uint8Array {
  return key(Prefix.Proposal, Buffer.from(id));
}

export function clientRequestKey(clientKeyHex: string, n: number): Uint8Array {
  return key(Prefix.ClientRequest, Buffer.from(clientKeyHex, "hex"), u64(n));
}

export function clientTableKey(clientKeyHex: string): Uint8Array {
  return key(Prefix.ClientTable, Buffer.from(clientKeyHex, "hex"));
}

export function position(height: number, index: number): Uint8Array {
  const b = Buffer.alloc(12);
  b.writeBigUInt64BE(BigInt(height));
  b.writeUInt32BE(index, 8);
  return b;
}

export function readPosition(v: Uint8Array): { height: number; index: number } {
  const b = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return { height: Number(b.readBigUInt64BE(0)), index: b.readUInt32BE(8) };
}

export function epochKey(epoch: number): Uint8Array {
  return key(Prefix.Epoch, u64(epoch));
}

export function configChangeKey(id: string): Uint8Array {
  return key(Prefix.ConfigChange, Buffer.from(id));
}

export function boundaryProofKey(epoch: number): Uint8Array {
  return key(Prefix.BoundaryProof, u64(epoch));
}

export function rulesIdKey(id: string): Uint8Array {
  return key(Prefix.RulesId, Buffer.from(id, "utf8"));
}

export function rulesClientKey(clientKeyHex: string): Uint8Array {
  return key(Prefix.RulesClient, Buffer.from(clientKeyHex, "hex"));
}

export function governedOpenKey(id: string): Uint8Array {
  return key(Prefix.GovernedOpen, Buffer.from(id, "utf8"));
}

/** The id in a GovernedOpen key. */
export function idFromGovernedOpenKey(k: Uint8Array): string {
  return Buffer.from(k.buffer, k.byteOffset + 1, k.byteLength - 1).toString("utf8");
}
