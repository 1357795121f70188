// Crash faults for a local cluster under load: every `everyMs` one node (random, or the primary on chosen
// rounds) is killed with SIGKILL and restarted from its own disk after `downMs`; a node that exits on its
// own is restarted too, as a supervisor would, and recorded (a node should never do that).
import { setTimeout as sleep } from "node:timers/promises";
import type { LocalCluster } from "../testing/local-cluster.js";

export interface FaultOptions {
  /** Time between two kills (from one restart to the next kill). */
  readonly everyMs: number;
  /** How long the killed node stays down before it is restarted. */
  readonly downMs: number;
  /** Kill rounds (0-based) whose victim is the current primary; the others pick a random node. */
  readonly primaryRounds?: ReadonlySet<number>;
  /** At most this many kills. */
  readonly killsMax?: number;
  readonly log: (line: string) => void;
}

export interface KillRecord {
  /** Seconds since the faults started. */
  readonly atS: number;
  readonly node: number;
  readonly primary: boolean;
  /** Seconds from the kill until the restarted node answered /healthz; null when it never came back. */
  readonly backAfterS: number | null;
}

export interface UnexpectedExit {
  readonly atS: number;
  readonly node: number;
  /** Exit code or signal. */
  readonly status: string;
  readonly logTail: string;
}

const RESTART_ATTEMPTS = 3;
const SUPERVISE_EVERY_MS = 1_000;

/** The primary as the running node with the highest settled view sees it; null when nobody answers. */
export async function currentPrimary(lc: LocalCluster): Promise<number | null> {
  const views = await Promise.all(
    lc.running().map((id) =>
      lc.status(id).then(
        (s) => s,
        () => null,
      ),
    ),
  );
  const settled = views.filter((s) => s !== null && !s.viewChanging).sort((a, b) => b!.view - a!.view);
  return settled[0]?.primary ?? null;
}

export class Faults {
  readonly kills: KillRecord[] = [];
  readonly unexpectedExits: UnexpectedExit[] = [];
  /** Nodes being killed or restarted right now: the supervisor leaves them alone. */
  private readonly busy = new Set<number>();
  private readonly stop = new AbortController();
  private readonly t0 = performance.now();
  private loops: Promise<void> = Promise.resolve();
  private killing = false;

  constructor(
    private readonly lc: LocalCluster,
    private readonly o: FaultOptions,
  ) {}

  start(): void {
    this.killing = true;
    const kills = this.killLoop().finally(() => {
      this.killing = false;
    });
    this.loops = Promise.all([kills, this.superviseLoop()]).then(() => undefined);
  }

  /** True once every kill of `killsMax` is done (its node restarted). */
  allKillsDone(): boolean {
    return !this.killing;
  }

  /** Stops after the current round: a node being killed is restarted first, so the cluster is whole. */
  async stopAndHeal(): Promise<void> {
    this.stop.abort();
    await this.loops;
  }

  /** Nodes that are down now (between a kill and its restart). */
  down(): number[] {
    return [...this.busy].sort();
  }

  private elapsedS(): number {
    return (performance.now() - this.t0) / 1000;
  }

  private async wait(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.stop.signal });
      return true;
    } catch {
      return false; // stopped
    }
  }

  private async killLoop(): Promise<void> {
    for (let round = 0; round < (this.o.killsMax ?? Number.POSITIVE_INFINITY); round++) {
      if (!(await this.wait(this.o.everyMs))) return;
      const candidates = this.lc.cluster.members.map((m) => m.id).filter((id) => !this.busy.has(id));
      const wantPrimary = this.o.primaryRounds?.has(round) ?? false;
      const primary = await currentPrimary(this.lc);
      const victim =
        wantPrimary && primary !== null && candidates.includes(primary)
          ? primary
          : candidates[Math.floor(Math.random() * candidates.length)];
      if (victim === undefined) continue;
      this.busy.add(victim);
      const atS = this.elapsedS();
      try {
        await this.lc.kill(victim, "SIGKILL");
        this.o.log(
          `kill ${round + 1} at ${atS.toFixed(1)} s: node ${victim} SIGKILL (primary: ${primary ?? "unknown"})`,
        );
        // The restart always happens, even when stopping: the cluster must end with every node up.
        await sleep(this.o.downMs);
        const back = await this.restart(victim);
        this.kills.push({
          atS: round3(atS),
          node: victim,
          primary: victim === primary,
          backAfterS: back ? round3(this.elapsedS() - atS) : null,
        });
      } finally {
        this.busy.delete(victim);
      }
    }
  }

  /** Starts node `id` from its disk; true once it answers, false after a few failed attempts. */
  private async restart(id: number): Promise<boolean> {
    for (let attempt = 1; attempt <= RESTART_ATTEMPTS; attempt++) {
      try {
        await this.lc.kill(id); // forget a process that died during a previous attempt
        await this.lc.start(id);
        return true;
      } catch (e) {
        this.o.log(`node ${id}: restart ${attempt} failed: ${(e as Error).message}`);
      }
    }
    return false;
  }

  private async superviseLoop(): Promise<void> {
    while (await this.wait(SUPERVISE_EVERY_MS)) {
      for (const m of this.lc.cluster.members) {
        const status = this.busy.has(m.id) ? undefined : this.lc.exitStatus(m.id);
        if (status === undefined) continue;
        const logTail = this.lc.logTail(m.id);
        this.unexpectedExits.push({ atS: round3(this.elapsedS()), node: m.id, status, logTail });
        this.o.log(
          `node ${m.id} exited on its own (${status}); restarting it. Its log ends with:\n${logTail}`,
        );
        this.busy.add(m.id);
        try {
          await this.restart(m.id);
        } finally {
          this.busy.delete(m.id);
        }
      }
    }
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
