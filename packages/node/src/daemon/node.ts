// A node: the pure replica wired to libp2p, the HSM signer, the LevelDB ledger, timers, HTTP, metrics and
// logs. startNode is also the programmatic entry point (the chaos suite wraps the network and the signer
// of a real node to make a Byzantine one; the shipped node has no switch for that).
import type { Server, ServerResponse } from "node:http";
import {
  CoreInvariantError,
  clusterParams,
  type Event,
  fromHex,
  pbft,
  Replica,
  type ReplicaId,
  type ReplicaParams,
  type ReplicaStatus,
  type Restored,
  type Signer,
  toHex,
} from "@pbft/consensus";
import { createDeferredVoteSigner, DoubleSignGuard, Ed25519Verifier, HsmToken } from "@pbft/hsm";
import { clusterConfigHash, exportLedger, Ledger } from "@pbft/ledger";
import { type Logger, pino } from "pino";
import { loadNodeConfig, type NodeConfig } from "../config.js";
import { readUserPin, useNodeSoftHsmConfig } from "../hsm-setup.js";
import {
  type ClientServer,
  loadOrCreatePeerKey,
  peerIdOf,
  type ReplicaNetwork,
  startClientServer,
  startReplicaNetwork,
} from "../transport/index.js";
import { buildInfo } from "../version.js";
import { ClientGateway } from "./client-gateway.js";
import { DurableStateWriter } from "./durable-state.js";
import { logFatal } from "./fatal.js";
import { HeadKeeper } from "./heads.js";
import { startHttp } from "./http.js";
import { listening } from "./listen-error.js";
import { createMetrics, exportTransportStats, type NodeMetrics } from "./metrics.js";
import { ReadinessTracker } from "./readiness.js";
import { ReplicaDriver } from "./replica-driver.js";
import { observeSteps, SecurityLog, securityReportsOf } from "./security-log.js";
import { StateServer } from "./state-server.js";
import { StateTransferWatch, type TransferBar } from "./state-transfer-watch.js";

export interface SignerContext {
  readonly token: HsmToken;
  readonly keyLabel: string;
  readonly clusterId: string;
  readonly id: ReplicaId;
}

export interface StartNodeOptions {
  readonly home: string;
  /** A genesis (or cluster.json) other than the one node.json names. */
  readonly genesis?: string;
  readonly logger?: Logger;
  /** For test harnesses (chaos): sees and may alter every frame the node sends or receives. */
  readonly wrapNetwork?: (net: ReplicaNetwork) => ReplicaNetwork;
  /** For test harnesses (chaos): wraps the guarded HSM signer. */
  readonly wrapSigner?: (signer: Signer, ctx: SignerContext) => Signer;
  /** A progress bar for state transfers (`pbft node start` in the foreground on a terminal: on stderr). */
  readonly stateTransferBar?: (fromHeight: number, targetHeight: number) => TransferBar;
}

export interface NodeStatus {
  /** The build: package version and git commit (as in pbft --version and pbft_build_info). */
  readonly version: string;
  readonly commit: string;
  readonly id: ReplicaId;
  readonly name: string;
  readonly clusterId: string;
  readonly view: number;
  readonly primary: ReplicaId;
  readonly viewChanging: boolean;
  readonly height: number;
  readonly headHash: string;
  readonly stableCheckpoint: number;
  readonly watermarks: readonly [number, number];
  readonly pendingRequests: number;
  readonly connectedPeers: readonly ReplicaId[];
  readonly equivocationEvidence: readonly {
    member: ReplicaId;
    kind: string;
    view: number;
    seq: number;
  }[];
  readonly rejections: Record<string, number>;
  readonly uptimeSeconds: number;
}

export interface RunningNode {
  readonly id: ReplicaId;
  readonly config: NodeConfig;
  readonly logger: Logger;
  readonly metrics: NodeMetrics;
  readonly httpPort: number;
  status(): NodeStatus;
  /** Resolves when the node stopped (by stop() or a fatal error). */
  readonly stopped: Promise<{ error?: Error }>;
  stop(): Promise<void>;
}

export async function startNode(opts: StartNodeOptions): Promise<RunningNode> {
  const cfg = loadNodeConfig(opts.home, opts.genesis);
  const genesisHash = clusterConfigHash(cfg.clusterConfig);
  const cluster = cfg.clusterConfig;
  const me = cluster.members[cfg.id]!;
  // Asynchronous stdout: a log line never waits on the disk in the middle of consensus (the ledger, not the
  // log, is the record; a kill -9 may lose the last buffered lines).
  const logger =
    opts.logger ??
    pino({ level: cfg.logLevel, base: { node: me.name } }, pino.destination({ dest: 1, sync: false }));
  const started = performance.now();
  const cleanup: (() => Promise<void> | void)[] = [];
  const closeAll = async () => {
    for (const c of cleanup.reverse()) await Promise.resolve(c()).catch(() => undefined);
    cleanup.length = 0;
  };
  try {
    // The HSM: the vote key never leaves it; the guard is durable before any signature is released.
    useNodeSoftHsmConfig(cfg);
    const token = HsmToken.open({
      tokenLabel: cfg.hsm.tokenLabel,
      pin: readUserPin(cfg),
      ...(cfg.hsm.module ? { modulePath: cfg.hsm.module } : {}),
    });
    cleanup.push(() => token.close());
    const tokenKey = token.findVoteKey(cfg.hsm.keyLabel);
    if (!tokenKey)
      throw new Error(`the HSM token "${cfg.hsm.tokenLabel}" has no vote key "${cfg.hsm.keyLabel}"`);
    const ownKey = toHex(tokenKey.publicKey);
    if (!cluster.members.some((m) => m.votePublicKey === ownKey))
      throw new Error(
        `this node's vote public key ${ownKey} (token "${cfg.hsm.tokenLabel}") is not in the genesis ${cfg.clusterPath}: it was made without this member's card, or this is the wrong token`,
      );
    if (ownKey !== me.votePublicKey)
      throw new Error(
        `the vote key in token "${cfg.hsm.tokenLabel}" is not member ${cfg.id}'s votePublicKey in ${cfg.clusterPath}`,
      );
    const guard = DoubleSignGuard.open(cfg.guardFile);
    // Votes are checked by the guard at once and made durable in groups by the driver's output gate, before
    // any message carrying their signatures leaves the node.
    const voteSigner = createDeferredVoteSigner({ token, keyLabel: cfg.hsm.keyLabel, guard });
    cleanup.push(() => guard.close());
    const metrics = createMetrics({ node: me.name, cluster: cluster.clusterId });
    const timedSigner: Signer = {
      sign(bytes, slot) {
        const end = metrics.hsmSign.startTimer();
        try {
          return voteSigner.sign(bytes, slot);
        } catch (e) {
          metrics.hsmErrors.inc({ code: (e as { code?: string }).code ?? "unknown" });
          logger.warn({ slot, err: (e as Error).message }, "vote not signed");
          throw e;
        } finally {
          end();
        }
      },
    };
    const signer = opts.wrapSigner
      ? opts.wrapSigner(timedSigner, {
          token,
          keyLabel: cfg.hsm.keyLabel,
          clusterId: cluster.clusterId,
          id: cfg.id,
        })
      : timedSigner;
    const verifier = new Ed25519Verifier(cluster.members.map((m) => fromHex(m.votePublicKey)));

    // The ledger and the consensus state share one LevelDB.
    const ledger = await Ledger.open(cfg.dataDir, cluster);
    cleanup.push(() => ledger.close());
    const stateWriter = new DurableStateWriter(ledger);
    const restored = await restoredState(ledger, stateWriter);
    metrics.ledgerHeight.set(restored.lastExecutedSeq);

    const params = cluster.parameters as Partial<ReplicaParams>;
    const replica = new Replica({
      id: cfg.id,
      cluster: clusterParams(cluster.clusterId, cluster.members.length),
      params,
      signer,
      verifier,
      restored,
      genesisHash: Buffer.from(genesisHash, "hex"),
    });
    const heads = new HeadKeeper({
      ledger,
      cluster,
      logger,
      onHead: (height) => metrics.signedHead.set(height),
    });
    const resolvedParams = replica.params;
    const security = new SecurityLog({
      logger,
      count: (event) => metrics.securityEvents.inc({ event }),
    });
    security.start();
    cleanup.push(() => security.stop());
    let running = true;
    let connectedPeers: () => readonly number[] = () => [];
    const readiness = new ReadinessTracker({
      self: cfg.id,
      f: cluster.f,
      checkpointInterval: resolvedParams.checkpointInterval,
      stateQuietMs: 2 * resolvedParams.requestTimeoutMs,
      running: () => running,
      height: () => ledger.head().height,
      connectedPeers: () => connectedPeers(),
    });
    const transfers = new StateTransferWatch({
      logger,
      targetGauge: metrics.stateTransferTarget,
      clusterHeight: () => readiness.clusterHeight(),
      quietMs: 2 * resolvedParams.requestTimeoutMs, // as readiness: no batch for that long, no transfer
      ...(opts.stateTransferBar ? { bar: opts.stateTransferBar } : {}),
    });
    cleanup.push(() => transfers.stop());
    observeSteps(replica, (event, effects) => {
      readiness.onEvent(event);
      for (const r of securityReportsOf(effects, cluster.members)) security.report(r);
      transfers.observe(event, effects);
    });

    const peerKey = await loadOrCreatePeerKey(cfg.peerKeyFile);
    if (peerIdOf(peerKey) !== me.peerId)
      throw new Error(`${cfg.peerKeyFile} is not member ${cfg.id}'s peerId in ${cfg.clusterPath}`);
    const rawNet = await listening("replica", cfg.listen.replica, () =>
      startReplicaNetwork({
        selfId: cfg.id,
        privateKey: peerKey,
        listen: cfg.listen.replica,
        members: cluster.members.map((m) => ({ id: m.id, peerId: m.peerId, addresses: m.addresses })),
        frameBytesMax: cfg.limits.frameBytesMax,
        logger, // the network names itself (component: replica-network)
        genesisHash: Buffer.from(genesisHash, "hex"),
        onGenesisMismatch: (member, peerId, theirs) =>
          security.report({
            event: "genesis-mismatch",
            reason: theirs === null ? "no-hello" : "different-genesis",
            peerId,
            member,
            memberName: cluster.members[member]?.name ?? String(member),
            detail: { ours: genesisHash, theirs },
          }),
        onDenied: (peerId, path, address) =>
          security.report({
            event: "non-member-peer",
            reason: path,
            peerId,
            ...(address ? { address } : {}),
          }),
      }),
    );
    cleanup.push(() => rawNet.stop());
    connectedPeers = () => rawNet.connectedPeers();
    const net = opts.wrapNetwork ? opts.wrapNetwork(rawNet) : rawNet;

    let stopResolve: (v: { error?: Error }) => void = () => undefined;
    const stopped = new Promise<{ error?: Error }>((r) => {
      stopResolve = r;
    });
    let gateway: ClientGateway | undefined;
    const driver: ReplicaDriver = new ReplicaDriver({
      replica,
      ledger,
      stateWriter,
      net,
      clients: () => gateway,
      metrics,
      logger,
      eventQueueMax: cfg.limits.eventQueueMax,
      votes: { pending: () => voteSigner.pendingVotes(), commit: () => voteSigner.commitVotes() },
      // Without it the guard remembered every vote ever signed (memory and file growing with the ledger).
      onStableCheckpoint: (seq, proof) => {
        guard.advanceFloor(seq);
        heads.keep(proof);
      },
      onFatal: (error) => {
        logFatal(logger, error);
        void stop(error);
      },
    });
    const stateServer = new StateServer({
      ledger,
      net,
      chunkMax: resolvedParams.stateTransferChunkMax,
      summary: () => replica.stateSummary(),
      frameBytesMax: cfg.limits.frameBytesMax,
      metrics,
      logger,
    });

    net.onFrame((from, bytes) => {
      let frame: pbft.ReplicaFrame;
      try {
        frame = pbft.ReplicaFrame.decode(bytes);
      } catch {
        metrics.framesDropped.inc({ reason: "malformed-frame" });
        return;
      }
      let event: Event | undefined;
      switch (frame.kind) {
        case "envelope":
          event = { kind: "envelope", from, envelope: frame.envelope as pbft.Envelope };
          break;
        case "forwardedRequest":
          event = { kind: "client-request", from, request: frame.forwardedRequest as pbft.ClientRequest };
          break;
        case "stateRequest":
          stateServer.serve(from, frame.stateRequest!);
          return;
        case "stateReply":
          event = { kind: "state-reply", from, reply: frame.stateReply as pbft.StateReply };
          metrics.stateTransferBatches.inc({ direction: "fetched" }, event.reply.batches.length);
          break;
        default:
          metrics.framesDropped.inc({ reason: "empty-frame" });
          return;
      }
      driver.offer(event);
    });
    net.onPeerChange((connected) => {
      metrics.peers.set(connected.length);
      logger.info({ connected }, "peer connections changed");
    });

    const clientServer: ClientServer = await listening("client", cfg.listen.client, () =>
      startClientServer({
        privateKey: peerKey,
        listen: cfg.listen.client,
        frameBytesMax: cfg.limits.frameBytesMax,
        connectionsMax: cfg.limits.clientConnectionsMax,
        framesPerSecondPerConnection: cfg.limits.clientFramesPerSecond,
        logger, // the server names itself (component: client-server)
      }),
    );
    cleanup.push(() => clientServer.stop());
    gateway = new ClientGateway({
      clusterId: cluster.clusterId,
      proposers: new Set(cluster.proposers.map((p) => p.publicKey)),
      proposerNames: new Map(cluster.proposers.map((p) => [p.publicKey, p.name])),
      security,
      verifier,
      requestBytesMax: resolvedParams.batchBytesMax,
      requestsPerSecondPerClient: cfg.limits.requestsPerSecondPerClient,
      metrics,
      logger,
      submit: (request) => driver.offer({ kind: "client-request", from: "client", request }),
    });
    const g = gateway;
    clientServer.onFrame((session, bytes) => g.handleFrame(session, bytes));
    exportTransportStats(metrics, { replica: () => rawNet.stats(), client: () => clientServer.stats() });

    driver.start();
    cleanup.push(() => driver.stop());

    const status = (): NodeStatus => nodeStatus(replica.status(), replica, ledger, rawNet, cfg, started);
    const http = await listening("http", [cfg.listen.http], () =>
      startHttp(cfg.listen.http, {
        healthy: () => running,
        ready: () => readiness.check(),
        status,
        registry: metrics.registry,
        exportLedger: async (res: ServerResponse) => {
          await exportLedger(ledger, res);
        },
        head: async (height) => {
          await heads.flushed();
          return height === "latest" ? ledger.latestSignedHead() : ledger.signedHead(height);
        },
        consistency: (from, to) => heads.consistency(from, to),
        inclusion: (height) => heads.inclusion(height),
      }),
    );
    cleanup.push(() => closeServer(http.server));

    const s0 = replica.status();
    metrics.view.set(s0.view);
    metrics.isPrimary.set(s0.primary === cfg.id ? 1 : 0);
    logger.info(
      {
        version: buildInfo().version,
        commit: buildInfo().commit,
        id: cfg.id,
        cluster: cluster.clusterId,
        genesisHash,
        view: s0.view,
        height: restored.lastExecutedSeq,
        replicaPeerId: rawNet.peerId,
        listen: cfg.listen,
        httpPort: http.port,
      },
      "node started",
    );

    const stop = async (error?: Error): Promise<void> => {
      if (!running) return stopped.then(() => undefined);
      running = false;
      await closeAll();
      logger.info(error ? { err: error.message } : {}, "node stopped");
      stopResolve(error ? { error } : {});
    };
    return {
      id: cfg.id,
      config: cfg,
      logger,
      metrics,
      httpPort: http.port,
      status,
      stopped,
      stop: () => stop(),
    };
  } catch (e) {
    // A core fault at start (the replica's first effects): the same one line as a fault while running.
    if (e instanceof CoreInvariantError) logFatal(logger, e);
    await closeAll();
    throw e;
  }
}

async function restoredState(ledger: Ledger, stateWriter: DurableStateWriter): Promise<Restored> {
  const durable = await stateWriter.load();
  const head = ledger.head();
  const clients = new Map<string, { requestNumber: number; seq: number; entryHash: Uint8Array }>();
  for (const row of await ledger.clientTable())
    clients.set(row.clientKey, { requestNumber: row.requestNumber, seq: row.seq, entryHash: row.entryHash });
  return {
    durable,
    lastExecutedSeq: head.height,
    lastEntryHash: head.entryHash,
    clients,
  };
}

function nodeStatus(
  s: ReplicaStatus,
  replica: Replica,
  ledger: Ledger,
  net: ReplicaNetwork,
  cfg: NodeConfig,
  started: number,
): NodeStatus {
  const head = ledger.head();
  return {
    version: buildInfo().version,
    commit: buildInfo().commit,
    id: s.id,
    name: cfg.clusterConfig.members[s.id]!.name,
    clusterId: cfg.clusterConfig.clusterId,
    view: s.view,
    primary: s.primary,
    viewChanging: s.viewChanging,
    height: head.height,
    headHash: toHex(head.entryHash),
    stableCheckpoint: s.stableSeq,
    watermarks: [s.lowWatermark, s.highWatermark],
    pendingRequests: s.pendingRequests,
    connectedPeers: net.connectedPeers(),
    equivocationEvidence: replica.evidence().map((e) => ({
      member: e.member,
      kind: e.slot.kind,
      view: e.slot.view,
      seq: e.slot.seq,
    })),
    rejections: Object.fromEntries(replica.rejectionCounts()),
    uptimeSeconds: Math.round((performance.now() - started) / 1000),
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
