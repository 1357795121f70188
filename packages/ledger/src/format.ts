// The ledger's format version, kept in the store's metadata (written when a ledger is created, checked at
// every open) and in the first line of an export. Format 2: entry headers without the view (format 1
// hashed the view of the local commit certificate, so honest ledgers could fork; migrate.ts converts).
import { LedgerError } from "./errors.js";
import { FORMAT_KEY, Prefix, prefixRange } from "./keys.js";
import type { KvStore } from "./kv.js";

export const LEDGER_FORMAT = 2;

export function encodeFormat(format: number): Uint8Array {
  return Buffer.from(String(format), "ascii");
}

/** How to upgrade a format-1 ledger, for error messages. */
export function migrateHint(where: string): string {
  const data = where.startsWith("(") ? "<data dir>" : where;
  return (
    `stop the node and run \`pbft ledger migrate --data ${data}\` on it (on every node of the cluster: ` +
    "see the upgrade notes in the ledger's README), or move the data directory aside and let the node " +
    "re-sync by state transfer from upgraded members"
  );
}

/**
 * Checks the stored format key at open. A ledger without one is new when it holds no entries (the caller
 * then writes the key: `true`), else format 1: refused with the fix in the message.
 */
export function checkFormat(stored: Uint8Array | undefined, hasEntries: boolean, where: string): boolean {
  if (stored === undefined) {
    if (!hasEntries) return true;
    throw new LedgerError(
      "format",
      `ledger at ${where} is in format 1 (its entry headers hash the view), this version reads format ${LEDGER_FORMAT}: ${migrateHint(where)}`,
    );
  }
  const format = Buffer.from(stored).toString("ascii");
  if (format !== String(LEDGER_FORMAT))
    throw new LedgerError(
      "format",
      `ledger at ${where} is in format ${JSON.stringify(format)}, this version reads format ${LEDGER_FORMAT} only: use the version that wrote it`,
    );
  return false;
}

/** checkFormat over a store: reads its format key and, when there is none, whether it holds any entry. */
export async function checkStoreFormat(kv: KvStore, where: string): Promise<boolean> {
  const format = await kv.get(FORMAT_KEY);
  let hasEntries = false;
  if (format === undefined)
    for await (const _ of kv.iterate(prefixRange(Prefix.Entry))) {
      hasEntries = true;
      break;
    }
  return checkFormat(format, hasEntries, where);
}
