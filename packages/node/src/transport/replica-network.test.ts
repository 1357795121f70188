import "../polyfill.js";
import { afterEach, describe, expect, it } from "vitest";
import { type ReplicaNetwork, type ReplicaNetworkOptions, startReplicaNetwork } from "./replica-network.js";
import { condition, makeMembers, silentLogger, type TestMember } from "./test-helpers.js";

const FRAME_BYTES_MAX = 64 * 1024;
const running: ReplicaNetwork[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((n) => n.stop()));
});

async function start(
  self: TestMember,
  members: readonly TestMember[],
  extra: Partial<ReplicaNetworkOptions> = {},
): Promise<ReplicaNetwork> {
  const net = await startReplicaNetwork({
    selfId: self.id,
    privateKey: self.key,
    listen: [self.listen],
    members: members.map(({ id, peerId, addresses }) => ({ id, peerId, addresses })),
    frameBytesMax: FRAME_BYTES_MAX,
    logger: silentLogger,
    backoff: { initialMs: 20, maxMs: 200 },
    ...extra,
  });
  running.push(net);
  return net;
}

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
