import "../polyfill.js";
import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Stream } from "@libp2p/interface";
import { multiaddr } from "@multiformats/multiaddr";
import { pbft } from "@pbft/consensus";
import { afterEach, describe, expect, it } from "vitest";
import { type ClientConnector, startClientConnector } from "./client-connector.js";
import {
  CLIENT_PROTOCOL,
  type ClientServer,
  type ClientServerInternals,
  type ClientServerOptions,
  startClientServer,
} from "./client-server.js";
import { encodeFrame, writeVarint } from "./framing.js";
import { createHost } from "./host.js";
import { peerIdOf } from "./peer-key.js";
import { silentLogger, until } from "./test-helpers.js";

const FRAME_BYTES_MAX = 16 * 1024;
const cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((stop) => stop()));
});

async function server(
  extra: Partial<ClientServerOptions> = {},
): Promise<ClientServer & ClientServerInternals> {
  const s = await startClientServer({
    privateKey: await generateKeyPair("Ed25519"),
    listen: ["/ip4/127.0.0.1/tcp/0"],
    frameBytesMax: FRAME_BYTES_MAX,
    connectionsMax: 64,
    framesPerSecondPerConnection: 1_000_000,
    logger: silentLogger,
    ...extra,
  });
  cleanup.push(() => s.stop());
  return s as ClientServer & ClientServerInternals;
}

async function connector(
  servers: readonly (ClientServer & ClientServerInternals)[],
  peerIds?: readonly string[],
): Promise<ClientConnector> {
  const c = await startClientConnector({
    members: servers.map((s, id) => ({
      id,
      peerId: peerIds?.[id] ?? s.peerId,
      clientAddresses: s.addresses,
    })),
    frameBytesMax: FRAME_BYTES_MAX,
    backoff: { initialMs: 20, maxMs: 200 },
  });
  cleanup.push(() => c.stop());
  return c;
}

function echo(s: ClientServer): void {
  s.onFrame((session, frame) => session.send(frame));
}

async function rawClient() {
  const host = await createHost({
    listen: [],
    connectionsMax: 16,
    inboundConnectionsPerSecondPerHost: 1,
    dialTimeoutMs: 5_000,
  });
  await host.start();
  cleanup.push(async () => {
    await host.stop();
  });
  return host;
}

describe("client server and connector", () => {
  it("round trip to several members, each reply attributed to its member", async () => {
    const servers = await Promise.all([server(), server(), server()]);
    servers.forEach(echo);
    const c = await connector(servers);
    expect(await c.waitConnected(3, 5_000)).toEqual([0, 1, 2]);
    const replies: [number, string][] = [];
    const all = new Promise<void>((resolve) => {
      c.onFrame((member, frame) => {
        replies.push([member, new TextDecoder().decode(frame)]);
        if (replies.length === 6) resolve();
      });
    });
    for (const id of [0, 1, 2]) {
      expect(c.send(id, new TextEncoder().encode(`a${id}`))).toBe(true);
      expect(c.send(id, new TextEncoder().encode(`b${id}`))).toBe(true);
    }
    await all;
    expect(replies.sort()).toEqual([
      [0, "a0"],
      [0, "b0"],
      [1, "a1"],
      [1, "b1"],
      [2, "a2"],
      [2, "b2"],
    ]);
    expect(servers[0]!.stats().framesIn).toBe(2);
    expect(servers[0]!.stats().framesOut).toBe(2);
    expect(c.send(9, new Uint8Array([1]))).toBe(false);
    expect(c.send(0, new Uint8Array(FRAME_BYTES_MAX + 1))).toBe(false);
  });

  it("session close is reported, and sends after it are dropped and counted", async () => {
    const s = await server();
    const sessionClosed = new Promise<void>((resolve) => {
      s.onFrame((session) => {
        session.onClose(() => {
          expect(session.closed).toBe(true);
          session.send(new Uint8Array([1]));
          resolve();
        });
      });
    });
    const c = await connector([s]);
    await c.waitConnected(1, 5_000);
    c.send(0, new Uint8Array([1]));
    await until(() => s.stats().framesIn === 1, 5_000, "frame in");
    await c.stop();
    await sessionClosed;
    expect(s.stats().dropped.closed).toBe(1);
  });

  it("refuses a member whose host cannot prove the peer id in cluster.json", async () => {
    const s = await server();
    echo(s);
    const wrongPeerId = peerIdOf(await generateKeyPair("Ed25519"));
    const c = await connector([s], [wrongPeerId]);
    await expect(c.waitConnected(1, 300)).rejects.toThrow(/only 0 of the 1/);
    expect(c.stats().dialFailures).toBeGreaterThan(0);
    expect(s.stats().framesIn).toBe(0);
  });

  it("reconnects to a restarted member", async () => {
    const key = await generateKeyPair("Ed25519");
    const first = await startClientServer({
      privateKey: key,
      listen: ["/ip4/127.0.0.1/tcp/0"],
      frameBytesMax: FRAME_BYTES_MAX,
      connectionsMax: 8,
      framesPerSecondPerConnection: 1000,
      logger: silentLogger,
    });
    const address = (first as ClientServer & ClientServerInternals).addresses[0]!;
    const c = await startClientConnector({
      members: [{ id: 0, peerId: first.peerId, clientAddresses: [address] }],
      frameBytesMax: FRAME_BYTES_MAX,
      backoff: { initialMs: 20, maxMs: 200 },
    });
    cleanup.push(() => c.stop());
    await c.waitConnected(1, 5_000);
    await first.stop();
    await until(() => c.connected().length === 0, 5_000, "member seen down");
    const second = await startClientServer({
      privateKey: key,
      listen: [address],
      frameBytesMax: FRAME_BYTES_MAX,
      connectionsMax: 8,
      framesPerSecondPerConnection: 1000,
      logger: silentLogger,
    });
    cleanup.push(() => second.stop());
    echo(second);
    await c.waitConnected(1, 5_000);
    const reply = new Promise<number>((resolve) => c.onFrame((member) => resolve(member)));
    c.send(0, new Uint8Array([1]));
    expect(await reply).toBe(0);
    expect(c.stats().reconnects).toBe(1);
  });

  it("rate-limits frames per connection, counts the drops and disconnects a persistent abuser", async () => {
    const s = await server({ framesPerSecondPerConnection: 10 });
    let handled = 0;
    s.onFrame(() => {
      handled++;
    });
    const c = await connector([s]);
    await c.waitConnected(1, 5_000);
    for (let i = 0; i < 100; i++) c.send(0, new Uint8Array([i]));
    await until(() => s.stats().connectionsClosedForAbuse === 1, 5_000, "abuser disconnected");
    const st = s.stats();
    expect(handled).toBeGreaterThanOrEqual(10);
    expect(handled).toBeLessThan(15); // the one-second burst, plus what refilled meanwhile
    expect(st.dropped["rate-limited"]).toBeGreaterThan(30);
    expect(st.framesIn).toBe(handled);
  });

  it("limits concurrent client connections", async () => {
    const s = await server({ connectionsMax: 2 });
    const a = await connector([s]);
    const b = await connector([s]);
    await Promise.all([a.waitConnected(1, 5_000), b.waitConnected(1, 5_000)]);
    const c = await connector([s]);
    await until(() => s.stats().connectionsDenied >= 1, 5_000, "third connection denied");
    expect(c.connected()).toEqual([]);
    expect(s.node.getConnections().length).toBeLessThanOrEqual(2);
  });

  it("survives 10,000 random and mutated frames, raw garbage on TCP and abrupt closes, and counts them", async () => {
    const s = await server({ connectionsMax: 200 });
    let decoded = 0;
    let undecodable = 0;
    let handled = 0;
    s.onFrame((session, frame) => {
      handled++;
      try {
        const f = pbft.ClientFrame.decode(frame);
        decoded++;
        if (f.request) session.send(frame);
      } catch {
        undecodable++;
      }
    });
    const target = multiaddr(s.addresses[0]!); // ends with /p2p/<server peer id>

    // 1. Garbage bytes on a raw TCP socket (before and inside the multistream/Noise handshake).
    for (let i = 0; i < 30; i++) {
      await new Promise<void>((resolve) => {
        const socket = connect(Number(s.addresses[0]!.split("/")[4]), "127.0.0.1", () => {
          socket.write(randomBytes(1 + ((i * 97) % 4000)));
          if (i % 2 === 0) socket.destroy();
          else socket.end();
        });
        socket.on("error", () => {});
        // Random bytes can look like the start of a long handshake message, which the server may wait for
        // until its own handshake timeout: a half-closed socket is destroyed after 2 s rather than waited for.
        const bound = setTimeout(() => socket.destroy(), 2_000);
        socket.on("close", () => {
          clearTimeout(bound);
          resolve();
        });
      });
    }

    // 2. A Noise-authenticated client sending 10,000 frames: valid ClientFrames, random bytes,
    // and mutated ClientFrames, all correctly length-prefixed (the stream stays up).
    const client = await rawClient();
    const stream = await client.dialProtocol(target, CLIENT_PROTOCOL);
    const valid = pbft.ClientFrame.encode({
      request: { body: new Uint8Array(64).fill(1), signature: new Uint8Array(64).fill(2) },
    }).finish();
    let sent = 0;
    for (let i = 0; i < 10_000; i++) {
      let frame: Uint8Array;
      if (i % 3 === 0) frame = valid;
      else if (i % 3 === 1) frame = randomBytes(1 + (i % 300));
      else {
        frame = Uint8Array.from(valid);
        for (let k = 0; k < 1 + (i % 5); k++) frame[(i * 31 + k * 17) % frame.length] = (i * 13 + k) & 0xff;
        if (i % 7 === 0) frame = frame.subarray(0, i % frame.length || 1);
      }
      if (!stream.send(encodeFrame(frame))) await stream.onDrain();
      sent++;
    }
    await until(() => s.stats().framesIn === sent, 10_000, "10,000 frames handled");
    expect(handled).toBe(10_000);
    expect(decoded + undecodable).toBe(10_000);
    expect(undecodable).toBeGreaterThan(0);
    await stream.close();

    // 3. Broken framing on fresh streams: truncated varints, over-long varints, huge and zero
    // lengths, a partial frame then an abrupt close.
    const cases: Uint8Array[] = [
      Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), // 6-byte varint
      Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f]), // 2^32-1
      (() => {
        const h = new Uint8Array(5);
        return h.subarray(0, writeVarint(h, 0, FRAME_BYTES_MAX + 1));
      })(),
      Uint8Array.from([0x00]), // zero length
      Uint8Array.from([0x80]), // truncated varint, then close
      Uint8Array.from([0x10, 1, 2, 3]), // partial frame, then close
    ];
    const violationsBefore = s.stats().streamsClosedOnError;
    for (const [i, bytes] of cases.entries()) {
      const st: Stream = await client.dialProtocol(target, CLIENT_PROTOCOL);
      const closed = new Promise<void>((resolve) => st.addEventListener("close", () => resolve()));
      st.send(bytes);
      if (i >= 4) st.abort(new Error("abrupt"));
      await closed;
    }
    await until(() => s.stats().streamsClosedOnError - violationsBefore === 4, 5_000, "4 violations counted");
    const st = s.stats();
    expect(st.dropped["too-large"]).toBe(2);
    expect(st.dropped["bad-length"]).toBe(2);

    // 4. The server still serves an honest client.
    const c = await connector([s]);
    await c.waitConnected(1, 5_000);
    const reply = new Promise<Uint8Array>((resolve) => c.onFrame((_, frame) => resolve(frame)));
    c.send(0, valid);
    expect(await reply).toEqual(new Uint8Array(valid));
  });
});
