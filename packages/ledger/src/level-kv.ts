// The LevelDB KvStore: the only module that imports classic-level. LevelDB's errors become LedgerErrors
// with messages that say what to do ("locked": a running node holds the directory).
import { ClassicLevel } from "classic-level";
import { LedgerError } from "./errors.js";
import type { KvOp, KvRange, KvStore, KvWriteOptions } from "./kv.js";

type Bytes = Uint8Array<ArrayBufferLike>;
type Db = ClassicLevel<Bytes, Bytes>;

interface LevelFailure {
  readonly code?: string;
  readonly message?: string;
  readonly cause?: { readonly code?: string; readonly message?: string };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function openError(dir: string, e: unknown): LedgerError {
  const cause = (e as LevelFailure).cause;
  if (cause?.code === "LEVEL_LOCKED")
    return new LedgerError(
      "locked",
      `ledger database at ${dir} is in use by another process (a running node)`,
    );
  return new LedgerError(
    "open-failed",
    `cannot open ledger database at ${dir}: ${messageOf(e)}${cause?.message ? ` (${cause.message})` : ""}`,
  );
}

export interface LevelKvOptions {
  /** Create the database when the directory holds none (default true). */
  readonly createIfMissing?: boolean;
}

export class LevelKv implements KvStore {
  private constructor(
    private readonly db: Db,
    readonly dir: string,
  ) {}

  /** Opens (by default creating) the database in `dir`; LedgerError "locked" or "open-failed". */
  static async open(dir: string, options: LevelKvOptions = {}): Promise<LevelKv> {
    const db: Db = new ClassicLevel<Bytes, Bytes>(dir, { keyEncoding: "view", valueEncoding: "view" });
    try {
      await db.open({ createIfMissing: options.createIfMissing ?? true });
    } catch (e) {
      throw openError(dir, e);
    }
    return new LevelKv(db, dir);
  }

  /** True when another process (a running node) holds the database's lock. Creates nothing. */
  static async inUse(dir: string): Promise<boolean> {
    try {
      const kv = await LevelKv.open(dir, { createIfMissing: false });
      await kv.close();
      return false;
    } catch (e) {
      return e instanceof LedgerError && e.code === "locked";
    }
  }

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    try {
      return await this.db.get(key);
    } catch (e) {
      throw this.failure("read", e);
    }
  }

  /** Several keys in one call (the rules' state a batch needs: rules-store.ts). */
  async getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    try {
      return await this.db.getMany([...keys]);
    } catch (e) {
      throw this.failure("read", e);
    }
  }

  async *iterate(range: KvRange): AsyncGenerator<readonly [Uint8Array, Uint8Array]> {
    try {
      for await (const [k, v] of this.db.iterator(range)) yield [k, v] as const;
    } catch (e) {
      throw this.failure("read", e);
    }
  }

  async batch(ops: readonly KvOp[], options: KvWriteOptions = {}): Promise<void> {
    if (ops.length === 0) return;
    // A chained batch hands each op to LevelDB as it comes (measured ~10% faster than the array form).
    const chained = this.db.batch();
    try {
      for (const op of ops) op.type === "put" ? chained.put(op.key, op.value) : chained.del(op.key);
      await chained.write({ sync: options.sync ?? false });
    } catch (e) {
      await chained.close().catch(() => undefined);
      throw this.failure("write", e);
    }
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  private failure(what: "read" | "write", e: unknown): LedgerError {
    if (e instanceof LedgerError) return e;
    const code = (e as LevelFailure).code;
    if (code === "LEVEL_DATABASE_NOT_OPEN")
      return new LedgerError("closed", `ledger database at ${this.dir} is closed`);
    return new LedgerError("io", `ledger database at ${this.dir}: ${what} failed (${messageOf(e)})`);
  }
}
