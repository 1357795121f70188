// The replica network across epochs (issue 16): setMembers renumbers peers that stay without reconnecting
// them, dials and admits added members, refuses and closes removed ones; a node that is not a member yet
// connects once the members admit it.
import "../polyfill.js";
import { afterEach, describe, expect, it } from "vitest";
import type { ReplicaMember, ReplicaNetwork } from "./replica-network.js";
import { makeMembers, startTestNetwork, type TestMember, until } from "./test-helpers.js";

const running: ReplicaNetwork[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((n) => n.stop()));
});

const plain = (ms: readonly TestMember[]): ReplicaMember[] =>
  ms.map(({ id, peerId, addresses }) => ({ id, peerId, addresses }));
const text = (s: string) => new TextEncoder().encode(s);

describe("replica network members over epochs", () => {
  it("grows 4 -> 5 with a joiner, renumbers, then removes one member and cuts it off", async () => {
    const old = await makeMembers(4);
    const [joiner] = await makeMembers(1, 4);
    const nets = await Promise.all(old.map((m) => startTestNetwork(running, m, old)));
    // The joiner starts as a non-member that knows the current members: the gater keeps it out for now.
    const j = await startTestNetwork(running, joiner!, old, { selfId: null });
    await until(() => nets.every((n) => n.connectedPeers().length === 3), 10_000, "4 connected");
    expect(j.connectedPeers()).toEqual([]);
    await until(() => nets.some((n) => n.stats().connectionsDenied > 0), 10_000, "joiner refused");

    // Epoch 1: the joiner becomes member 0 (ids follow the new configuration's order), the others shift.
    const epoch1 = [joiner!, ...old].map((m, id) => ({ ...m, id }));
    for (const [i, n] of nets.entries()) await n.setMembers(plain(epoch1), i + 1);
    await j.setMembers(plain(epoch1), 0);
    await until(() => [...nets, j].every((n) => n.connectedPeers().length === 4), 10_000, "5 connected");

    // Frames are attributed by the new ids.
    const got: { from: number; body: string }[] = [];
    j.onFrame((from, f) => got.push({ from, body: new TextDecoder().decode(f) }));
    nets[2]!.send(0, text("hello joiner"));
    await until(() => got.length === 1, 10_000, "frame to the joiner");
    expect(got[0]).toEqual({ from: 3, body: "hello joiner" });

    // Epoch 2: old member 3 (id 4 in epoch 1) is removed; the others stop talking to it and refuse it.
    const removed = old[3]!;
    const epoch2 = epoch1.filter((m) => m.peerId !== removed.peerId).map((m, id) => ({ ...m, id }));
    for (const [i, n] of nets.slice(0, 3).entries()) await n.setMembers(plain(epoch2), i + 1);
    await j.setMembers(plain(epoch2), 0);
    await until(
      () => [...nets.slice(0, 3), j].every((n) => n.connectedPeers().length === 3),
      10_000,
      "4 left",
    );
    const heard: number[] = [];
    const outBefore = nets[3]!.stats().framesOut;
    for (const n of [...nets.slice(0, 3), j]) n.onFrame((from) => heard.push(from));
    // The removed node still thinks it is a member of epoch 1 and keeps sending: it has no link left to send
    // on (its connections were closed and the gater refuses its re-dials), so nothing gets through.
    await until(() => nets[3]!.connectedPeers().length === 0, 10_000, "the removed node cut off");
    for (let k = 0; k < 5; k++) nets[3]!.broadcast(text("still here"));
    nets[1]!.send(0, text("from a member"));
    await until(() => heard.length >= 1, 10_000, "a member's frame");
    expect(heard).toEqual([2]);
    expect(nets[3]!.stats().framesOut).toBeLessThanOrEqual(outBefore);
  }, 60_000);
});
