// Shorthands for config-rules.test.ts.
import type { ConfigOperation } from "./config-change.js";
import { rotateOp, type TestKey, type TestMember } from "./config-testing.js";
import type { ConfigWorld } from "./config-world.js";

export { testKey, testMember } from "./config-testing.js";

export function testRotateOpForTest(
  w: ConfigWorld,
  name: string,
  current: TestKey,
  next: TestMember,
): ConfigOperation {
  if (next.name !== name) throw new Error("rotate the same member");
  return rotateOp(w.clusterId, current, next);
}
