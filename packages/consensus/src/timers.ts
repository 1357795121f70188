// A stable string for a TimerId, for callers that keep timers in a map (a `set-timer` with an equal id
// replaces the pending one).
import type { TimerId } from "./types.js";

export function timerKey(t: TimerId): string {
  switch (t.kind) {
    case "batch":
    case "relay":
    case "state-transfer":
      return t.kind;
    case "request":
      return `request/${t.key}`;
    case "view-change":
      return `view-change/${t.view}`;
  }
}
