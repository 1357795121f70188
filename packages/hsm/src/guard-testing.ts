// Test support for the guard's tests: payload digests, fresh guard files, slots, "was it refused", and
// recording a vote durably.
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { VoteSlot } from "@pbft/consensus";
import { HsmError } from "./errors.js";
import type { DoubleSignGuard } from "./guard.js";

export const digest = (s: string): Buffer => createHash("sha256").update(s).digest();
export const tmpGuardPath = (): string => join(mkdtempSync(join(tmpdir(), "pbft-guard-")), "guard.log");
export const slot = (kind: VoteSlot["kind"], view: number, seq: number): VoteSlot => ({ kind, view, seq });

/** True when `fn` throws the guard's refusal; any other error propagates. */
export function refused(fn: () => void): boolean {
  try {
    fn();
    return false;
  } catch (e) {
    if (e instanceof HsmError && e.code === "guard-refused") return true;
    throw e;
  }
}

/** Records one vote durably, as the node does for a step's votes: defer, then commit. */
export async function record(g: DoubleSignGuard, s: VoteSlot, d: Uint8Array): Promise<void> {
  g.defer(s, d);
  await g.commitDeferred();
}
