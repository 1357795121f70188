// The state server's answers carry the replica's state summary beside the batches (a member cut off while
// the others moved on learns their view and a proven catch-up target from them).
import { pbft, type StateSummary } from "@pbft/consensus";
import type { Ledger } from "@pbft/ledger";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createMetrics } from "./metrics.js";
import { StateServer } from "./state-server.js";

function envelope(signer: number, bytes: number): pbft.Envelope {
  return pbft.Envelope.create({
    payload: new Uint8Array(bytes).fill(signer),
    signer,
    signature: new Uint8Array(64),
  });
}

/** A ledger of `height` empty batches, as far as the state server reads it. */
function fakeLedger(height: number): Ledger {
  return {
    head: () => ({ height, entryHash: new Uint8Array(32) }),
    stateReply: async (from: number, to: number, limits: { countMax: number }) => ({
      batches: Array.from(
        { length: Math.max(0, Math.min(to, height, from + limits.countMax - 1) - from + 1) },
        (_, i) => pbft.CommittedBatch.create({ seq: from + i, view: 0 }),
      ),
      lastSeq: height,
    }),
  } as unknown as Ledger;
}

/** Serves one request and returns the decoded answer. */
async function answer(summary: StateSummary, frameBytesMax = 1 << 20): Promise<pbft.StateReply> {
  let sent: Uint8Array | undefined;
  const done = new Promise<void>((resolve) => {
    const server = new StateServer({
      ledger: fakeLedger(3),
      net: {
        send: (_to, frame) => {
          sent = frame;
          resolve();
        },
        broadcast: () => undefined,
      },
      chunkMax: 64,
      summary: () => summary,
      frameBytesMax,
      metrics: createMetrics({ node: "n0", cluster: "c" }),
      logger: pino({ level: "silent" }),
    });
    server.serve(1, { fromSeq: 1, toSeq: 10 });
  });
  await done;
  const frame = pbft.ReplicaFrame.decode(sent!);
  return frame.stateReply as pbft.StateReply;
}

describe("state server", () => {
  it("answers with the batches, the head, the NewView of the replica's view and its stable checkpoint proof", async () => {
    const newView = envelope(1, 100);
    const proof = [envelope(0, 20), envelope(1, 20), envelope(2, 20)];
    const reply = await answer({ newView, checkpointProof: proof });
    expect(reply.batches.map((b) => b.seq)).toEqual([1, 2, 3]);
    expect(reply.lastSeq).toBe(3);
    expect(reply.newView?.signer).toBe(1);
    expect(reply.checkpointProof.map((e) => e.signer)).toEqual([0, 1, 2]);
  });

  it("leaves the NewView out when there is none, or when it would crowd the batches out of the frame", async () => {
    const none = await answer({ newView: null, checkpointProof: [] });
    expect(none.newView).toBeNull();
    expect(none.checkpointProof).toEqual([]);
    const huge = await answer({ newView: envelope(1, 40_000), checkpointProof: [] }, 64 * 1024);
    expect(huge.newView).toBeNull();
    expect(huge.batches).toHaveLength(3);
  });
});
