/** Helpers for the transport tests and the benchmark (loopback only). */
import "../polyfill.js";
import { createServer } from "node:net";
import { generateKeyPair } from "@libp2p/crypto/keys";
import type { PrivateKey } from "@libp2p/interface";
import { type Logger, pino } from "pino";
import { peerIdOf } from "./peer-key.js";
import {
  type ReplicaMember,
  type ReplicaNetwork,
  type ReplicaNetworkOptions,
  startReplicaNetwork,
} from "./replica-network.js";

export const silentLogger: Logger = pino({ level: process.env.TRANSPORT_TEST_LOG ?? "silent" });

/** A TCP port free on 127.0.0.1 right now (the OS picks it; we release it for libp2p). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        reject(new Error("no port"));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

export interface TestMember extends ReplicaMember {
  readonly key: PrivateKey;
  readonly listen: string;
}

export async function makeMembers(count: number, firstId = 0): Promise<TestMember[]> {
  const members: TestMember[] = [];
  for (let i = 0; i < count; i++) {
    const key = await generateKeyPair("Ed25519");
    const listen = `/ip4/127.0.0.1/tcp/${await freePort()}`;
    members.push({ id: firstId + i, peerId: peerIdOf(key), addresses: [listen], key, listen });
  }
  return members;
}

/** Resolves when `predicate()` holds, checked on each call of the returned `poke`. */
export function condition(predicate: () => boolean, timeoutMs: number, what: string) {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const timer = setTimeout(
    () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
    timeoutMs,
  );
  const poke = (): void => {
    if (predicate()) {
      clearTimeout(timer);
      resolve();
    }
  };
  poke();
  return { promise, poke };
}

/** Polls `predicate` each `intervalMs` (for counters that have no event); rejects after timeoutMs. */
export async function until(
  predicate: () => boolean,
  timeoutMs: number,
  what: string,
  intervalMs = 5,
): Promise<void> {
  const c = condition(predicate, timeoutMs, what);
  const interval = setInterval(c.poke, intervalMs);
  try {
    await c.promise;
  } finally {
    clearInterval(interval);
  }
}

/** The frame bound of the transport tests' networks. */
export const TEST_FRAME_BYTES_MAX = 64 * 1024;

/**
 * Starts `self`'s replica network among `members` on loopback with the tests' defaults (quiet logger, short
 * back-off), overridden by `extra`; `running` collects it so that the test file's afterEach stops it.
 */
export async function startTestNetwork(
  running: ReplicaNetwork[],
  self: TestMember,
  members: readonly TestMember[],
  extra: Partial<ReplicaNetworkOptions> = {},
): Promise<ReplicaNetwork> {
  const net = await startReplicaNetwork({
    selfId: self.id,
    privateKey: self.key,
    listen: [self.listen],
    members: members.map(({ id, peerId, addresses }) => ({ id, peerId, addresses })),
    frameBytesMax: TEST_FRAME_BYTES_MAX,
    logger: silentLogger,
    backoff: { initialMs: 20, maxMs: 200 },
    ...extra,
  });
  running.push(net);
  return net;
}
