// Throughput of the replica core alone: 4 replicas in one process, frames encoded and decoded as on the
// wire, a trivial signer and verifier (so the numbers are the core's, not Ed25519's), a fake application
// that hashes each entry. Prints requests committed (executed by every replica) per second.
//   npm run bench -w @pbft/consensus [-- --requests 200000 --batch 100]
import { performance } from "node:perf_hooks";
import { clusterParams } from "../config.js";
import { sha256 } from "../hashing.js";
import { pbft } from "../messages.js";
import { Replica } from "../replica.js";
import { signedBytes } from "../signing.js";
import type { Effect, ReplicaId, Signer, Verifier } from "../types.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const TOTAL = arg("requests", 200_000);
const BATCH = arg("batch", 100);
const PIPELINE = arg("pipeline", 8);
const CLIENTS = 1000;
const N = 4;
const clusterId = "bench";
const cluster = clusterParams(clusterId, N);

const zeroSig = new Uint8Array(64);
const signer: Signer = { sign: () => zeroSig };
const verifier: Verifier = { verifyReplica: () => true, verifyClient: () => true };

const keys = Array.from({ length: CLIENTS }, (_, i) => sha256(new TextEncoder().encode(`client-${i}`)));
const proposal = new TextEncoder().encode(
  JSON.stringify({ id: "01J00000000000000000000000", type: "observation", title: "t" }),
);

/** Requests [from, to) of the run; made per wave so that the heap holds only what is in flight. */
function makeRequests(from: number, to: number): pbft.ClientRequest[] {
  const out: pbft.ClientRequest[] = [];
  for (let i = from; i < to; i++) {
    const body = pbft.RequestBody.encode({
      clusterId,
      clientKey: keys[i % CLIENTS]!,
      requestNumber: Math.floor(i / CLIENTS) + 1,
      proposal,
    }).finish();
    out.push(pbft.ClientRequest.create({ body, signature: sha256(signedBytes("request", clusterId, body)) }));
  }
  return out;
}

interface Msg {
  readonly from: ReplicaId;
  readonly to: ReplicaId;
  readonly bytes: Uint8Array;
}

function sha256PerSecond(): number {
  const data = new Uint8Array(150);
  const t0 = performance.now();
  let count = 0;
  while (performance.now() - t0 < 200) {
    for (let i = 0; i < 1000; i++) sha256(data);
    count += 1000;
  }
  return Math.round(count / ((performance.now() - t0) / 1000));
}

function run(): void {
  const replicas = Array.from(
    { length: N },
    (_, id) =>
      new Replica({
        id,
        cluster,
        signer,
        verifier,
        params: { batchSizeMax: BATCH, pipelineMax: PIPELINE, batchDelayMs: 1 },
      }),
  );
  const lastHash = replicas.map(() => new Uint8Array(32) as Uint8Array);
  const executed = replicas.map(() => 0);
  let queue: Msg[] = [];
  let messages = 0;
  let bytes = 0;

  const apply = (id: ReplicaId, effects: readonly Effect[]): void => {
    for (const e of effects) {
      if (e.kind === "broadcast" || e.kind === "send") {
        const frame = pbft.ReplicaFrame.encode(e.frame).finish();
        bytes += frame.length * (e.kind === "broadcast" ? N - 1 : 1);
        if (e.kind === "send") queue.push({ from: id, to: e.to, bytes: frame });
        else for (let to = 0; to < N; to++) if (to !== id) queue.push({ from: id, to, bytes: frame });
      } else if (e.kind === "execute") {
        const s = new Uint8Array(8);
        new DataView(s.buffer).setUint32(4, e.seq);
        lastHash[id] = sha256(lastHash[id]!, s, e.certificate.batchDigest);
        executed[id]! += e.requests.length;
        apply(id, replicas[id]!.step({ kind: "executed", seq: e.seq, entryHash: lastHash[id]! }));
      }
    }
  };

  let makingMs = 0;
  let makingCpuUs = 0;
  const cpuUs = (): number => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
  for (let id = 0; id < N; id++) apply(id, replicas[id]!.start());
  const started = performance.now();
  const cpuStarted = cpuUs();
  const wave = BATCH * PIPELINE;
  for (let i = 0; i < TOTAL; i += wave) {
    const t0 = performance.now();
    const c0 = cpuUs();
    const requests = makeRequests(i, Math.min(TOTAL, i + wave));
    makingMs += performance.now() - t0; // the clients' work, not the replicas'
    makingCpuUs += cpuUs() - c0;
    for (const r of requests)
      apply(0, replicas[0]!.step({ kind: "client-request", from: "client", request: r }));
    if (i + wave >= TOTAL) apply(0, replicas[0]!.step({ kind: "timer", timer: { kind: "batch" } }));
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      for (const m of batch) {
        messages++;
        const frame = pbft.ReplicaFrame.decode(m.bytes);
        if (frame.envelope)
          apply(
            m.to,
            replicas[m.to]!.step({
              kind: "envelope",
              from: m.from,
              envelope: frame.envelope as pbft.Envelope,
            }),
          );
      }
    }
  }
  const seconds = (performance.now() - started - makingMs) / 1000;
  // CPU time of the process over the same span: on a shared machine it moves less with others' load.
  const cpuSeconds = (cpuUs() - cpuStarted - makingCpuUs) / 1e6;
  const hashRate = sha256PerSecond();
  const committed = Math.min(...executed);
  const status = replicas[0]!.status();
  const rejected = replicas.reduce(
    (sum, r) => sum + [...r.rejectionCounts().values()].reduce((a, b) => a + b, 0),
    0,
  );
  process.stdout.write(
    `${JSON.stringify({
      replicas: N,
      batchSizeMax: BATCH,
      pipelineMax: PIPELINE,
      requests: TOTAL,
      committedOnAll: committed,
      seconds: Number(seconds.toFixed(3)),
      requestsPerSecond: Math.round(committed / seconds),
      cpuSeconds: Number(cpuSeconds.toFixed(3)),
      requestsPerCpuSecond: Math.round(committed / cpuSeconds),
      // All four replicas share this one thread: one replica's CPU cost per request, and what that
      // implies for a replica on a core of its own.
      microsPerRequestPerReplica: Number(((seconds * 1e6) / committed / N).toFixed(2)),
      impliedRequestsPerSecondPerReplicaCore: Math.round((committed / seconds) * N),
      // Context: each replica hashes every request about twice (its Merkle leaf and its share of the
      // inner nodes), so this machine's SHA-256 rate bounds the numbers above.
      sha256PerSecond: hashRate,
      batchesPerSecond: Math.round(status.lastExecutedSeq / seconds),
      replicaMessages: messages,
      wireMiB: Number((bytes / 2 ** 20).toFixed(1)),
      rejected,
    })}\n`,
  );
  if (committed !== TOTAL) process.exitCode = 1;
}

run();
