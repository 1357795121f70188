// The consensus state a node must find after a crash (view, stable checkpoint proof, prepared
// certificates). The ledger stores it beside the entries, in parts, writing only what changed (see
// @pbft/ledger's consensus-state.ts); the replica driver writes it through this adapter.
import type { DurableState } from "@pbft/consensus";
import type { Ledger } from "@pbft/ledger";

export class DurableStateWriter {
  constructor(private readonly ledger: Ledger) {}

  /** What the node persisted last (null at a first start). */
  load(): Promise<DurableState | null> {
    return this.ledger.loadConsensusState();
  }

  /** One synced write: the state's header and the prepared certificates that changed since the last. */
  write(state: DurableState): Promise<void> {
    return this.ledger.saveConsensusState(state);
  }
}
