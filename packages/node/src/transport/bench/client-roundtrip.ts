/**
 * Micro-benchmark: the node side's CPU per client round trip (a request frame in, a reply frame out), the
 * transport alone (libp2p, Noise, yamux, framing), with closed-loop clients in a child process.
 *
 *   npx tsx packages/node/src/transport/bench/client-roundtrip.ts [clients] [seconds] [frameBytes]
 *
 * Prints one line of JSON: round trips/s and the server process's CPU time per round trip (what load on a
 * shared machine distorts least). Not a test: numbers depend on the machine.
 */
import "../../polyfill.js";
import { fork } from "node:child_process";
import { generateKeyPair } from "@libp2p/crypto/keys";
import { startClientConnector } from "../client-connector.js";
import { type ClientServer, type ClientServerInternals, startClientServer } from "../client-server.js";
import { silentLogger } from "../test-helpers.js";

const FRAME_BYTES_MAX = 64 * 1024;

async function serve(): Promise<void> {
  const clients = Number(process.argv[2] ?? 20);
  const seconds = Number(process.argv[3] ?? 5);
  const frameBytes = Number(process.argv[4] ?? 300);
  const s = (await startClientServer({
    privateKey: await generateKeyPair("Ed25519"),
    listen: ["/ip4/127.0.0.1/tcp/0"],
    frameBytesMax: FRAME_BYTES_MAX,
    connectionsMax: clients + 8,
    framesPerSecondPerConnection: 1_000_000,
    logger: silentLogger,
  })) as ClientServer & ClientServerInternals;
  let frames = 0;
  s.onFrame((session, frame) => {
    frames++;
    session.send(frame);
  });
  const child = fork(new URL(import.meta.url).pathname, ["client"], {
    execArgv: process.execArgv,
    env: {
      ...process.env,
      RT_PEER: s.peerId,
      RT_ADDRS: JSON.stringify(s.addresses),
      RT_CLIENTS: String(clients),
      RT_BYTES: String(frameBytes),
    },
  });
  await new Promise<void>((resolve) => child.once("message", () => resolve()));
  // Warm up, then measure.
  await new Promise((r) => setTimeout(r, 1_000));
  const f0 = frames;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1_000));
  const cpu = process.cpuUsage(c0);
  const elapsed = (performance.now() - t0) / 1000;
  const n = frames - f0;
  child.kill("SIGTERM");
  await s.stop();
  console.log(
    JSON.stringify({
      clients,
      frameBytes,
      roundTripsPerSecond: Math.round(n / elapsed),
      serverCpuUsPerRoundTrip: Math.round(((cpu.user + cpu.system) / n) * 10) / 10,
    }),
  );
}

async function client(): Promise<void> {
  const clients = Number(process.env.RT_CLIENTS);
  const payload = new Uint8Array(Number(process.env.RT_BYTES)).fill(7);
  const addresses = JSON.parse(process.env.RT_ADDRS ?? "[]") as string[];
  const connectors = await Promise.all(
    Array.from({ length: clients }, () =>
      startClientConnector({
        members: [{ id: 0, peerId: process.env.RT_PEER ?? "", clientAddresses: addresses }],
        frameBytesMax: FRAME_BYTES_MAX,
      }),
    ),
  );
  await Promise.all(connectors.map((c) => c.waitConnected(1, 10_000)));
  for (const c of connectors) {
    c.onFrame(() => c.send(0, payload));
    c.send(0, payload);
  }
  process.send?.("ready");
}

if (process.argv[2] === "client") void client();
else void serve();
