import { Socket } from "node:net";
import { generateKeyPair } from "@libp2p/crypto/keys";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type ClientConnector, startClientConnector } from "./client-connector.js";
import { type ClientServer, type ClientServerInternals, startClientServer } from "./client-server.js";
import { silentLogger, until } from "./test-helpers.js";

const FRAME_BYTES_MAX = 64 * 1024;
const cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(cleanup.splice(0).map((stop) => stop()));
});

async function pair(): Promise<{ s: ClientServer & ClientServerInternals; c: ClientConnector }> {
  const s = (await startClientServer({
    privateKey: await generateKeyPair("Ed25519"),
    listen: ["/ip4/127.0.0.1/tcp/0"],
    frameBytesMax: FRAME_BYTES_MAX,
    connectionsMax: 8,
    framesPerSecondPerConnection: 1_000_000,
    logger: silentLogger,
  })) as ClientServer & ClientServerInternals;
  cleanup.push(() => s.stop());
  const c = await startClientConnector({
    members: [{ id: 0, peerId: s.peerId, clientAddresses: s.addresses }],
    frameBytesMax: FRAME_BYTES_MAX,
  });
  cleanup.push(() => c.stop());
  await c.waitConnected(1, 5_000);
  return { s, c };
}

describe("wire tuning (lazy yamux window updates, one socket write per send)", () => {
  it("a frame costs one socket write: not two (Noise's length and ciphertext), nor a window update back", async () => {
    const { s, c } = await pair();
    let received = 0;
    s.onFrame(() => {
      received++;
    });
    // Warm the stream up (its SYN/ACK exchange is not what is counted).
    c.send(0, new Uint8Array([0]));
    await until(() => received === 1, 5_000, "first frame");
    // Every socket write or writev goes through this (Node 20 to 24).
    const writes = vi.spyOn(Socket.prototype as unknown as { _writeGeneric: () => void }, "_writeGeneric");
    const frames = 100;
    for (let i = 1; i <= frames; i++) {
      c.send(0, new Uint8Array(100).fill(i));
      // One frame per event-loop turn: each arrives as its own yamux data frame.
      await until(() => received === i + 1, 5_000, `frame ${i}`);
    }
    // One write per frame by the sender. Without the tuning: 4 (2 for the frame, 2 for the window update).
    expect(writes.mock.calls.length).toBeGreaterThanOrEqual(frames);
    expect(writes.mock.calls.length).toBeLessThan(frames * 1.5);
  });

  it("flow control still works: many windows' worth of data in one direction all arrive", async () => {
    const { s, c } = await pair();
    let bytes = 0;
    s.onFrame((_, frame) => {
      bytes += frame.byteLength;
    });
    const frame = new Uint8Array(32 * 1024).fill(9);
    const total = 8 * 1024 * 1024; // 32 times the initial 256 KiB window
    for (let sent = 0; sent < total; sent += frame.byteLength) {
      c.send(0, frame);
      if (sent % (1024 * 1024) === 0) await until(() => bytes >= sent, 10_000, "half way");
    }
    await until(() => bytes === total, 20_000, "all bytes");
    expect(bytes).toBe(total);
  });
});
