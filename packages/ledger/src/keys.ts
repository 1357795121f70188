// Every LevelDB key prefix the ledger uses, in one place. The first byte of a key names its kind.
export enum Prefix {
  /** + u64 BE height -> entry value (see entry.ts) */
  Entry = 0x01,
  /** + "head" -> u64 BE height + 32-byte entry hash */
  Meta = 0x02,
  /** + UTF-8 proposal id -> u64 BE height + u32 BE index */
  Proposal = 0x03,
  /** + 32-byte client key + u64 BE request number -> u64 BE height + u32 BE index */
  ClientRequest = 0x04,
  /** + 32-byte client key -> u64 BE last executed request number + u64 BE height + 32-byte entry hash */
  ClientTable = 0x05,
  /** -> the consensus core's durable state (opaque bytes owned by the node) */
  ConsensusState = 0x06,
  /** + u64 BE height + u64 BE arrival counter -> the refused entry's value (fork or gap evidence) */
  Evidence = 0x07,
}

export function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

export function key(prefix: Prefix, ...parts: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat([Buffer.from([prefix]), ...parts]);
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
