import type { Server, ServerResponse } from "node:http";
import {
  CoreInvariantError,
  clusterParams,
  type Event,
  fromHex,
  pbft,
  quorumOf,
  Replica,
  type ReplicaId,
  type ReplicaParams,
  type Restored,
  type Signer,
  toHex,
} from "@pbft/consensus";
import { DoubleSignGuard, Ed25519Verifier, HsmToken } from "@pbft/hsm";
import { clusterConfigHash, exportLedger, Ledger } from "@pbft/ledger";
import { type Logger, pino } from "pino";
import { headSourceOf } from "../api/head-source.js";
import { startNodeApi } from "../api/start.js";
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
import { changeView, configViewOf } from "./config-view.js";
import { DurableStateWriter } from "./durable-state.js";
import { memberNameOf, type NodeStatus, nodeStatus } from "./node-status.js";

export type { NodeStatus } from "./node-status.js";

import { EpochFollower } from "./epoch-follower.js";
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
import { VoteKeyRing } from "./vote-key-ring.js";

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

export interface RunningNode {
  /** The member's id in the epoch its core works in; null while it is not a member (joining, or removed). */
  readonly id: ReplicaId | null;
  readonly config: NodeConfig;
  readonly logger: Logger;
  readonly metrics: NodeMetrics;
  readonly httpPort: number;
  /** The HTTPS API's port, when node.json configures one. */
  readonly apiPort?: number;
  status(): NodeStatus;
  /** Resolves when the node stopped (by stop() or a fatal error). */
  readonly stopped: Promise<{ error?: Error }>;
  stop(): Promise<void>;
}

export async function startNode(opts: StartNodeOptions): Promise<RunningNode> {
  // A node need not be a genesis member: one added by a config change starts from the genesis too.
  const cfg = loadNodeConfig(opts.home, opts.genesis, { allowNonMember: true });
  const genesisHash = clusterConfigHash(cfg.clusterConfig);
  const cluster = cfg.clusterConfig;
  const myName = cfg.id === null ? memberNameOf(cfg.home) : cluster.members[cfg.id]!.name;
  // Asynchronous stdout: a log line never waits on the disk in the middle of consensus (the ledger, not the
  // log, is the record; a kill -9 may lose the last buffered lines).
  const logger =
    opts.logger ??
    pino({ level: cfg.logLevel, base: { node: myName } }, pino.destination({ dest: 1, sync: false }));
  const started = performance.now();
  const cleanup: (() => Promise<void> | void)[] = [];
  const closeAll = async () => {
    for (const c of cleanup.reverse()) await Promise.resolve(c()).catch(() => undefined);
    cleanup.length = 0;
  };
  try {
    // The HSM: the vote keys never leave it; the guard is durable before any signature is released.
    useNodeSoftHsmConfig(cfg);
    const pin = readUserPin(cfg);
    const openToken = (tokenLabel: string) =>
      HsmToken.open({ tokenLabel, pin, ...(cfg.hsm.module ? { modulePath: cfg.hsm.module } : {}) });
    const token = openToken(cfg.hsm.tokenLabel);
    cleanup.push(() => token.close());
    const tokenKey = token.findVoteKey(cfg.hsm.keyLabel);
    if (!tokenKey)
      throw new Error(`the HSM token "${cfg.hsm.tokenLabel}" has no vote key "${cfg.hsm.keyLabel}"`);
    const ownKey = toHex(tokenKey.publicKey);
    if (cfg.id !== null && ownKey !== cluster.members[cfg.id]!.votePublicKey)
      throw new Error(
        cluster.members.some((m) => m.votePublicKey === ownKey)
          ? `the vote key in token "${cfg.hsm.tokenLabel}" is not member ${cfg.id}'s votePublicKey in ${cfg.clusterPath}`
          : `this node's vote public key ${ownKey} (token "${cfg.hsm.tokenLabel}") is not in the genesis ${cfg.clusterPath}: it was made without this member's card, or this is the wrong token`,
      );
    const guard = DoubleSignGuard.open(cfg.guardFile);
    cleanup.push(() => guard.close());
    // Every key of this member (node.json's and its rotations'), one guard: votes are checked by the guard at
    // once and made durable in groups by the driver's output gate, before any message carrying them leaves.
    const ring = new VoteKeyRing(
      [
        { tokenLabel: cfg.hsm.tokenLabel, keyLabel: cfg.hsm.keyLabel },
        ...(cfg.hsm.rotations ?? []).map((r) => ({ tokenLabel: r.tokenLabel, keyLabel: r.keyLabel })),
      ],
      (label) => (label === cfg.hsm.tokenLabel ? token : openToken(label)),
      guard,
      `${cfg.guardFile}.key`,
    );
    cleanup.push(() => ring.close());
    const voteSigner = ring.signer;
    const metrics = createMetrics({ node: myName, cluster: cluster.clusterId });
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
          id: cfg.id ?? -1,
        })
      : timedSigner;
    const verifier = new Ed25519Verifier(cluster.members.map((m) => fromHex(m.votePublicKey)));

    // The ledger and the consensus state share one LevelDB.
    const ledger = await Ledger.open(cfg.dataDir, cluster);
    cleanup.push(() => ledger.close());
    const stateWriter = new DurableStateWriter(ledger);
    // Who may send requests: the proposers and (for config changes and approvals) the members of the epoch
    // in force; the gateway reads these sets, refilled whenever the ledger enters a new epoch.
    const clientKeys = new Set<string>();
    const clientKeyNames = new Map<string, string>();
    let clientKeysEpoch = -1;
    const refreshClientKeys = () => {
      const e = ledger.epoch();
      if (e.epoch === clientKeysEpoch) return;
      clientKeysEpoch = e.epoch;
      clientKeys.clear();
      clientKeyNames.clear();
      for (const p of e.config.proposers) {
        clientKeys.add(p.publicKey);
        clientKeyNames.set(p.publicKey, p.name);
      }
      for (const m of e.config.members) {
        clientKeys.add(m.votePublicKey);
        clientKeyNames.set(m.votePublicKey, `member ${m.name}`);
      }
    };
    const peerKey = await loadOrCreatePeerKey(cfg.peerKeyFile);
    if (cfg.id !== null && peerIdOf(peerKey) !== cluster.members[cfg.id]!.peerId)
      throw new Error(`${cfg.peerKeyFile} is not member ${cfg.id}'s peerId in ${cfg.clusterPath}`);
    // The ledger's epochs: verifier keys, this member's key in each, the gateway's keys (refreshed on each).
    const epochs = new EpochFollower({
      ledger,
      verifier,
      ring,
      peerId: peerIdOf(peerKey),
      logger,
      onLedgerEpoch: () => refreshClientKeys(),
    });
    const restored = { ...(await restoredState(ledger, stateWriter)), ...epochs.restored() };
    metrics.ledgerHeight.set(restored.lastExecutedSeq);

    const params = cluster.parameters as Partial<ReplicaParams>;
    const replica = new Replica({
      id: cfg.id, // in the genesis; the core works in the epoch it restores (restored.epochs)
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
      // The epoch the core works in decides both.
      get self() {
        return replica.status().id ?? -1;
      },
      get f() {
        return Math.floor((replica.status().members - 1) / 3);
      },
      get quorum() {
        const n = replica.status().members;
        return quorumOf({ clusterId: cluster.clusterId, n, f: Math.floor((n - 1) / 3) });
      },
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
      for (const r of securityReportsOf(effects, epochs.epoch(epochs.workingEpoch).config.members))
        security.report(r);
      transfers.observe(event, effects);
    });

    // The network's ids are those of the epoch the core works in.
    const working = replica.status();
    await epochs.entered(working.epoch, working.id);
    const rawNet = await listening("replica", cfg.listen.replica, () =>
      startReplicaNetwork({
        selfId: working.id,
        privateKey: peerKey,
        listen: cfg.listen.replica,
        members: epochs.membersOf(working.epoch),
        frameBytesMax: cfg.limits.frameBytesMax,
        logger, // the network names itself (component: replica-network)
        genesisHash: Buffer.from(genesisHash, "hex"),
        onGenesisMismatch: (member, peerId, theirs) =>
          security.report({
            event: "genesis-mismatch",
            reason: theirs === null ? "no-hello" : "different-genesis",
            peerId,
            member,
            memberName: epochs.epoch(epochs.workingEpoch).config.members[member]?.name ?? String(member),
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
    epochs.network = rawNet;
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
        void epochs.checkpointStable(seq, proof);
      },
      epochs,
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
      proposers: clientKeys,
      proposerNames: clientKeyNames,
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

    const status = (): NodeStatus => {
      const s = replica.status();
      // The epoch the core reports (the network's switch may still be waiting on the output gate).
      return nodeStatus(s, replica, ledger, rawNet, cfg, started, epochs.epoch(s.epoch), myName);
    };
    const http = await listening("http", [cfg.listen.http], () =>
      startHttp(cfg.listen.http, {
        healthy: () => running,
        ready: () => readiness.check(),
        status,
        registry: metrics.registry,
        exportLedger: async (res: ServerResponse) => {
          await exportLedger(ledger, res);
        },
        config: {
          view: (history) => configViewOf(ledger, history),
          proof: () => ledger.epochProof(),
          change: (id) => {
            const c = ledger.change(id);
            return c === undefined ? undefined : changeView(c);
          },
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
    // The HTTPS API (node.json's "api"), once the client protocol it relays submissions through is up.
    const api = cfg.api
      ? await listening("api", [cfg.api.listen], () =>
          startNodeApi({
            config: cfg.api!,
            cluster,
            genesisHash,
            ledger,
            status,
            heads: headSourceOf(heads),
            frameBytesMax: cfg.limits.frameBytesMax,
            logger,
          }),
        )
      : undefined;
    if (api) cleanup.push(() => api.stop());

    const s0 = replica.status();
    metrics.view.set(s0.view);
    metrics.isPrimary.set(s0.id !== null && s0.primary === s0.id ? 1 : 0);
    logger.info(
      {
        version: buildInfo().version,
        commit: buildInfo().commit,
        id: s0.id,
        epoch: s0.epoch,
        cluster: cluster.clusterId,
        genesisHash,
        view: s0.view,
        height: restored.lastExecutedSeq,
        replicaPeerId: rawNet.peerId,
        listen: cfg.listen,
        httpPort: http.port,
        ...(api ? { apiPort: api.port } : {}),
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
      get id() {
        return replica.status().id;
      },
      config: cfg,
      logger,
      metrics,
      httpPort: http.port,
      ...(api ? { apiPort: api.port } : {}),
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
    lastTimeMs: head.timeMs,
    lastTreeRoot: ledger.treeRoot(),
    clients,
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
