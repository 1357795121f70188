// Test support: a block of loopback ports for one local cluster, held against every other cluster on this
// machine (vitest runs test files in parallel processes, and a bench or demo may be running).
//
// Why not just a random base: a random block can overlap another cluster's, and a block inside the kernel's
// ephemeral range can hold the source port of some outgoing connection, so a node then dies with
// EADDRINUSE at start. Blocks are therefore taken below the ephemeral range, claimed with a lock file
// (O_EXCL, so two processes cannot both win) and probed by binding each port before they are handed out.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localPorts, PORTS_PER_NODE } from "../testnet.js";

const LOWEST = 10_000;
const ATTEMPTS = 200;

export interface PortBlock {
  readonly base: number;
  release(): void;
}

/** The first port of the kernel's ephemeral range (Linux); the IANA default elsewhere. */
export function ephemeralLow(): number {
  try {
    const low = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    if (Number.isInteger(low) && low > LOWEST) return low;
  } catch {
    // not Linux
  }
  return 49_152;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Claims the lock file of `base`, taking over one left behind by a process that is gone. */
function claim(path: string): boolean {
  for (let round = 0; round < 2; round++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let owner = Number.NaN;
      try {
        owner = Number(readFileSync(path, "utf8"));
      } catch {
        // removed meanwhile: try again
      }
      // An owner still writing its pid reads as NaN: treat it as alive.
      if (!Number.isInteger(owner) || owner <= 0 || alive(owner)) return false;
      rmSync(path, { force: true });
    }
  }
  return false;
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A block of 10 ports per node for `nodes` nodes, free when handed out and held until `release()`. */
export async function reservePortBlock(nodes: number): Promise<PortBlock> {
  const span = PORTS_PER_NODE * nodes;
  const slots = Math.floor((ephemeralLow() - LOWEST) / span) - 1;
  if (slots < 1) throw new Error("no room below the ephemeral port range for a local cluster");
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const base = LOWEST + span * Math.floor(Math.random() * slots);
    // Blocks of different sizes can overlap, so the lock is per 10-port group, all of the block's groups.
    const locks = Array.from({ length: nodes }, (_, i) =>
      join(tmpdir(), `pbft-ports-${base + PORTS_PER_NODE * i}.lock`),
    );
    const held: string[] = [];
    for (const lock of locks) {
      if (!claim(lock)) break;
      held.push(lock);
    }
    const release = (): void => {
      for (const lock of held) rmSync(lock, { force: true });
    };
    if (held.length === locks.length) {
      const probes = await Promise.all(
        Array.from({ length: nodes }, (_, i) => Object.values(localPorts(base, i)).map(bindable)).flat(),
      );
      if (probes.every(Boolean)) return { base, release };
    }
    release();
  }
  throw new Error(`no free block of ${span} loopback ports found in ${ATTEMPTS} attempts`);
}
