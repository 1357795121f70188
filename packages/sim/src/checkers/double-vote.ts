import { decodeMsg, type pbft, type ReplicaId, sha256, slotOf, toHex } from "@pbft/consensus";

/**
 * An honest member never lets two different signed payloads for one slot (kind, view, seq) leave it, across
 * crashes and restarts: its double-sign guard refuses the second, and the output gate holds every message
 * until the guard's record of it is durable. A leaky gate (or a guard that forgets) fails this at once.
 */
export class DoubleVoteChecker {
  private readonly first = new Map<string, string>();
  violation: string | null = null;

  /** ownedBy(node, epoch, signer): whether the member signing as `signer` in `epoch` is that node. */
  constructor(
    private readonly honest: ReadonlySet<ReplicaId>,
    private readonly ownedBy: (node: ReplicaId, epoch: number, signer: number) => boolean = (n, _e, s) => n === s,
  ) {}

  observe(from: ReplicaId, frame: pbft.ReplicaFrame): void {
    const env = frame.envelope;
    if (!env?.payload || !this.honest.has(from) || this.violation !== null) return;
    const msg = decodeMsg(env.payload);
    if (!msg.ok || !this.ownedBy(from, msg.value.epoch, env.signer ?? 0)) return; // relayed, not its own
    const slot = slotOf(msg.value);
    const key = `${from}/${slot.kind}/${slot.view}/${slot.seq}`;
    const payload = toHex(sha256(env.payload));
    const prev = this.first.get(key);
    if (prev === undefined) this.first.set(key, payload);
    else if (prev !== payload)
      this.violation = `replica ${from} signed two different ${slot.kind} messages for view ${slot.view} seq ${slot.seq}`;
  }
}
