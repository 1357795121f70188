import { toHex } from "@pbft/consensus";
import type { SimNode } from "../sim-node.js";
import type { Submitted } from "./durability.js";

/** After healing, every submitted request is executed by every honest member within the bound. */
export function checkLiveness(honest: readonly SimNode[], submitted: readonly Submitted[]): string | null {
  for (const s of submitted) {
    const hex = toHex(s.clientKey);
    const missing = honest.filter((n) => (n.clientNumbers.get(hex) ?? 0) < s.number);
    if (missing.length > 0)
      return `request ${hex.slice(0, 8)}/${s.number} not executed by ${missing.map((n) => n.id).join(",")} after healing`;
  }
  return null;
}
