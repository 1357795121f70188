// The client side of the protocol: send a signed request to every member, accept the result once f+1
// distinct members return matching, individually verified replies, retransmit on timeout, and keep a
// receipt that proves the decision to anyone holding cluster.json.
import { bytesEqual, pbft, requestHash, signedBytes, toHex, verifyMerkleProof } from "@pbft/consensus";
import {
  assembleReceipt,
  type ClusterConfig,
  decidedAt,
  entryHash,
  type ReceiptDecision,
  verifyEd25519,
  verifyEpochProof,
  verifyReceipt,
} from "@pbft/ledger";
import type { RequestSigner } from "../proposer-key.js";
import { type ClientConnector, startClientConnector } from "../transport/index.js";
import { nextRequestNumber, signRequest } from "./proposal.js";

export class SubmitError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "SubmitError";
  }
}

export interface SubmitResult {
  readonly receipt: pbft.Receipt;
  readonly decision: ReceiptDecision;
  readonly requestNumber: number;
  readonly latencyMs: number;
  readonly retransmissions: number;
}

export interface ClusterClientOptions {
  /** The genesis: what every reply and receipt is checked against (with the epoch proof, for later epochs). */
  readonly cluster: ClusterConfig;
  /** Whom to send to (default: the genesis' members): the members of the epoch in force, when known. */
  readonly members?: ClusterConfig["members"];
  /**
   * Fetches the epoch proof from the genesis to the epoch in force (a node's /config/proof), asked when a
   * reply names an epoch this client does not know yet; the proof is verified against the genesis.
   */
  readonly epochProof?: () => Promise<unknown>;
  readonly key: RequestSigner;
  readonly frameBytesMax?: number;
  /** First retransmission after this; doubles up to 8x. */
  readonly retransmitMs?: number;
  /**
   * How replies are authenticated before they count towards f+1:
   * - "signatures" (default): each reply's attestation signature is verified, and the receipt in full;
   * - "channels": a reply counts for member m only when it arrived on m's channel, whose Noise handshake
   *   proved m's peer id, and names m as its signer (BFT-SMaRt's authenticated channels, no Ed25519 work
   *   per reply); the receipt is assembled but not verified (`pbft receipt verify` can do it later).
   */
  readonly trust?: "signatures" | "channels";
}

interface Waiting {
  readonly request: pbft.ClientRequest;
  readonly requestHash: Uint8Array;
  readonly replies: Map<number, pbft.Reply>; // by attesting member
  readonly errors: Map<number, pbft.ClientError>;
  resolve(r: pbft.Reply[]): void;
  reject(e: Error): void;
}

/** A long-lived connection to a cluster for one proposer key (requests numbered by this client). */
export class ClusterClient {
  private readonly waiting = new Map<string, Waiting>(); // by request hash (hex)
  private readonly byProposal = new Map<string, Waiting>();
  /** Member keys and f per epoch, from the genesis and the verified epoch proof. */
  private epochs: { readonly keys: readonly Uint8Array[]; readonly f: number }[];
  private proof: unknown;
  private refreshing: Promise<void> | null = null;
  /** Sent to (ids of the connector, not of any epoch: replies are attributed by their signed attestation). */
  private readonly targets: ClusterConfig["members"];

  private constructor(
    private readonly o: ClusterClientOptions,
    private readonly connector: ClientConnector,
  ) {
    this.epochs = [epochKeys(o.cluster)];
    this.targets = (o.members ?? o.cluster.members).map((m, id) => ({ ...m, id }));
    connector.onFrame((member, bytes) => this.onFrame(member, bytes));
  }

  /** The epoch proof a receipt of `epoch` needs (undefined for epoch 0, or when this client has none). */
  epochProofFor(epoch: number): unknown {
    return epoch > 0 ? this.proof : undefined;
  }

  /** Learns the epochs up to the one in force from a fresh epoch proof (once at a time). */
  private refresh(): Promise<void> {
    if (this.refreshing !== null) return this.refreshing;
    if (this.o.epochProof === undefined) return Promise.resolve();
    const fetchProof = this.o.epochProof;
    this.refreshing = (async () => {
      try {
        const proof = await fetchProof();
        const epochs = verifyEpochProof(proof, this.o.cluster);
        if (epochs.length >= this.epochs.length) {
          this.epochs = epochs.map((e) => epochKeys(e.config));
          this.proof = proof;
        }
      } catch {
        // a node without the proof yet, or a bad one: the next unknown reply asks again
      } finally {
        setTimeout(() => {
          this.refreshing = null;
        }, 200).unref();
      }
    })();
    return this.refreshing;
  }

  static async connect(o: ClusterClientOptions): Promise<ClusterClient> {
    const connector = await startClientConnector({
      members: (o.members ?? o.cluster.members).map((m, id) => ({
        id,
        peerId: m.peerId,
        clientAddresses: m.clientAddresses,
      })),
      frameBytesMax: o.frameBytesMax ?? 8 * 1024 * 1024,
    });
    return new ClusterClient(o, connector);
  }

  /**
   * Waits until `need` members are connected (by default f+1: a result is possible), or throws after
   * timeoutMs. With an epoch proof source, the epochs in force are learned meanwhile: the first replies of
   * a later epoch than the genesis then count at once (else only after a retransmission).
   */
  async ready(timeoutMs: number, need = this.o.cluster.f + 1): Promise<readonly number[]> {
    const learning = this.refresh();
    try {
      const connected = await this.connector.waitConnected(need, timeoutMs);
      await learning;
      return connected;
    } catch {
      throw new SubmitError(
        "unreachable",
        `fewer than ${need} members reachable within ${timeoutMs} ms (check that the cluster is up and the client addresses in cluster.json)`,
      );
    }
  }

  /** Submits with this client's key, or `as` (one connection can serve many proposers, e.g. a load generator). */
  async submit(proposal: unknown, timeoutMs = 30_000, as: RequestSigner = this.o.key): Promise<SubmitResult> {
    const bytes = new TextEncoder().encode(JSON.stringify(proposal));
    const requestNumber = nextRequestNumber();
    const proposalId =
      typeof proposal === "object" &&
      proposal !== null &&
      typeof (proposal as { id?: unknown }).id === "string"
        ? (proposal as { id: string }).id
        : undefined;
    const request = signRequest(this.o.cluster.clusterId, as, bytes, requestNumber);
    return this.submitSigned(request, requestNumber, proposalId, timeoutMs);
  }

  /**
   * Submits a request someone else signed (the HTTPS API relays proposals signed by their proposers) and
   * gathers f+1 matching replies into a receipt.
   */
  async submitSigned(
    request: pbft.ClientRequest,
    requestNumber: number,
    proposalId: string | undefined,
    timeoutMs = 30_000,
  ): Promise<SubmitResult> {
    const frame = pbft.ClientFrame.encode({ request }).finish();
    const started = performance.now();
    let retransmissions = 0;
    const replies = await new Promise<pbft.Reply[]>((resolve, reject) => {
      const w: Waiting = {
        request,
        requestHash: requestHash(request.body, request.signature),
        replies: new Map(),
        errors: new Map(),
        resolve,
        reject,
      };
      // By request hash: requests relayed for many proposer keys may share a request number.
      const id = toHex(w.requestHash);
      this.waiting.set(id, w);
      if (proposalId) this.byProposal.set(proposalId, w);
      const sendAll = () => {
        for (const m of this.targets) this.connector.send(m.id, frame);
      };
      sendAll();
      let every = this.o.retransmitMs ?? 1000;
      let timer: NodeJS.Timeout;
      const retransmit = () => {
        retransmissions++;
        sendAll();
        every = Math.min(every * 2, (this.o.retransmitMs ?? 1000) * 8);
        timer = setTimeout(retransmit, every);
      };
      timer = setTimeout(retransmit, every);
      const deadline = setTimeout(() => {
        this.waiting.delete(id);
        if (proposalId) this.byProposal.delete(proposalId);
        const errs = [...w.errors.values()].map((e) => `${e.code}: ${e.message}`);
        reject(
          new SubmitError(
            "timeout",
            `no f+1 matching replies within ${timeoutMs} ms (${w.replies.size} replies${errs.length ? `; errors: ${[...new Set(errs)].join("; ")}` : ""})`,
          ),
        );
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        clearTimeout(deadline);
        this.waiting.delete(id);
        if (proposalId) this.byProposal.delete(proposalId);
      };
      w.resolve = (r) => {
        done();
        resolve(r);
      };
      w.reject = (e) => {
        done();
        reject(e);
      };
    });
    const { receipt, decision } = this.receiptOf(request, replies);
    return { receipt, decision, requestNumber, latencyMs: performance.now() - started, retransmissions };
  }

  async close(): Promise<void> {
    for (const w of this.waiting.values()) w.reject(new SubmitError("closed", "client closed"));
    await this.connector.stop();
  }

  private onFrame(member: number, bytes: Uint8Array): void {
    let frame: pbft.ClientFrame;
    try {
      frame = pbft.ClientFrame.decode(bytes);
    } catch {
      return;
    }
    if (frame.kind === "error" && frame.error) {
      const error = frame.error as pbft.ClientError;
      for (const w of this.waiting.values())
        if (bytesEqual(error.requestHash, w.requestHash)) {
          w.errors.set(member, error);
          // A refusal f+1 members agree on (so at least one honest) is final; one member's is not, even
          // for a refusal of the request itself: a Byzantine member could send any, and an honest one
          // behind an epoch (e.g. one that has not yet executed the change adding this client's key)
          // refuses what the epoch in force takes.
          const same = [...w.errors.values()].filter((e) => e.code === error.code).length;
          if (same >= this.errorQuorum())
            w.reject(new SubmitError(error.code, `refused by the cluster: ${error.message}`));
        }
      return;
    }
    const reply = frame.reply as pbft.Reply | null | undefined;
    if (frame.kind !== "reply" || !reply) return;
    for (const w of this.candidates(reply)) {
      const signer = this.checkReply(w, reply, member);
      if (signer === null) continue;
      w.replies.set(signer, reply);
      const matching = [...w.replies.values()].filter((r) => sameResult(r, reply));
      if (matching.length >= this.fOf(reply) + 1) w.resolve(matching);
      return;
    }
  }

  /** Requests a reply may answer: the one its result names by proposal id, else all outstanding. */
  private candidates(reply: pbft.Reply): Iterable<Waiting> {
    let id: string;
    try {
      id = pbft.ExecutionResult.decode(reply.result).proposalId;
    } catch {
      return [];
    }
    if (id) {
      // A reply naming a proposal we no longer wait for (the f+1 already came: the rest arrive late) is
      // dropped here, not checked against every outstanding request.
      const w = this.byProposal.get(id);
      return w ? [w] : [];
    }
    return this.waiting.values(); // a proposal the rules could not parse names no id
  }

  /** f+1 of the latest epoch this client knows (the genesis' until it learned a later one). */
  private errorQuorum(): number {
    return (this.epochs.at(-1)?.f ?? this.o.cluster.f) + 1;
  }

  /** f of the epoch the reply's entry belongs to (the genesis' while that epoch is unknown). */
  private fOf(reply: pbft.Reply): number {
    try {
      return this.epochs[Number(pbft.EntryHeader.decode(reply.header).epoch)]?.f ?? this.o.cluster.f;
    } catch {
      return this.o.cluster.f;
    }
  }

  /** The attesting member when the reply answers this request and its attestation verifies; else null. */
  private checkReply(w: Waiting, reply: pbft.Reply, channel: number): number | null {
    const att = reply.attestation as pbft.Envelope | null | undefined;
    if (!att) return null;
    let msg: pbft.ReplicaMessage;
    let header: pbft.EntryHeader;
    try {
      msg = pbft.ReplicaMessage.decode(att.payload);
      header = pbft.EntryHeader.decode(reply.header);
    } catch {
      return null;
    }
    // Attested by a member of the entry's epoch, with that epoch's key.
    const epoch = this.epochs[Number(header.epoch)];
    if (epoch === undefined) {
      this.refresh(); // a later epoch: learn it (the retransmitted request brings the replies again)
      return null;
    }
    if (this.o.trust === "channels") {
      if (att.signer !== channel) return null;
    } else {
      const key = epoch.keys[att.signer];
      if (!key) return null;
      if (!verifyEd25519(key, signedBytes("replica", this.o.cluster.clusterId, att.payload), att.signature))
        return null;
    }
    const a = msg.attestation as pbft.Attestation | null | undefined;
    // An attestation names the entry's epoch (a replica that executed past a boundary before switching to
    // the new epoch attests with the old one: such a reply does not count, a receipt could not use it).
    if (!a || Number(a.seq) !== Number(header.height) || Number(a.epoch ?? 0) !== Number(header.epoch))
      return null;
    if (!bytesEqual(a.entryHash, entryHash(this.o.cluster.clusterId, reply.header))) return null;
    // This request must be the one at `index` of the attested batch (the receipt checks the rest in full).
    if (
      !verifyMerkleProof(
        w.requestHash,
        reply.index,
        header.requestCount,
        reply.requestProof,
        header.batchDigest,
      )
    )
      return null;
    return att.signer;
  }

  private receiptOf(
    request: pbft.ClientRequest,
    replies: pbft.Reply[],
  ): { receipt: pbft.Receipt; decision: ReceiptDecision } {
    if (this.o.trust === "channels") {
      const receipt = assembleReceipt(request, replies);
      const header = pbft.EntryHeader.decode(receipt.header);
      const result = pbft.ExecutionResult.decode(receipt.result);
      return {
        receipt,
        decision: {
          height: Number(header.height),
          epoch: Number(header.epoch),
          entryHash: entryHash(this.o.cluster.clusterId, receipt.header),
          proposalId: result.proposalId,
          accepted: result.accepted,
          reason: result.reason,
        },
      };
    }
    // Any reply's certificate may be the one carried: take the first whose receipt verifies in full.
    let last: Error | undefined;
    for (let i = 0; i < replies.length; i++) {
      const ordered = [replies[i]!, ...replies.filter((_, j) => j !== i)];
      const receipt = assembleReceipt(request, ordered);
      try {
        return { receipt, decision: verifyReceipt(receipt, this.o.cluster, this.proof) };
      } catch (e) {
        last = e as Error;
      }
    }
    throw new SubmitError("bad-receipt", `f+1 replies matched but no receipt verifies: ${last?.message}`);
  }
}

function epochKeys(c: ClusterConfig): { keys: Uint8Array[]; f: number } {
  return { keys: c.members.map((m) => Buffer.from(m.votePublicKey, "hex")), f: c.f };
}

function sameResult(a: pbft.Reply, b: pbft.Reply): boolean {
  return bytesEqual(a.header, b.header) && a.index === b.index && bytesEqual(a.result, b.result);
}

/** `epochProof`: what a receipt of a later epoch needs to verify from the genesis alone (kept in the file). */
export function receiptJson(r: SubmitResult, epochProof?: unknown): Record<string, unknown> {
  const cert = r.receipt.certificate;
  return {
    height: r.decision.height,
    entryHash: toHex(r.decision.entryHash),
    proposalId: r.decision.proposalId,
    decision: r.decision.accepted ? "accepted" : "rejected",
    reason: r.decision.reason || undefined,
    // Attribution (issue 18): when it was decided (the entry's consensus time) and who proposed it.
    decidedAt:
      decidedAt(Number(pbft.EntryHeader.decode(r.receipt.header ?? new Uint8Array()).timeMs ?? 0)) ??
      undefined,
    proposer: r.decision.proposer
      ? { name: r.decision.proposer.name, org: r.decision.proposer.org, role: r.decision.proposer.role }
      : undefined,
    requestNumber: r.requestNumber,
    certificate: {
      view: Number(cert?.view ?? 0),
      seq: Number(cert?.seq ?? 0),
      signers: (cert?.commits ?? []).map((c) => c.signer ?? -1).sort((a, b) => a - b),
    },
    attestedBy: (r.receipt.attestations ?? []).map((a) => a.signer ?? -1).sort((a, b) => a - b),
    latencyMs: Math.round(r.latencyMs * 10) / 10,
    receipt: Buffer.from(pbft.Receipt.encode(r.receipt).finish()).toString("base64"),
    ...(epochProof === undefined ? {} : { epoch: r.decision.epoch, epochProof }),
  };
}
