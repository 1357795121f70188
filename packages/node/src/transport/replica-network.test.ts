import "../polyfill.js";
import { multiaddr } from "@multiformats/multiaddr";
import { afterEach, describe, expect, it } from "vitest";
import { encodeFrame, writeVarint } from "./framing.js";
import { createHost } from "./host.js";
import {
  REPLICA_PROTOCOL,
  type ReplicaNetwork,
  type ReplicaNetworkInternals,
  type ReplicaNetworkOptions,
} from "./replica-network.js";
import {
  condition,
  makeMembers,
  startTestNetwork,
  TEST_FRAME_BYTES_MAX,
  type TestMember,
  until,
} from "./test-helpers.js";

const FRAME_BYTES_MAX = TEST_FRAME_BYTES_MAX;
const running: ReplicaNetwork[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((n) => n.stop()));
});

const start = (
  self: TestMember,
  members: readonly TestMember[],
  extra: Partial<ReplicaNetworkOptions> = {},
) => startTestNetwork(running, self, members, extra);

function allConnected(net: ReplicaNetwork, count: number): Promise<void> {
  const c = condition(() => net.connectedPeers().length === count, 10_000, "all peers connected");
  net.onPeerChange(c.poke);
  return c.promise;
}

describe("replica network", () => {
  it("4 members exchange frames both ways, attributed to the authenticated sender", async () => {
    const members = await makeMembers(4);
    const nets = await Promise.all(members.map((m) => start(m, members)));
    await Promise.all(nets.map((n) => allConnected(n, 3)));

    const received = nets.map(() => [] as { from: number; text: string }[]);
    const expected = 4 * 3 * 10;
    let total = 0;
    const done = condition(() => total === expected, 10_000, "all frames");
    nets.forEach((net, i) => {
      net.onFrame((from, frame) => {
        received[i]!.push({ from, text: new TextDecoder().decode(frame) });
        total++;
        done.poke();
      });
    });
    for (let k = 0; k < 10; k++) {
      nets.forEach((net, i) => {
        for (const m of members)
          if (m.id !== i) net.send(m.id, new TextEncoder().encode(`${i}->${m.id}#${k}`));
      });
    }
    await done.promise;
    for (let i = 0; i < 4; i++) {
      for (const from of [0, 1, 2, 3].filter((x) => x !== i)) {
        const texts = received[i]!.filter((r) => r.from === from).map((r) => r.text);
        // In order per sender, all present.
        expect(texts).toEqual(Array.from({ length: 10 }, (_, k) => `${from}->${i}#${k}`));
      }
    }
    const s = nets[0]!.stats();
    expect(s.framesOut).toBe(30);
    expect(s.framesIn).toBe(30);

    // broadcast reaches every other member
    let got = 0;
    const bc = condition(() => got === 3, 5_000, "broadcast");
    nets.forEach((net, i) => {
      if (i !== 2) {
        net.onFrame((from) => {
          expect(from).toBe(2);
          got++;
          bc.poke();
        });
      }
    });
    nets[2]!.broadcast(new Uint8Array([1, 2, 3]));
    await bc.promise;
  });
});

describe("replica network: membership, restarts, limits", () => {
  it("refuses a non-member at the connection level, when it dials a member and when a member dials it", async () => {
    const members = await makeMembers(2);
    const [a, b] = await Promise.all(members.map((m) => start(m, members)));
    await allConnected(a!, 1);
    const outsider = await createHost({
      listen: ["/ip4/127.0.0.1/tcp/0"],
      connectionsMax: 16,
      inboundConnectionsPerSecondPerHost: 100,
      dialTimeoutMs: 5_000,
    });
    await outsider.start();
    try {
      const aInternals = a as unknown as ReplicaNetworkInternals;
      const aAddr = multiaddr(`${members[0]!.listen}/p2p/${a!.peerId}`);

      // The outsider dials a member: the member's gater cuts it after the Noise handshake.
      const deniedBefore = a!.stats().connectionsDenied;
      await expect(outsider.dialProtocol(aAddr, REPLICA_PROTOCOL)).rejects.toThrow();
      await until(() => a!.stats().connectionsDenied > deniedBefore, 5_000, "inbound denial counted");
      expect(aInternals.node.getConnections(outsider.peerId)).toHaveLength(0);

      // A member is told to dial the outsider (by peer id: refused before any socket) ...
      const outsiderAddr = outsider.getMultiaddrs()[0]!;
      const denied2 = a!.stats().connectionsDenied;
      await expect(aInternals.node.dial(outsiderAddr)).rejects.toThrow();
      expect(a!.stats().connectionsDenied).toBeGreaterThan(denied2);
      // ... or by bare address (refused once Noise reveals the peer id).
      const bare = multiaddr(outsiderAddr.toString().replace(/\/p2p\/.*$/, ""));
      const denied3 = a!.stats().connectionsDenied;
      await expect(aInternals.node.dial(bare)).rejects.toThrow();
      expect(a!.stats().connectionsDenied).toBeGreaterThan(denied3);
      expect(aInternals.node.getConnections(outsider.peerId)).toHaveLength(0);
      expect(outsider.getConnections()).toHaveLength(0);

      // The members still talk.
      const got = new Promise<number>((resolve) => b!.onFrame((from) => resolve(from)));
      a!.send(1, new Uint8Array([7]));
      expect(await got).toBe(0);
    } finally {
      await outsider.stop();
    }
  });

  it("an impostor at a member's address is not connected (Noise proves the expected peer id)", async () => {
    const members = await makeMembers(2);
    const impostorKey = (await makeMembers(1))[0]!;
    // Member 1's address in the list points at a host with another key.
    const impostor = await createHost({
      privateKey: impostorKey.key,
      listen: [members[1]!.listen],
      connectionsMax: 16,
      inboundConnectionsPerSecondPerHost: 100,
      dialTimeoutMs: 5_000,
    });
    try {
      await impostor.handle(REPLICA_PROTOCOL, (stream) => stream.abort(new Error("impostor")));
      await impostor.start();
      const a = await start(members[0]!, members);
      await until(() => a.stats().dialFailures >= 2, 5_000, "dial failures");
      expect(a.connectedPeers()).toEqual([]);
      a.send(1, new Uint8Array([1]));
      expect(a.stats().dropped["peer-down"]).toBeGreaterThanOrEqual(1);
    } finally {
      await impostor.stop();
    }
  });

  it("reconnects a stopped and restarted member, which receives frames again", async () => {
    const members = await makeMembers(4);
    const nets = await Promise.all(members.map((m) => start(m, members)));
    await Promise.all(nets.map((n) => allConnected(n, 3)));

    const down = condition(() => !nets[0]!.connectedPeers().includes(3), 10_000, "member 3 seen down");
    nets[0]!.onPeerChange(down.poke);
    await nets[3]!.stop();
    await down.promise;
    nets[0]!.send(3, new Uint8Array([9])); // dropped or lost: the peer is down
    expect(nets[0]!.stats().dropped["peer-down"] + nets[0]!.stats().framesOut).toBeGreaterThan(0);

    const restarted = await start(members[3]!, members);
    await Promise.all([allConnected(restarted, 3), ...nets.slice(0, 3).map((n) => allConnected(n, 3))]);
    expect(nets[0]!.stats().reconnects).toBeGreaterThanOrEqual(1);

    const fromOthers = new Set<number>();
    const all = condition(() => fromOthers.size === 3, 5_000, "frames from 0, 1, 2");
    restarted.onFrame((from, frame) => {
      expect(frame).toEqual(new Uint8Array([42, from]));
      fromOthers.add(from);
      all.poke();
    });
    for (let i = 0; i < 3; i++) nets[i]!.send(3, new Uint8Array([42, i]));
    await all.promise;

    const back = new Promise<number>((resolve) => nets[1]!.onFrame((from) => resolve(from)));
    restarted.send(1, new Uint8Array([5]));
    expect(await back).toBe(3);
  });

  it("refuses and counts oversize frames, outbound and inbound", async () => {
    const members = await makeMembers(2);
    const [a, b] = await Promise.all(members.map((m) => start(m, members)));
    await allConnected(a!, 1);

    a!.send(1, new Uint8Array(FRAME_BYTES_MAX + 1));
    a!.broadcast(new Uint8Array(FRAME_BYTES_MAX + 1));
    a!.send(7, new Uint8Array(1));
    a!.send(0, new Uint8Array(1)); // self
    expect(a!.stats().dropped["too-large"]).toBe(2);
    expect(a!.stats().dropped["unknown-peer"]).toBe(2);

    // A frame of exactly the maximum goes through.
    const max = new Promise<number>((resolve) => b!.onFrame((_, frame) => resolve(frame.byteLength)));
    a!.send(1, new Uint8Array(FRAME_BYTES_MAX).fill(3));
    expect(await max).toBe(FRAME_BYTES_MAX);

    // A member (its key, its own host) announcing an oversize length: b closes that stream.
    const rogue = await createHost({
      privateKey: members[0]!.key,
      listen: [],
      connectionsMax: 16,
      inboundConnectionsPerSecondPerHost: 100,
      dialTimeoutMs: 5_000,
    });
    await rogue.start();
    try {
      const stream = await rogue.dialProtocol(
        multiaddr(`${members[1]!.listen}/p2p/${b!.peerId}`),
        REPLICA_PROTOCOL,
      );
      const closed = new Promise<void>((resolve) => stream.addEventListener("close", () => resolve()));
      stream.send(encodeFrame(new Uint8Array([1, 2, 3])));
      const header = new Uint8Array(5);
      stream.send(header.subarray(0, writeVarint(header, 0, FRAME_BYTES_MAX + 1)));
      await closed;
      await until(() => b!.stats().dropped["too-large"] === 1, 5_000, "too-large counted");
      expect(b!.stats().streamsClosedOnError).toBe(1);
    } finally {
      await rogue.stop();
    }
  });

  it("bounds the send queue and drops the oldest frames when it is full", async () => {
    const members = await makeMembers(2);
    const a = await start(members[0]!, members, { sendQueueBytesMax: FRAME_BYTES_MAX });
    const b = await start(members[1]!, members);
    await allConnected(a, 1);
    let received = 0;
    b.onFrame(() => {
      received++;
    });
    // 2,000 frames of 16 KiB in one tick: far more than the queue holds.
    for (let i = 0; i < 2_000; i++) a.send(1, new Uint8Array(16 * 1024));
    const s = a.stats();
    expect(s.dropped["queue-full"]).toBeGreaterThan(1_900);
    expect(s.queuedBytes).toBeLessThanOrEqual(FRAME_BYTES_MAX);
    await until(() => received === 2_000 - a.stats().dropped["queue-full"], 5_000, "the rest delivered");
  });
});
