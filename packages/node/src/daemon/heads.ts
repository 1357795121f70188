// Signed heads kept by the node (issue 17): each stable checkpoint's proof is a quorum of identical
// checkpoints carrying the tree root and genesis hash. It is verified as an auditor would (the genesis,
// and for later epochs the epoch history the ledger replayed) and stored in the ledger, one write at a time, off the consensus path.
import { consistencyProof, type pbft, toHex } from "@pbft/consensus";
import {
  type ClusterConfig,
  epochConfigs,
  HeadError,
  headFromProof,
  type InclusionProof,
  type Ledger,
  leavesOf,
  proveInclusion,
  type SignedHead,
  verifySignedHead,
} from "@pbft/ledger";
import type { Logger } from "pino";

export class HeadKeeper {
  private writing: Promise<void> = Promise.resolve();
  /** The history tree's leaves read so far (32 bytes each, heights 1..cachedLeaves), grown on demand. */
  private leafBytes = new Uint8Array(0);
  private cachedLeaves = 0;
  private proving: Promise<unknown> = Promise.resolve();
  private latestHeight = 0;

  constructor(
    private readonly o: {
      readonly ledger: Ledger;
      readonly cluster: ClusterConfig;
      readonly logger: Logger;
      /** Told the height of each head stored (a metric). */
      readonly onHead?: (height: number) => void;
    },
  ) {}

  /** A stable checkpoint's proof: stored as a signed head when it is one (else ignored: older checkpoints). */
  keep(proof: readonly pbft.Envelope[]): void {
    const head = headFromProof(this.o.cluster.clusterId, proof);
    if (head === null || head.height <= this.latestHeight) return;
    this.writing = this.writing
      .then(() => this.store(head))
      .catch((err: unknown) =>
        this.o.logger.error({ err, height: head.height }, "storing a signed head failed"),
      );
  }

  /**
   * Stored only over our own entry at its height: a stable checkpoint learnt from a new-view or a state
   * reply may be above what we executed (an export then ending below its head would look truncated).
   * Verified then, with the members of the head's epoch from our ledger's epoch history (known once we
   * executed up to the head's height).
   */
  private async store(head: SignedHead): Promise<void> {
    const entry =
      head.height <= this.o.ledger.head().height ? await this.o.ledger.get(head.height) : undefined;
    if (entry === undefined || toHex(entry.entryHash) !== head.entryHash || head.height <= this.latestHeight)
      return;
    try {
      verifySignedHead(head, this.o.cluster, epochConfigs(this.o.ledger.epochs()));
    } catch (e) {
      // Our own checkpoint is in the proof, so this is a bug or a configuration we cannot check (an epoch
      // whose members we do not hold): say so, and keep going (heads are for auditors, not for consensus).
      this.o.logger.warn(
        { height: head.height, code: e instanceof HeadError ? e.code : undefined, err: e },
        "stable checkpoint is not a verifiable signed head: not stored",
      );
      return;
    }
    await this.o.ledger.putSignedHead(head);
    this.latestHeight = head.height;
    this.o.onHead?.(head.height);
  }

  /**
   * The leaves of heights 1..size: entries are read once, then only the ones appended since (entries never
   * change below the head). Memory: 32 bytes per entry.
   */
  private async leaves(size: number): Promise<Uint8Array[]> {
    if (size > this.cachedLeaves) {
      const from = this.cachedLeaves + 1;
      const more = await leavesOf(
        this.o.cluster.clusterId,
        this.o.ledger.rawRange(from, size),
        size - from + 1,
        from,
      );
      if (this.leafBytes.length < size * 32) {
        const bytes = new Uint8Array(Math.max(size, this.cachedLeaves * 2) * 32);
        bytes.set(this.leafBytes.subarray(0, this.cachedLeaves * 32));
        this.leafBytes = bytes;
      }
      for (let i = 0; i < more.length; i++) this.leafBytes.set(more[i]!, (from - 1 + i) * 32);
      this.cachedLeaves = size;
    }
    return Array.from({ length: size }, (_, i) => this.leafBytes.subarray(i * 32, i * 32 + 32));
  }

  /** Waits for the heads handed over so far to be stored. */
  flushed(): Promise<void> {
    return this.writing;
  }

  /**
   * The consistency path from tree size `from` to `to` over this ledger (a witness checks it against the
   * heads it holds). Reads the entries 1..to; one at a time, so that witnesses cannot pile reads up.
   */
  consistency(from: number, to: number): Promise<readonly string[] | string> {
    const run = this.proving.then(async () => {
      if (from > to) return `from ${from} is above to ${to}`;
      if (to > this.o.ledger.head().height)
        return `this ledger's height is ${this.o.ledger.head().height}, below ${to}`;
      const leaves = await this.leaves(to);
      return consistencyProof(leaves, from, to).map(toHex);
    });
    this.proving = run.catch(() => undefined);
    return run;
  }

  /** The inclusion proof of entry `height` under the latest head (pbft-inclusion-proof/1), or a problem. */
  inclusion(height: number): Promise<InclusionProof | string> {
    const run = this.proving.then(async () => {
      await this.writing;
      const head = await this.o.ledger.latestSignedHead();
      if (head === undefined || head.height < height)
        return `entry ${height} is not under a signed head yet (latest: ${head?.height ?? "none"})`;
      const leaves = await this.leaves(head.height);
      const entry = await this.o.ledger.get(height);
      if (entry === undefined) return `no entry ${height}`;
      return proveInclusion(this.o.cluster.clusterId, leaves, height, head, toHex(entry.entryHash));
    });
    this.proving = run.catch(() => undefined);
    return run;
  }

  latest(): Promise<SignedHead | undefined> {
    return this.writing.then(() => this.o.ledger.latestSignedHead());
  }
}
