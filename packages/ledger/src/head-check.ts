// What verify checks about heads while it streams entries: the source's signed head (an export's, or a
// data dir's latest) is verified with the genesis alone (epoch 0), or, for a head of a later epoch, once
// the entries up to its height are verified (the epoch's members are then known from the replayed
// history); then the entry at its height must have its entry hash and the history tree there its root; a source that ends before it is truncated. A head the auditor
// kept from earlier (minHead: a signed head, or just `height:hash`) is checked the same way, so that a cut
// export with a forged end line, or a forked history, fails even when the signed head line was removed; a
// kept head of a later epoch is verified, like the source's, with the epochs the history reaches.
import { historyLeaf, MerkleFrontier, toHex } from "@pbft/consensus";
import type { ClusterConfig } from "./cluster-config.js";
import { HeadError, parseSignedHead, type SignedHead, verifySignedHead } from "./signed-head.js";

/** A head the auditor already holds. */
export interface MinHead {
  readonly height: number;
  readonly entryHash: string; // hex
  /** Known when the auditor kept a signed head (then the tree root is checked too). */
  readonly treeRoot?: string;
  /**
   * The signed head itself, when it is of an epoch > 0: its signers are members of an epoch the genesis
   * does not name, so it is verified once the history reaches its height (the members of its epoch then
   * follow from the entries replayed), and a head that does not verify fails the run.
   */
  readonly signed?: unknown;
}

/** The signed head verify verified, as its result reports it. */
export interface HeadSummary {
  readonly height: number;
  readonly epoch: number;
  readonly entryHash: string;
  readonly treeRoot: string;
  readonly signers: readonly number[];
  /** The head itself, as verified. */
  readonly head: SignedHead;
}

/** Why a held head (--min-head) does not verify with the genesis and `epochs`, or null. */
function heldHeadError(
  value: unknown,
  cluster: ClusterConfig,
  epochs: ReadonlyMap<number, ClusterConfig> | undefined,
): HeadError | null {
  try {
    verifySignedHead(value, cluster, epochs);
    return null;
  } catch (e) {
    if (e instanceof HeadError) return e;
    throw e;
  }
}

function heldHeadMessage(e: HeadError): string {
  return `the head you hold (--min-head) does not verify: ${e.message} (${e.code})`;
}

export class HeadCheck {
  private readonly tree = new MerkleFrontier();
  private signed: HeadSummary | undefined;
  /** A head of an epoch > 0, shape checked, verified when the entries reach its height. */
  private pending: (MinHead & { readonly value: unknown }) | undefined;

  constructor(
    private readonly cluster: ClusterConfig,
    private readonly minHead?: MinHead,
  ) {}

  /**
   * The source's signed head: null when it verifies (or, of an epoch > 0, when its shape does: it is
   * verified at its height, by onEntry), else why not.
   */
  onSignedHead(value: unknown): string | null {
    try {
      const h = parseSignedHead(value);
      if (h.epoch === 0) return this.verified(value);
      this.pending = { value, height: h.height, entryHash: h.entryHash, treeRoot: h.treeRoot };
      return null;
    } catch (e) {
      if (e instanceof HeadError) return `signed head: ${e.message} (${e.code})`;
      throw e;
    }
  }

  /**
   * After each verified entry: null, or why the entry contradicts a head. `epochs`: the configurations of
   * the epochs after the genesis known at this height (for a head of a later epoch, verified here).
   */
  onEntry(
    height: number,
    entryHash: Uint8Array,
    epochs?: () => ReadonlyMap<number, ClusterConfig>,
  ): string | null {
    this.tree.append(historyLeaf(entryHash));
    if (this.pending !== undefined && this.pending.height === height) {
      const problem = this.verified(this.pending.value, epochs?.());
      this.pending = undefined;
      if (problem !== null) return problem;
    }
    const held = this.minHead;
    if (held?.signed !== undefined && held.height === height) {
      const problem = heldHeadError(held.signed, this.cluster, epochs?.());
      if (problem !== null) return heldHeadMessage(problem);
    }
    for (const [head, whose] of this.heads()) {
      if (head.height !== height) continue;
      if (toHex(entryHash) !== head.entryHash)
        return `entry ${height} is not the one ${whose} names (${head.entryHash.slice(0, 16)}…): a forked history`;
      if (head.treeRoot !== undefined && toHex(this.tree.root()) !== head.treeRoot)
        return `the history up to ${height} is not the one ${whose} covers (another tree root): a forked history`;
    }
    return null;
  }

  private verified(value: unknown, epochs?: ReadonlyMap<number, ClusterConfig>): string | null {
    try {
      const h = verifySignedHead(value, this.cluster, epochs);
      this.signed = {
        height: h.height,
        epoch: h.epoch,
        entryHash: h.entryHash,
        treeRoot: h.treeRoot,
        signers: h.signatures.map((s) => s.signer),
        head: h,
      };
      return null;
    } catch (e) {
      if (e instanceof HeadError) return `signed head: ${e.message} (${e.code})`;
      throw e;
    }
  }

  /**
   * At the end of the source (height entries verified): null, or why it is truncated. A held head of a
   * later epoch above the end is checked with the epochs the history reached, so that a head which does not
   * verify is named as such rather than as evidence of truncation.
   */
  atEnd(height: number, epochs?: () => ReadonlyMap<number, ClusterConfig>): string | null {
    for (const [head, whose] of this.heads()) {
      if (height >= head.height) continue;
      let why = "";
      if (head === this.minHead && head.signed !== undefined) {
        const known = epochs?.();
        const problem = heldHeadError(head.signed, this.cluster, known);
        if (problem !== null && problem.code !== "unknown-epoch") return heldHeadMessage(problem);
        if (problem !== null)
          why = ` (its signatures are of an epoch this history does not reach: it ends in epoch ${Math.max(0, ...(known?.keys() ?? []))})`;
      }
      return `the history ends at height ${height}, before ${whose} at height ${head.height}${why}: truncated`;
    }
    return null;
  }

  summary(): HeadSummary | undefined {
    return this.signed;
  }

  private heads(): [MinHead, string][] {
    const out: [MinHead, string][] = [];
    if (this.signed !== undefined) out.push([this.signed, "its signed head"]);
    if (this.pending !== undefined) out.push([this.pending, "its signed head"]);
    if (this.minHead !== undefined) out.push([this.minHead, "the head you hold (--min-head)"]);
    return out;
  }
}
