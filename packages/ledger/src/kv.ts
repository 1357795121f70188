// The ledger's one store interface: an ordered key-value store with atomic batches. Two implementations:
// LevelKv (classic-level, the node's disk) and MemoryKv below (a sorted in-memory map for the simulator and
// unit tests, with synchronous access besides). Keys and their prefixes are listed in keys.ts.
import { LedgerError } from "./errors.js";

export type KvOp =
  | { readonly type: "put"; readonly key: Uint8Array; readonly value: Uint8Array }
  | { readonly type: "del"; readonly key: Uint8Array };

/** Keys k with gte <= k < lt, in byte order (either bound may be absent), or the reverse order. */
export interface KvRange {
  readonly gte?: Uint8Array;
  readonly lt?: Uint8Array;
  /** Highest key first (the latest of a height-ordered prefix without walking all of it). */
  readonly reverse?: boolean;
}

export interface KvWriteOptions {
  /** Durable (fsync) before the promise resolves. */
  readonly sync?: boolean;
}

export interface KvStore {
  get(key: Uint8Array): Promise<Uint8Array | undefined>;
  /** Reads a consistent snapshot taken when the iteration starts; breaking out of the loop releases it. */
  iterate(range: KvRange): AsyncIterable<readonly [Uint8Array, Uint8Array]>;
  /** Applies every op or none of them. */
  batch(ops: readonly KvOp[], options?: KvWriteOptions): Promise<void>;
  close(): Promise<void>;
}

interface Item {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

/** Latin-1 maps each byte to one UTF-16 code unit, so string order is byte order. */
function str(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString("latin1");
}

/**
 * A sorted in-memory KvStore. Reads return copies and writes store copies, as a disk would, so no caller
 * can change stored bytes through a reference it kept. `close` keeps the data: a ledger may be opened on
 * the same MemoryKv again, as a node is restarted on its data directory.
 */
export class MemoryKv implements KvStore {
  private readonly items = new Map<string, Item>();
  /** The keys of `items` in byte order. */
  private sorted: string[] = [];

  get size(): number {
    return this.items.size;
  }

  getSync(key: Uint8Array): Uint8Array | undefined {
    const item = this.items.get(str(key));
    return item === undefined ? undefined : item.value.slice();
  }

  /** A snapshot of the range taken now (later writes do not show in it). */
  iterateSync(range: KvRange = {}): IterableIterator<readonly [Uint8Array, Uint8Array]> {
    const lo = range.gte === undefined ? 0 : this.lowerBound(str(range.gte));
    const hi = range.lt === undefined ? this.sorted.length : this.lowerBound(str(range.lt));
    const snapshot = hi > lo ? this.sorted.slice(lo, hi).map((k) => this.items.get(k)!) : [];
    if (range.reverse === true) snapshot.reverse();
    return (function* () {
      for (const item of snapshot) yield [item.key.slice(), item.value.slice()] as const;
    })();
  }

  /** Applies every op or none (a bad op is refused before anything changes). */
  batchSync(ops: readonly KvOp[]): void {
    for (const op of ops)
      if (!(op.key instanceof Uint8Array) || (op.type === "put" && !(op.value instanceof Uint8Array)))
        throw new LedgerError("io", "a key-value op without a byte key or value");
    for (const op of ops) {
      const k = str(op.key);
      const present = this.items.has(k);
      if (op.type === "put") {
        if (!present) this.sorted.splice(this.lowerBound(k), 0, k);
        this.items.set(k, { key: op.key.slice(), value: op.value.slice() });
      } else if (present) {
        this.sorted.splice(this.lowerBound(k), 1);
        this.items.delete(k);
      }
    }
  }

  /** An independent copy (e.g. a disk image taken at a crash). */
  clone(): MemoryKv {
    const copy = new MemoryKv();
    for (const k of this.sorted) copy.items.set(k, this.items.get(k)!);
    copy.sorted = [...this.sorted];
    return copy;
  }

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.getSync(key);
  }

  async *iterate(range: KvRange): AsyncGenerator<readonly [Uint8Array, Uint8Array]> {
    yield* this.iterateSync(range);
  }

  async batch(ops: readonly KvOp[], _options?: KvWriteOptions): Promise<void> {
    this.batchSync(ops);
  }

  async close(): Promise<void> {}

  /** The index of the first key >= k. */
  private lowerBound(k: string): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
