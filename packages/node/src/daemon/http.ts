// The node's HTTP face for operators: /healthz (the process runs), /readyz (it is part of a working quorum
// and not far behind: see readiness.ts), /status (JSON), /metrics (Prometheus), and /ledger/export (the
// export stream, so an auditor can verify a running node's ledger offline).
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
}

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
  res.end("not found: try /healthz, /readyz, /status, /config, /metrics or /ledger/export\n");
}
