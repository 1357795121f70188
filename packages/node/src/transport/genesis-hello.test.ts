// The replica hello: members whose genesis hashes match exchange frames; a member with another genesis
// hash (or none) is refused before any of its frames is handed up, counted and reported.
import "../polyfill.js";
import { afterEach, describe, expect, it } from "vitest";
import type { ReplicaNetwork, ReplicaNetworkOptions } from "./replica-network.js";
import { makeMembers, startTestNetwork, type TestMember, until } from "./test-helpers.js";

const running: ReplicaNetwork[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((n) => n.stop()));
});

const start = (self: TestMember, members: readonly TestMember[], extra: Partial<ReplicaNetworkOptions>) =>
  startTestNetwork(running, self, members, extra);

const G1 = new Uint8Array(32).fill(1);
const G2 = new Uint8Array(32).fill(2);

describe("the genesis hello", () => {
  it("the same genesis: frames flow; another genesis or none: refused both ways, reported, nothing delivered", async () => {
    const members = await makeMembers(4);
    const mismatches: { at: number; member: number; theirs: string | null }[] = [];
    const delivered: { at: number; from: number }[] = [];
    const nets = await Promise.all(
      members.map((m, i) =>
        start(m, members, {
          // 0 and 1 share G1; 2 holds another genesis; 3 sends no hello at all.
          ...(i === 3 ? {} : { genesisHash: i === 2 ? G2 : G1 }),
          onGenesisMismatch: (member, _peerId, theirs) => mismatches.push({ at: i, member, theirs }),
        }),
      ),
    );
    nets.forEach((net, at) => {
      net.onFrame((from) => delivered.push({ at, from }));
    });
    // Node 3 writes nothing (not even a hello) until it has a frame to send: keep everyone talking.
    const talk = setInterval(() => {
      for (const net of nets) net.broadcast(new TextEncoder().encode("hello"));
    }, 50);
    try {
      await until(
        () =>
          [2, 3].every((bad) => mismatches.some((m) => m.at === 0 && m.member === bad)) &&
          mismatches.some((m) => m.at === 2 && m.member === 0),
        10_000,
        "refusals both ways",
      );
      await until(() => delivered.some((d) => d.at === 0 && d.from === 1), 10_000, "0 hears 1");
      await until(() => delivered.some((d) => d.at === 1 && d.from === 0), 10_000, "1 hears 0");
    } finally {
      clearInterval(talk);
    }
    // Nothing crosses between different genesis hashes (2 <-> 0, 1) nor from the node without a hello.
    expect(delivered.filter((d) => d.at !== 3 && (d.from === 2 || d.from === 3))).toEqual([]);
    expect(delivered.filter((d) => d.at === 2 && d.from !== 2)).toEqual([]);
    expect(mismatches.find((m) => m.at === 0 && m.member === 2)?.theirs).toBe("02".repeat(32));
    expect(mismatches.find((m) => m.at === 0 && m.member === 3)?.theirs).toBeNull();
    expect(nets[0]!.stats().dropped["genesis-mismatch"]).toBeGreaterThan(0);
  });
});
