export { Prng } from "./prng.js";
export { CoreFault, SimCluster } from "./sim-cluster.js";
export type { Output } from "./sim-node.js";
export { SimNode } from "./sim-node.js";
export {
  formatViolation,
  type Invariant,
  type RunOptions,
  runSeed,
  type SeedResult,
  type Violation,
} from "./simulator.js";
export { BYZANTINE_KINDS, type ByzantineKind, describeWorld, drawWorld, type World } from "./world.js";
