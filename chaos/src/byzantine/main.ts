// A Byzantine node for the chaos suite: the real node (startNode from @pbft/node) with a tampering
// layer on its replica network. Shipped in the image as /app/chaos/dist/byzantine/main.js; the node
// itself has no switch for any of this.
//   node /app/chaos/dist/byzantine/main.js --home /pbft/node0 --mode equivocate|bad-votes|lying-heads
// lying-heads: the node votes honestly; its HTTP port is the proxy of heads.ts on 0.0.0.0:7009 (the
// container publishes that port as the node's HTTP port), lying about /heads/latest on the scenario's cue.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type HeadsProxyCounters, startHeadsProxy } from "./heads.js";
import {
  conflictingVoter,
  equivocatingPrimary,
  type FrameNetwork,
  type Keyholder,
  type TamperCounters,
  tamperedNetwork,
} from "./tamper.js";

interface SignerContext {
  readonly token: { sign(keyLabel: string, bytes: Uint8Array): Uint8Array };
  readonly keyLabel: string;
  readonly clusterId: string;
  readonly id: number;
}
interface RunningNode {
  readonly httpPort: number;
  readonly stopped: Promise<{ error?: Error }>;
  stop(): Promise<void>;
  readonly logger: { warn(o: object, msg: string): void; info(o: object, msg: string): void };
}
type StartNode = (opts: {
  home: string;
  wrapNetwork?: <N extends FrameNetwork>(net: N) => N;
  wrapSigner?: <S>(signer: S, ctx: SignerContext) => S;
}) => Promise<RunningNode>;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** startNode from the package entry; while the entry does not export it, from the daemon module. */
async function loadStartNode(): Promise<StartNode> {
  const entry = (await import("@pbft/node")) as { startNode?: StartNode };
  if (typeof entry.startNode === "function") return entry.startNode;
  const entryPath = fileURLToPath(import.meta.resolve("@pbft/node"));
  const daemon = (await import(pathToFileURL(join(dirname(entryPath), "daemon", "node.js")).href)) as {
    startNode?: StartNode;
  };
  if (typeof daemon.startNode !== "function") throw new Error("@pbft/node exports no startNode");
  return daemon.startNode;
}

async function main(): Promise<void> {
  const home = arg("home");
  const mode = arg("mode");
  if (!home || (mode !== "equivocate" && mode !== "bad-votes" && mode !== "lying-heads")) {
    process.stderr.write("usage: main.js --home <node dir> --mode equivocate|bad-votes|lying-heads\n");
    process.exit(2);
  }
  const nodeJson = JSON.parse(readFileSync(join(home, "node.json"), "utf8")) as {
    id: number;
    cluster: string;
  };
  const cluster = JSON.parse(readFileSync(join(home, nodeJson.cluster), "utf8")) as { members: unknown[] };
  const n = cluster.members.length;
  const counters: TamperCounters = { equivocations: 0, conflictingVotes: 0, invalidSignatures: 0 };
  let keyholder: Keyholder | undefined;
  let tamper: ((o: { to: number; frame: Uint8Array }) => { to: number; frame: Uint8Array }[]) | undefined;

  const startNode = await loadStartNode();
  if (mode === "lying-heads") return runLyingHeads(startNode, home);
  const node = await startNode({
    home,
    wrapSigner: (signer, ctx) => {
      keyholder = {
        id: ctx.id,
        n,
        clusterId: ctx.clusterId,
        sign: (bytes) => ctx.token.sign(ctx.keyLabel, bytes),
      };
      tamper =
        mode === "equivocate"
          ? equivocatingPrimary(keyholder, counters)
          : conflictingVoter(keyholder, counters);
      return signer;
    },
    wrapNetwork: (net) =>
      tamperedNetwork(net, n, nodeJson.id, (o) => {
        // Until the signer is wrapped (it is, before any frame is signed), frames pass unchanged.
        return tamper ? tamper(o) : [o];
      }),
  });
  node.logger.warn({ mode }, "BYZANTINE node: tampering with its replica frames (chaos suite)");
  const report = setInterval(
    () => node.logger.info({ byzantine: mode, ...counters }, "tampering so far"),
    5_000,
  );
  const stop = () => {
    clearInterval(report);
    void node.stop();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  const { error } = await node.stopped;
  clearInterval(report);
  if (keyholder === undefined) process.stderr.write("warning: wrapSigner was never called\n");
  process.exit(error ? 1 : 0);
}

/** The node as it is, behind the heads proxy (its replica traffic untouched). */
async function runLyingHeads(startNode: StartNode, home: string): Promise<void> {
  const node = await startNode({ home });
  const proxy = await startHeadsProxy({
    listen: arg("proxy-listen") ?? "0.0.0.0:7009",
    upstreamPort: node.httpPort,
    triggerFile: join(home, "chaos-heads"),
    log: (o, msg) => node.logger.warn(o, msg),
  });
  const counters: HeadsProxyCounters = proxy.counters;
  const report = setInterval(
    () => node.logger.info({ byzantine: "lying-heads", ...counters }, "heads served"),
    5_000,
  );
  const stop = () => {
    clearInterval(report);
    proxy.server.close();
    void node.stop();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  const { error } = await node.stopped;
  clearInterval(report);
  proxy.server.close();
  process.exit(error ? 1 : 0);
}

main().catch((e: unknown) => {
  process.stderr.write(`byzantine node failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
