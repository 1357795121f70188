/**
 * Micro-benchmark: one-way frames/s between two replica networks on loopback.
 *
 *   npx tsx packages/node/src/transport/bench/replica-throughput.ts [frames] [frameBytes]
 *
 * Member 0 sends `frames` frames of `frameBytes` bytes to member 1, keeping its send queue
 * below half its bound (so nothing is dropped), and the clock stops when member 1 has them all.
 * Prints one line of JSON. Not a test: numbers depend on the machine.
 */
import "../../polyfill.js";
import { startReplicaNetwork } from "../replica-network.js";
import { makeMembers, silentLogger } from "../test-helpers.js";

const frames = Number(process.argv[2] ?? 200_000);
const frameBytes = Number(process.argv[3] ?? 256);
const QUEUE_BYTES_MAX = 16 * 1024 * 1024;

async function main(): Promise<void> {
  const members = await makeMembers(2);
  const [a, b] = await Promise.all(
    members.map((m) =>
      startReplicaNetwork({
        selfId: m.id,
        privateKey: m.key,
        listen: [m.listen],
        members: members.map(({ id, peerId, addresses }) => ({ id, peerId, addresses })),
        frameBytesMax: 4 * 1024 * 1024,
        sendQueueBytesMax: QUEUE_BYTES_MAX,
        logger: silentLogger,
      }),
    ),
  );
  if (a === undefined || b === undefined) throw new Error("unreachable");
  await new Promise<void>((resolve) => {
    const check = (): void => {
      if (a.connectedPeers().length === 1 && b.connectedPeers().length === 1) resolve();
    };
    a.onPeerChange(check);
    b.onPeerChange(check);
    check();
  });

  let received = 0;
  const allReceived = new Promise<void>((resolve) => {
    b.onFrame(() => {
      received++;
      if (received === frames) resolve();
    });
  });
  const payload = new Uint8Array(frameBytes).fill(0xab);
  const started = performance.now();
  let sent = 0;
  // Bursts of at most a quarter of the queue, and the next burst only once the queue is below
  // a quarter: the benchmark never fills the queue, so nothing is dropped.
  const burstFrames = Math.max(1, Math.min(1_000, Math.floor(QUEUE_BYTES_MAX / 4 / frameBytes)));
  while (sent < frames) {
    const burst = Math.min(burstFrames, frames - sent);
    for (let i = 0; i < burst; i++) a.send(1, payload);
    sent += burst;
    do await new Promise((resolve) => setImmediate(resolve));
    while (a.stats().queuedBytes > QUEUE_BYTES_MAX / 4);
  }
  if (Object.values(a.stats().dropped).some((n) => n > 0))
    throw new Error(`frames dropped: ${JSON.stringify(a.stats().dropped)}`);
  await allReceived;
  const seconds = (performance.now() - started) / 1000;
  const stats = a.stats();
  process.stdout.write(
    `${JSON.stringify({
      frames,
      frameBytes,
      seconds: Number(seconds.toFixed(3)),
      framesPerSecond: Math.round(frames / seconds),
      megabytesPerSecond: Number(((frames * frameBytes) / seconds / 1e6).toFixed(1)),
      dropped: Object.values(stats.dropped).reduce((x, y) => x + y, 0),
      node: process.version,
    })}\n`,
  );
  await Promise.all([a.stop(), b.stop()]);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
