// The node's HTTP face for operators: /healthz (the process runs), /readyz (it is part of a working quorum
// and not far behind: see readiness.ts), /status (JSON), /metrics (Prometheus), and /ledger/export (the
// export stream, so an auditor can verify a running node's ledger offline), /heads/latest and /heads/{height}
// (signed heads, pbft-signed-head/1 JSON: what witnesses poll) and /proofs/consistency?from=A&to=B (the
// RFC 9162 consistency path between two tree sizes of this ledger, for witnesses), /proofs/inclusion?height=H
// (an entry's inclusion proof under the latest head, for receipts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Registry } from "prom-client";
import type { Readiness } from "./readiness.js";

export interface HttpHandlers {
  readonly healthy: () => boolean;
  readonly ready: () => Readiness;
  readonly status: () => unknown;
  readonly registry: Registry;
  readonly exportLedger: (res: ServerResponse) => Promise<void>;
  /** GET /config (?history=1) and /config/changes/:id (undefined: no such change); absent: 404. */
  readonly config?: {
    readonly view: (history: boolean) => unknown;
    readonly change: (id: string) => unknown | undefined;
    /** The epoch proof from the genesis to the epoch in force (what receipts of later epochs need). */
    readonly proof: () => Promise<unknown>;
  };
  /** A stored signed head: the latest, or the one at a height (undefined: none there). */
  readonly head: (height: number | "latest") => Promise<unknown>;
  /** The consistency path between tree sizes from <= to (to at most the ledger's height), or a problem. */
  readonly consistency: (from: number, to: number) => Promise<readonly string[] | string>;
  /** The inclusion proof of an entry under the latest signed head, or a problem. */
  readonly inclusion: (height: number) => Promise<unknown>;
}

const INCLUSION_QUERY = /^height=([1-9][0-9]{0,15})$/;

const CONSISTENCY_QUERY = /^from=([1-9][0-9]{0,15})&to=([1-9][0-9]{0,15})$/;

const HEAD_PATH = /^\/heads\/(latest|[1-9][0-9]{0,15})$/;

export async function startHttp(address: string, h: HttpHandlers): Promise<{ server: Server; port: number }> {
  const i = address.lastIndexOf(":");
  const host = address.slice(0, i);
  const port = Number(address.slice(i + 1));
  const server = createServer((req, res) => {
    route(req, res, h).catch(() => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("internal error\n");
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = server.address();
  return { server, port: typeof bound === "object" && bound ? bound.port : port };
}

async function route(req: IncomingMessage, res: ServerResponse, h: HttpHandlers): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" });
    res.end("method not allowed\n");
    return;
  }
  const [path, query] = (req.url ?? "/").split("?") as [string, string | undefined];
  if (h.config && path.startsWith("/config/changes/")) {
    const id = decodeURIComponent(path.slice("/config/changes/".length));
    const c = h.config.change(id);
    res.writeHead(c === undefined ? 404 : 200, { "content-type": "application/json" });
    res.end(`${JSON.stringify(c ?? { error: `no change ${id} in this node's ledger` }, null, 2)}\n`);
    return;
  }
  const headAt = HEAD_PATH.exec(path);
  if (headAt !== null) {
    const which = headAt[1] === "latest" ? "latest" : Number(headAt[1]);
    const head = await h.head(which);
    res.writeHead(head === undefined ? 404 : 200, { "content-type": "application/json" });
    res.end(
      `${JSON.stringify(head ?? { error: `no signed head ${which === "latest" ? "yet" : `at height ${which}`}` })}\n`,
    );
    return;
  }
  if (path === "/proofs/inclusion") {
    const q = INCLUSION_QUERY.exec((req.url ?? "").split("?")[1] ?? "");
    const answer = q === null ? "expected ?height=H" : await h.inclusion(Number(q[1]));
    res.writeHead(typeof answer === "string" ? 404 : 200, { "content-type": "application/json" });
    res.end(`${JSON.stringify(typeof answer === "string" ? { error: answer } : answer)}\n`);
    return;
  }
  if (path === "/proofs/consistency") {
    const q = CONSISTENCY_QUERY.exec((req.url ?? "").split("?")[1] ?? "");
    const answer = q === null ? "expected ?from=A&to=B" : await h.consistency(Number(q[1]), Number(q[2]));
    res.writeHead(typeof answer === "string" ? 404 : 200, { "content-type": "application/json" });
    res.end(
      `${JSON.stringify(typeof answer === "string" ? { error: answer } : { from: Number(q![1]), to: Number(q![2]), path: answer })}\n`,
    );
    return;
  }
  switch (path) {
    case "/config/proof":
      if (!h.config) break;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`${JSON.stringify(await h.config.proof())}\n`);
      return;
    case "/config":
      if (!h.config) break;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        `${JSON.stringify(h.config.view(new URLSearchParams(query ?? "").get("history") === "1"), null, 2)}\n`,
      );
      return;
    case "/healthz": {
      const ok = h.healthy();
      res.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
      res.end(`${JSON.stringify({ ok })}\n`);
      return;
    }
    case "/readyz": {
      const r = h.ready();
      res.writeHead(r.ready ? 200 : 503, { "content-type": "application/json" });
      res.end(`${JSON.stringify(r)}\n`);
      return;
    }
    case "/status":
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`${JSON.stringify(h.status(), null, 2)}\n`);
      return;
    case "/metrics":
      res.writeHead(200, { "content-type": h.registry.contentType });
      res.end(await h.registry.metrics());
      return;
    case "/ledger/export":
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      await h.exportLedger(res);
      res.end();
      return;
  }
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("not found: try /healthz, /readyz, /status, /config, /metrics, /ledger/export or /heads/latest\n");
}
