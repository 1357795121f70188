// Offline verification, trusting nothing but cluster.json (the genesis): entry hashes over the stored header
// bytes, the hash chain, Merkle roots, commit certificates (each against the members of the epoch in force
// at its height), client signatures, and re-execution of the rules reproducing the recorded results and each
// header's epoch and hand-over (next_config_hash), so the configuration history is followed, never trusted.
// Streams: memory holds neither the ledger nor the rules' state, which is kept in a temporary LevelDB
// (rules-open.ts ScratchRules) behind a bounded cache, so a verify of any length runs in bounded memory.
import { stat } from "node:fs/promises";
import { bytesEqual, pbft, recordedTime, signedBytes } from "@pbft/consensus";
import { checkCertificate, clusterKeys } from "./certificate.js";
import type { ClusterConfig } from "./cluster-config.js";
import { readConfigRecords } from "./config-store.js";
import { certifiedTime, headerOf } from "./core.js";
import { verifyEd25519 } from "./ed25519.js";
import { decodeEntry, ZERO_HASH } from "./entry.js";
import { storedHops } from "./epoch-hops.js";
import { type EpochHop, EpochProofError, verifyEpochHop } from "./epoch-proof.js";
import type { EpochRecord } from "./epochs.js";
import { readExport } from "./export.js";
import { checkStoreFormat } from "./format.js";
import { HeadCheck, type HeadSummary, type MinHead } from "./head-check.js";
import { HEAD_KEY, heightFromEntryKey, Prefix, prefixRange } from "./keys.js";
import { LevelKv } from "./level-kv.js";
import { type ProgressOptions, ProgressReporter } from "./progress.js";
import { ScratchRules } from "./rules-open.js";
import { epochConfigs } from "./signed-head.js";

export type VerifyResult =
  | {
      readonly ok: true;
      readonly height: number;
      readonly headHash: Uint8Array;
      readonly proposals: number;
      /** The last signed head verified (the source's), if it carried one; entries above it are not covered. */
      readonly signedHead?: HeadSummary;
      /** The configuration history followed from the genesis (epoch 0 first), as the entries replayed it. */
      readonly epochs: readonly EpochRecord[];
      /** How many boundaries the source vouched for with an epoch hop, each checked against that history. */
      readonly epochHops: number;
    }
  | {
      readonly ok: false;
      /** The first height that failed (0: the source itself, e.g. an unreadable database or export header). */
      readonly badHeight: number;
      readonly reason: string;
      /** Entries verified before it. */
      readonly height: number;
      readonly proposals: number;
    };

/**
 * One item of a source: a stored value, an error the reader hit at the given height, or the source's signed
 * head (first, before the entries: an export's last line, read from its tail; a data dir's latest).
 */
export type RawItem =
  | { readonly height: number; readonly value: Uint8Array }
  | { readonly height: number; readonly error: string }
  | { readonly height: 0; readonly signedHead: unknown }
  /** The epoch-proof hop of the boundary entry at `height` (the item right after that entry). */
  | { readonly height: number; readonly epochHop: EpochHop };

export interface VerifyOptions extends ProgressOptions {
  /** A head the auditor holds: the source must reach it and agree with it (truncation, fork). */
  readonly minHead?: MinHead;
}

/**
 * Verifies entries 1, 2, ... of `source`. `onProgress` (throttled, see ProgressOptions) hears non-decreasing
 * heights and, when the stream verifies, a last call with the final height as its total.
 */
export async function verifyStream(
  source: AsyncIterable<RawItem>,
  cluster: ClusterConfig,
  options?: VerifyOptions,
): Promise<VerifyResult> {
  return verifyReporting(source, cluster, ProgressReporter.of(options, "verify"), options?.minHead);
}

/** verifyStream with the reporter made by its caller (a source may tell it the total). */
async function verifyReporting(
  source: AsyncIterable<RawItem>,
  cluster: ClusterConfig,
  progress: ProgressReporter | null,
  minHead?: MinHead,
): Promise<VerifyResult> {
  const state = new ScratchRules(cluster);
  try {
    return await verifyWith(state, source, cluster, progress, minHead);
  } finally {
    await state.close();
  }
}

async function verifyWith(
  state: ScratchRules,
  source: AsyncIterable<RawItem>,
  cluster: ClusterConfig,
  progress: ProgressReporter | null,
  minHead?: MinHead,
): Promise<VerifyResult> {
  let keys = clusterKeys(cluster);
  const heads = new HeadCheck(cluster, minHead);
  let prev: Uint8Array = ZERO_HASH;
  let prevTime = 0;
  let height = 0;
  let proposals = 0;
  let hops = 0;
  let lastHeader: Uint8Array | undefined;
  const fail = (badHeight: number, reason: string): VerifyResult => ({
    ok: false,
    badHeight,
    reason,
    height,
    proposals,
  });
  try {
    for await (const item of source) {
      const expected = height + 1;
      if ("error" in item) return fail(item.height, item.error);
      if ("signedHead" in item) {
        const problem = height === 0 ? heads.onSignedHead(item.signedHead) : "signed head after the entries";
        if (problem !== null) return fail(0, problem);
        continue;
      }
      if ("epochHop" in item) {
        const problem = checkHop(item.height, item.epochHop);
        if (problem !== null) return fail(item.height, problem);
        hops++;
        continue;
      }
      if (item.height !== expected)
        return fail(expected, `entry ${expected} is missing (found ${item.height})`);
      const e = decodeEntry(cluster.clusterId, item.value);
      if (typeof e === "string") return fail(expected, e);
      if (e.height !== expected) return fail(expected, `header says height ${e.height}`);
      if (!bytesEqual(e.header.prevHash, prev))
        return fail(expected, "prev_hash does not match the previous entry hash");
      // The members of the epoch in force at this height sign its certificate (the epoch follows from the
      // genesis and the entries before: each boundary's next configuration is re-derived, never read).
      const epoch = state.config.epoch();
      if (keys.epoch !== epoch.epoch) keys = clusterKeys(epoch.config);
      const certProblem = checkCertificate(
        keys,
        e.batch.certificate,
        Number(e.batch.view), // the certificate's view: evidence beside the entry, not in its hash
        expected,
        e.header.batchDigest,
      );
      if (certProblem !== null) return fail(expected, `commit certificate: ${certProblem}`);
      for (let i = 0; i < e.batch.requests.length; i++) {
        const r = e.batch.requests[i]!;
        const rb = r.body ?? new Uint8Array();
        const rs = r.signature ?? new Uint8Array();
        let body: pbft.RequestBody | null = null;
        try {
          body = pbft.RequestBody.decode(rb);
        } catch {
          body = null;
        }
        if (
          body !== null &&
          body.clientKey.length === 32 &&
          !verifyEd25519(body.clientKey, signedBytes("request", body.clusterId, rb), rs)
        )
          return fail(expected, `request ${i}: bad client signature`);
      }
      const timeMs = recordedTime(certifiedTime(e.batch.certificate), prevTime);
      const { executed, next } = await state.entry(cluster.clusterId, expected, e.batch.requests, timeMs);
      for (let i = 0; i < executed.length; i++)
        if (!bytesEqual(executed[i]!.resultBytes, e.resultBytes[i]!))
          return fail(
            expected,
            `request ${i}: re-execution gives ${JSON.stringify(executed[i]!.result.toJSON())}`,
          );
      // Consensus time (issue 18): never below the previous entry's, and exactly what the rule gives for
      // the certified time (max of it and the previous), so a header cannot claim another time.
      const recorded = Number(e.header.timeMs);
      if (recorded < prevTime)
        return fail(expected, `time ${recorded} decreases (previous entry: ${prevTime})`);
      if (recorded !== timeMs)
        return fail(expected, `time ${recorded} is not the certified time's (${timeMs})`);
      if (!bytesEqual(headerOf(e.header, prev, epoch.epoch, next, timeMs), e.headerBytes))
        return fail(
          expected,
          `header: epoch ${Number(e.header.epoch)} or next_config_hash differs from the configuration history (epoch ${epoch.epoch}${next ? `, next configuration ${next.hash}` : ", no hand-over"})`,
        );
      proposals += executed.length;
      const contradiction = heads.onEntry(expected, e.entryHash, () => epochConfigs(state.config.epochs()));
      if (contradiction !== null) return fail(expected, contradiction);
      prev = e.entryHash;
      lastHeader = e.headerBytes;
      prevTime = timeMs;
      height = expected;
      progress?.at(height);
    }
  } catch (err) {
    return fail(height + 1, `unreadable source: ${err instanceof Error ? err.message : String(err)}`);
  }
  const truncated = heads.atEnd(height, () => epochConfigs(state.config.epochs()));
  if (truncated !== null) return fail(height + 1, truncated);
  progress?.done(height);
  const signedHead = heads.summary();
  return {
    ok: true,
    height,
    headHash: prev,
    proposals,
    ...(signedHead ? { signedHead } : {}),
    epochs: state.config.epochs(),
    epochHops: hops,
  };

  /**
   * A source's epoch hop after entry `at`: it must be that boundary's (the header verified just now) and
   * lead, checked as a verifier holding the epoch before would, to the configuration the replay derived.
   */
  function checkHop(at: number, hop: EpochHop): string | null {
    const epochs = state.config.epochs();
    const next = epochs.find((r) => r.epoch > 0 && r.startHeight === at + 1);
    if (at !== height || lastHeader === undefined || next === undefined)
      return `an epoch hop after entry ${at}, which is not the last entry of an epoch`;
    if (hop.header !== Buffer.from(lastHeader).toString("hex"))
      return `the epoch hop after entry ${at} is for another boundary header`;
    try {
      const reached = verifyEpochHop(epochs[next.epoch - 1]!, hop, cluster.clusterId);
      if (reached.hash !== next.hash)
        return `the epoch hop after entry ${at} hands over to another configuration than the history's`;
    } catch (e) {
      if (e instanceof EpochProofError) return `the epoch hop after entry ${at}: ${e.problem}`;
      throw e;
    }
    return null;
  }
}

/** A data directory's entries; the stored head, when readable, becomes the progress total. */
async function* levelItems(
  dir: string,
  clusterId: string,
  progress: ProgressReporter | null,
): AsyncGenerator<RawItem> {
  let db: LevelKv;
  try {
    db = await LevelKv.open(dir, { createIfMissing: false });
  } catch (e) {
    yield { height: 0, error: e instanceof Error ? e.message : String(e) };
    return;
  }
  try {
    let last = 0;
    try {
      await checkStoreFormat(db, dir);
      // Only a total for the bar: verification trusts no stored head, and an unreadable one is no error.
      if (progress !== null) progress.total = storedHeadHeight(await db.get(HEAD_KEY).catch(() => undefined));
    } catch (e) {
      yield { height: 0, error: e instanceof Error ? e.message : String(e) };
      return;
    }
    let latest: Uint8Array | undefined;
    try {
      for await (const [, v] of db.iterate(prefixRange(Prefix.SignedHead))) latest = v;
      if (latest !== undefined)
        yield { height: 0, signedHead: JSON.parse(Buffer.from(latest).toString("utf8")) };
    } catch (e) {
      yield {
        height: 0,
        error: `stored signed head unreadable: ${e instanceof Error ? e.message : String(e)}`,
      };
      return;
    }
    // The boundaries' hops, as an export of this store would carry them (checked against the replay).
    let hops: Map<number, EpochHop>;
    try {
      hops = await storedHops(db, clusterId, (await readConfigRecords(db)).epochs);
    } catch (e) {
      yield {
        height: 0,
        error: `stored epoch records unreadable: ${e instanceof Error ? e.message : String(e)}`,
      };
      return;
    }
    try {
      for await (const [k, v] of db.iterate(prefixRange(Prefix.Entry))) {
        last = heightFromEntryKey(k);
        yield { height: last, value: v };
        const hop = hops.get(last);
        if (hop !== undefined) yield { height: last, epochHop: hop };
      }
    } catch (e) {
      yield {
        height: last + 1,
        error: `database read failed: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
  } finally {
    await db.close();
  }
}

/** The height in a head record (u64 BE height + entry hash), or undefined when it is not one. */
function storedHeadHeight(value: Uint8Array | undefined): number | undefined {
  if (value === undefined || value.length < 8) return undefined;
  const h = Buffer.from(value.buffer, value.byteOffset, value.byteLength).readBigUInt64BE(0);
  return h <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(h) : undefined;
}

/**
 * Verifies a ledger data directory or an export file against cluster.json. Never throws for bad input.
 * `onProgress` hears the height reached; its total is a data directory's stored head, and an export's
 * height only at the end (its count is in its end line).
 */
export async function verifyLedger(
  dirOrExport: string,
  cluster: ClusterConfig,
  options?: VerifyOptions,
): Promise<VerifyResult> {
  let isDir: boolean;
  try {
    isDir = (await stat(dirOrExport)).isDirectory();
  } catch (e) {
    return {
      ok: false,
      badHeight: 0,
      reason: `cannot read ${dirOrExport}: ${(e as Error).message}`,
      height: 0,
      proposals: 0,
    };
  }
  const progress = ProgressReporter.of(options, "verify");
  return verifyReporting(
    isDir ? levelItems(dirOrExport, cluster.clusterId, progress) : readExport(dirOrExport, cluster.clusterId),
    cluster,
    progress,
    options?.minHead,
  );
}
