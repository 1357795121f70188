export { Prng } from "./prng.js";
export {
  formatViolation,
  type Invariant,
  type RunOptions,
  runSeed,
  type SeedResult,
  type Violation,
} from "./simulator.js";
export { type DueTimer, TimedCluster } from "./timed-cluster.js";
export { BYZANTINE_KINDS, type ByzantineKind, describeWorld, drawWorld, type World } from "./world.js";
