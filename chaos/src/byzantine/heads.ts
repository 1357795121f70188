// A Byzantine node's face to auditors: the real node (it votes honestly, so the cluster is unaffected) with
// its published HTTP port served by this proxy instead of the node's own server. Every request is passed
// through unchanged, except GET /heads/latest while the trigger file exists:
//   "rollback:H"  the node's own, validly signed head at height H (a history that went back);
//   "doctor"      its latest head with another tree root and entry hash (a forked history it cannot sign).
// The scenario writes and removes the trigger file from the host (the node's home is a bind mount), so it
// knows to the millisecond when the lie starts. What a witness makes of it is the scenario's business.
import { readFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";

export interface HeadsProxyOptions {
  /** host:port the proxy listens on (the container's published HTTP port). */
  readonly listen: string;
  /** The node's own HTTP port on 127.0.0.1. */
  readonly upstreamPort: number;
  /** Read at every /heads/latest: absent means honest. */
  readonly triggerFile: string;
  readonly log: (o: object, msg: string) => void;
}

export interface HeadsProxyCounters {
  rolledBack: number;
  doctored: number;
}

type Lie = { readonly kind: "rollback"; readonly height: number } | { readonly kind: "doctor" };

function currentLie(file: string): Lie | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8").trim();
  } catch {
    return undefined;
  }
  const m = /^rollback:(\d+)$/.exec(text);
  if (m) return { kind: "rollback", height: Number(m[1]) };
  if (text === "doctor") return { kind: "doctor" };
  return undefined;
}

/** Flips every bit of a 64-hex-digit hash: still well formed, certainly not what the members signed. */
function flipHex(h: unknown): unknown {
  if (typeof h !== "string" || !/^[0-9a-f]{64}$/.test(h)) return h;
  return h.replace(/[0-9a-f]/g, (c) => (15 - Number.parseInt(c, 16)).toString(16));
}

async function upstreamJson(port: number, path: string): Promise<unknown | null> {
  const r = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5_000) });
  return r.ok ? await r.json() : null;
}

export async function startHeadsProxy(
  o: HeadsProxyOptions,
): Promise<{ server: Server; counters: HeadsProxyCounters }> {
  const counters: HeadsProxyCounters = { rolledBack: 0, doctored: 0 };
  const server = createServer((req, res) => {
    const lie = req.method === "GET" && req.url === "/heads/latest" ? currentLie(o.triggerFile) : undefined;
    if (lie) {
      void (async () => {
        try {
          let body: unknown | null;
          if (lie.kind === "rollback") {
            body = await upstreamJson(o.upstreamPort, `/heads/${lie.height}`);
            counters.rolledBack++;
          } else {
            const h = (await upstreamJson(o.upstreamPort, "/heads/latest")) as Record<string, unknown> | null;
            body =
              h === null ? null : { ...h, treeRoot: flipHex(h.treeRoot), entryHash: flipHex(h.entryHash) };
            counters.doctored++;
          }
          if (body === null) res.writeHead(404).end();
          else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
        } catch (e) {
          res.writeHead(502).end(String(e));
        }
      })();
      return;
    }
    // Everything else, byte for byte (status, health, metrics, proofs, config, heads by height).
    const up = request(
      { host: "127.0.0.1", port: o.upstreamPort, path: req.url, method: req.method, headers: req.headers },
      (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      },
    );
    up.on("error", (e) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(e));
    });
    req.pipe(up);
  });
  const i = o.listen.lastIndexOf(":");
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(Number(o.listen.slice(i + 1)), o.listen.slice(0, i), () => resolve());
  });
  o.log({ listen: o.listen, upstream: o.upstreamPort }, "BYZANTINE heads proxy: serves the node's HTTP port");
  return { server, counters };
}
