// Integration: what a node does with input from outside that is wrong on purpose — an unauthorised
// proposer, and thousands of random and mutated frames on both the client and the replica protocol.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pbft } from "@pbft/consensus";
import { clusterConfigHash } from "@pbft/ledger";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordProposal, signRequest } from "../client/proposal.js";
import { ClusterClient, SubmitError } from "../client/submit.js";
import { loadNodeConfig } from "../config.js";
import { keyFingerprint } from "../daemon/security-log.js";
import { generateProposerKey, loadProposerKey, type ProposerKey } from "../proposer-key.js";
import { LocalCluster } from "../testing/local-cluster.js";
import { proposerKeyFile } from "../testnet.js";
import {
  loadOrCreatePeerKey,
  peerIdOf,
  startClientConnector,
  startReplicaNetwork,
  type TransportStats,
} from "../transport/index.js";

let lc: LocalCluster;
const FRAMES = 10_000;

/** Sum of a metric's samples whose labels contain `filter`. */
function total(metrics: string, name: string, filter = ""): number {
  let sum = 0;
  for (const line of metrics.split("\n"))
    if (line.startsWith(`${name}{`) && line.includes(filter))
      sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  return sum;
}

/** How much the given metrics (name, label filter) grew between two scrapes, summed. */
function countedSince(
  before: string,
  after: string,
  metrics: readonly (readonly [string, string])[],
): number {
  let sum = 0;
  for (const [name, filter] of metrics) sum += total(after, name, filter) - total(before, name, filter);
  return sum;
}

/** The `warn` lines (level 40) of node `id`'s log that report security event `event`. */
function securityLines(id: number, event: string): Record<string, unknown>[] {
  return readFileSync(join(lc.home(id), "node.log"), "utf8")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.level === 40 && l.event === event);
}

function droppedTotal(s: TransportStats): number {
  return Object.values(s.dropped).reduce((a, b) => a + b, 0);
}

function mutate(bytes: Uint8Array): Uint8Array {
  const r = randomBytes(4);
  const out = Buffer.from(bytes);
  switch (r[0]! % 4) {
    case 0: // flip one to eight bytes
      for (let i = 0; i <= r[1]! % 8; i++)
        out[randomBytes(2).readUInt16BE() % out.length]! ^= 1 + (r[2]! % 255);
      return out;
    case 1: // truncate
      return out.subarray(0, r[1]! % out.length);
    case 2: // append garbage
      return Buffer.concat([out, randomBytes(1 + (r[1]! % 64))]);
    default: // overwrite a run with random bytes
      randomBytes(1 + (r[1]! % 16)).copy(out, r[2]! % out.length);
      return out;
  }
}

/** A load generator's pacing (not synchronisation): 10,000 frames in ~5 s stay under the rate limits. */
async function paced(count: number, send: (i: number) => void): Promise<void> {
  for (let i = 0; i < count; i++) {
    send(i);
    if (i % 500 === 499) await new Promise((r) => setTimeout(r, 250));
  }
}

function generateProposerKeyHex(key: ProposerKey): string {
  return Buffer.from(key.publicKey).toString("hex");
}

async function submitOk(): Promise<void> {
  const c = await lc.client(0);
  await c.ready(15_000);
  const r = await c.submit(
    recordProposal({ type: "test", title: "still alive", content: {}, source: "it" }),
    60_000,
  );
  expect(r.decision.accepted).toBe(true);
}

describe("hostile input", () => {
  beforeAll(async () => {
    lc = await LocalCluster.create({ proposers: 1 });
    await lc.startAll();
  }, 120_000);

  afterAll(async () => {
    await lc?.destroy();
  });

  it("a proposal signed by a key that is not a proposer of cluster.json is refused with its reason", async () => {
    const strangerKey = generateProposerKey();
    const stranger = await ClusterClient.connect({ cluster: lc.cluster, key: strangerKey });
    try {
      await stranger.ready(15_000);
      const err = await stranger
        .submit(
          recordProposal({ type: "decision", title: "not mine to decide", content: {}, source: "x" }),
          20_000,
        )
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(err).toBeInstanceOf(SubmitError);
      expect((err as SubmitError).code).toBe("unauthorised-proposer");
    } finally {
      await stranger.close();
    }
    // The client stops at f+1 matching refusals; every member that received the request counts it.
    await lc.until(
      0,
      async () => {
        let counted = 0;
        for (const m of lc.cluster.members)
          counted += total(
            await lc.metrics(m.id),
            "pbft_client_rejections_total",
            'code="unauthorised-proposer"',
          );
        return counted >= 1;
      },
      10_000,
      "the refusal counted",
    );
    for (const m of lc.cluster.members) expect((await lc.status(m.id)).height).toBe(0);
    // Every member that counted the refusal logged it once, with the key's fingerprint and the client's
    // peer id and address (the client may have sent its request twice: one line per source and minute).
    const fingerprint = keyFingerprint(generateProposerKeyHex(strangerKey));
    let logged = 0;
    for (const m of lc.cluster.members) {
      const counted = total(
        await lc.metrics(m.id),
        "pbft_security_events_total",
        'event="unauthorised-proposer"',
      );
      if (counted === 0) continue;
      await lc.until(
        m.id,
        async () => securityLines(m.id, "unauthorised-proposer").length > 0,
        10_000,
        "log line",
      );
      const lines = securityLines(m.id, "unauthorised-proposer");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ reason: "unauthorised-proposer", keyFingerprint: fingerprint });
      expect(lines[0]!.peerId).toEqual(expect.any(String));
      expect(lines[0]!.address).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+$/);
      logged++;
    }
    expect(logged).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it("a peer that is not a member connecting to the replica port is refused and logged once", async () => {
    const key = await loadOrCreatePeerKey(join(lc.dir, "stranger-peer.key"));
    const target = lc.cluster.members[0]!;
    // The stranger runs the replica protocol with member 0 as its only peer and keeps re-dialling it.
    const net = await startReplicaNetwork({
      selfId: 1,
      privateKey: key,
      listen: ["/ip4/127.0.0.1/tcp/0"],
      members: [
        { id: 0, peerId: target.peerId, addresses: target.addresses },
        { id: 1, peerId: peerIdOf(key), addresses: [] },
      ],
      frameBytesMax: 1024 * 1024,
      logger: pino({ level: "silent" }),
      backoff: { initialMs: 50, maxMs: 200 },
    });
    try {
      await lc.until(
        0,
        async () =>
          total(
            await lc.metrics(0),
            "pbft_transport_connection_events_total",
            'network="replica",event="denied"',
          ) >= 3 && securityLines(0, "non-member-peer").length > 0,
        30_000,
        "three connections denied and logged",
      );
    } finally {
      await net.stop();
    }
    const lines = securityLines(0, "non-member-peer");
    expect(lines).toHaveLength(1);
    // Strict JSON parsers refuse a key given twice; the transport's loggers once had two "component"s.
    const log = readFileSync(join(lc.home(0), "node.log"), "utf8").split("\n");
    expect(log.filter((l) => (l.match(/"component":/g) ?? []).length > 1)).toEqual([]);
    expect(log.some((l) => l.includes('"component":"replica-network"'))).toBe(true);
    expect(lines[0]).toMatchObject({ peerId: peerIdOf(key), reason: "inbound-encrypted" });
    expect(lines[0]!.address).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+$/);
    expect(
      total(await lc.metrics(0), "pbft_security_events_total", 'event="non-member-peer"'),
    ).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it("a request numbered below one of its key already executed is refused as stale-request by f+1 members", async () => {
    await submitOk(); // proposer 0 now has an executed request with a clock-based number
    const connector = await startClientConnector({
      members: lc.cluster.members.map((m) => ({
        id: m.id,
        peerId: m.peerId,
        clientAddresses: m.clientAddresses,
      })),
      frameBytesMax: 1024 * 1024,
      logger: pino({ level: "silent" }),
    });
    try {
      await connector.waitConnected(lc.cluster.members.length, 15_000);
      const key = loadProposerKey(proposerKeyFile(lc.testnet.dir, 0));
      const old = signRequest(lc.cluster.clusterId, key, Buffer.from("{}"), 1);
      const refusedBy = new Set<number>();
      const enough = new Promise<void>((resolve) =>
        connector.onFrame((member, bytes) => {
          const frame = pbft.ClientFrame.decode(bytes);
          if (frame.error?.code === "stale-request") refusedBy.add(member);
          if (refusedBy.size >= lc.cluster.f + 1) resolve();
        }),
      );
      const frame = pbft.ClientFrame.encode({ request: old }).finish();
      for (const m of lc.cluster.members) connector.send(m.id, frame);
      await enough;
      expect(refusedBy.size).toBeGreaterThanOrEqual(lc.cluster.f + 1);
    } finally {
      await connector.stop();
    }
  }, 60_000);

  it("10,000 random and mutated client frames: no crash, every frame counted, the node still serves", async () => {
    const member = lc.cluster.members[0]!;
    const before = await lc.metrics(0);
    const connector = await startClientConnector({
      members: [{ id: 0, peerId: member.peerId, clientAddresses: member.clientAddresses }],
      frameBytesMax: 1024 * 1024,
      logger: pino({ level: "silent" }),
    });
    try {
      await connector.waitConnected(1, 15_000);
      const key = loadProposerKey(proposerKeyFile(lc.testnet.dir, 0));
      const valid = pbft.ClientFrame.encode({
        request: signRequest(lc.cluster.clusterId, key, Buffer.from('{"not":"a proposal"}'), 1),
      }).finish();
      let sent = 0;
      await paced(FRAMES, (i) => {
        const frame = i % 2 === 0 ? randomBytes(1 + (i % 700)) : mutate(valid);
        if (frame.length > 0 && connector.send(0, frame)) sent++;
      });
      expect(sent).toBeGreaterThan(FRAMES * 0.99);
      // Every frame the node received is either refused with a code or dropped by the transport, counted.
      await lc.until(
        0,
        async () => {
          const counted = countedSince(before, await lc.metrics(0), [
            ["pbft_client_rejections_total", ""],
            ["pbft_transport_dropped_total", 'network="client"'],
          ]);
          return counted >= sent * 0.99;
        },
        30_000,
        "all frames counted",
      );
    } finally {
      await connector.stop();
    }
    expect(await lc.healthz(0)).toBe(true);
    await submitOk();
  }, 120_000);

  it("10,000 random and mutated replica frames under a member's identity: no crash, counted, consensus goes on", async () => {
    // Member 3 is taken over: its process stops and an impostor with its peer key (a Byzantine member)
    // sends garbage to member 0.
    await lc.kill(3);
    const cfg3 = loadNodeConfig(lc.home(3));
    const net = await startReplicaNetwork({
      selfId: 3,
      privateKey: await loadOrCreatePeerKey(cfg3.peerKeyFile),
      listen: cfg3.listen.replica,
      members: lc.cluster.members.map((m) => ({ id: m.id, peerId: m.peerId, addresses: m.addresses })),
      frameBytesMax: 4 * 1024 * 1024,
      logger: pino({ level: "silent" }),
      // A Byzantine member holds the genesis like everyone else: its hello passes, its frames are garbage.
      genesisHash: Buffer.from(clusterConfigHash(lc.cluster), "hex"),
    });
    const before = await lc.metrics(0);
    try {
      await lc.until(0, async () => net.connectedPeers().includes(0), 15_000, "impostor connected");
      const key = loadProposerKey(proposerKeyFile(lc.testnet.dir, 0));
      const request = signRequest(lc.cluster.clusterId, key, Buffer.from("{}"), 7);
      const prepare = pbft.ReplicaMessage.encode({
        prepare: { view: 0, seq: 1, batchDigest: randomBytes(32) },
      }).finish();
      const kinds = [
        () => randomBytes(1 + Math.floor(Math.random() * 600)),
        () =>
          pbft.ReplicaFrame.encode({
            envelope: { payload: mutate(prepare), signer: 3, signature: randomBytes(64) },
          }).finish(),
        () =>
          pbft.ReplicaFrame.encode({
            forwardedRequest: { body: mutate(request.body), signature: request.signature },
          }).finish(),
        () =>
          pbft.ReplicaFrame.encode({
            stateReply: { batches: [{ seq: 1, view: 0, requests: [request] }], lastSeq: 9 },
          }).finish(),
      ];
      const sentBefore = net.stats();
      await paced(FRAMES, (i) => net.send(0, kinds[i % kinds.length]!()));
      // The target is what the impostor's transport actually wrote: a frame it dropped itself (its link
      // to member 0 re-dialled while the machine is busy) never reached member 0 to be counted there.
      let progress = "";
      const settled = async (): Promise<boolean> => {
        const s = net.stats();
        const written = s.framesOut - sentBefore.framesOut;
        const droppedHere = droppedTotal(s) - droppedTotal(sentBefore);
        const counted = countedSince(before, await lc.metrics(0), [
          ["pbft_rejections_total", ""],
          ["pbft_frames_dropped_total", ""],
          ["pbft_transport_dropped_total", 'network="replica"'],
        ]);
        progress = `written ${written}, dropped by the impostor ${droppedHere}, counted by member 0 ${counted}`;
        return written + droppedHere >= FRAMES && counted >= written * 0.99;
      };
      await lc.until(0, settled, 60_000, "all frames counted").catch((e: Error) => {
        throw new Error(`${e.message}: ${progress}`);
      });
      expect(net.stats().framesOut - sentBefore.framesOut).toBeGreaterThan(FRAMES / 2);
      const m = await lc.metrics(0);
      expect(total(m, "pbft_rejections_total", 'reason="bad-signature"')).toBeGreaterThan(0);
      expect(total(m, "pbft_frames_dropped_total", 'reason="malformed-frame"')).toBeGreaterThan(0);
    } finally {
      await net.stop();
    }
    expect(await lc.healthz(0)).toBe(true);
    await lc.start(3);
    await submitOk();
  }, 180_000);
});
