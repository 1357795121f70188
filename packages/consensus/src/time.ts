// Consensus time (issue 18). The primary puts its clock reading into each pre-prepare (`time_ms`); the batch
// digest binds it, so prepares, commits and the commit certificate, which all sign the digest, agree on the
// time as they agree on the batch. A backup accepts a pre-prepare only if its time is within a bound of its
// own clock and above the times before it; otherwise it suspects the primary. The ledger records
// max(certified time, previous entry's time) in the header, so recorded times never decrease even where
// a view change re-issues an older batch.
//
// The core stays pure: the caller passes its clock reading to `Replica.step(event, nowMs)`. A replica that
// was never given one (unit tests, tools) proposes time 0 and checks only monotonicity.
import { sha256 } from "./hashing.js";

/** A time of 0 means "no time": the digest is the plain Merkle root, exactly as before times existed. */
export const NO_TIME = 0;

/** Default bound between a backup's clock and a pre-prepare's time (ms), the `clockSkewMaxMs` parameter. */
export const CLOCK_SKEW_MAX_MS_DEFAULT = 2000;

const TAG = new TextEncoder().encode("pbft/v1/timed-batch\0");

/** Times are ms since the Unix epoch and plain numbers: a safe, non-negative integer is the only valid shape. */
export function isTime(t: unknown): t is number {
  return typeof t === "number" && Number.isSafeInteger(t) && t >= 0;
}

/**
 * The batch digest that binds a time: the Merkle root of the requests alone for time 0, else
 * SHA-256(tag || root || time as 8 bytes big-endian). Every time-carrying batch digest is computed here
 * (core, ledger, receipts), so no two places can disagree on the encoding.
 */
export function timedDigest(root: Uint8Array, timeMs: number): Uint8Array {
  if (timeMs === NO_TIME) return root;
  const t = new Uint8Array(8);
  new DataView(t.buffer).setBigUint64(0, BigInt(timeMs));
  return sha256(TAG, root, t);
}

/** The time a ledger records for a batch certified with `certifiedMs` after an entry recorded at `prevMs`. */
export function recordedTime(certifiedMs: number, prevMs: number): number {
  return certifiedMs > prevMs ? certifiedMs : prevMs;
}

/** What the primary proposes: its clock, but always above the last time it knows of (0 without a clock). */
export function proposeTime(nowMs: number | null, lastMs: number): number {
  if (nowMs === null) return NO_TIME;
  return Math.max(Math.floor(nowMs), lastMs + 1);
}

export type TimeVerdict = "ok" | "not-increasing" | "too-early" | "too-late";

/**
 * A backup's check of a pre-prepare's time: above every time before it (`afterMs`) and, when the backup
 * has a clock, within `boundMs` of it. A backup without a clock accepts time 0 (a cluster without times).
 * A replica with a clock refuses time 0 from a primary in the normal case: an honest one always sends one.
 */
export function checkTime(
  timeMs: number,
  afterMs: number,
  nowMs: number | null,
  boundMs: number,
): TimeVerdict {
  if (nowMs === null) return timeMs === NO_TIME || timeMs > afterMs ? "ok" : "not-increasing";
  if (timeMs <= afterMs) return "not-increasing";
  if (timeMs < nowMs - boundMs) return "too-early";
  if (timeMs > nowMs + boundMs) return "too-late";
  return "ok";
}
