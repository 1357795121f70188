// The node's HTTPS JSON API (/v1) and its web page (/ui): fastify, whose schemas (schemas.ts) validate the
// requests, check the responses (response-check.ts) and make the OpenAPI 3.1 document served at
// /v1/openapi.json and kept in packages/node/openapi.json. Every refusal is {code, message} with a stable
// code; rate limits and authentication run before any handler (hooks below).
import type { TLSSocket } from "node:tls";
import swagger from "@fastify/swagger";
import type { pbft } from "@pbft/consensus";
import type { ClusterConfig, InclusionProof, Ledger, SignedHead } from "@pbft/ledger";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyRequest,
} from "fastify";
import type { Logger } from "pino";
import type { SubmitResult } from "../client/submit.js";
import {
  type ApiKeyEntry,
  Authenticator,
  type Caller,
  type ClientCertEntry,
  RateLimiter,
  type Right,
} from "./auth.js";
import { addResponseCheck } from "./response-check.js";
import { registerRoutes } from "./routes.js";
import { SHARED_SCHEMAS } from "./schemas.js";
import { registerWeb, type WebAssets } from "./web.js";

export const API_VERSION = "1.0.0";

export interface ApiLimits {
  readonly requestsPerSecondPerCaller: number;
  readonly requestsPerSecondPerAddress: number;
  readonly burst: number;
  readonly bodyBytesMax: number;
  readonly submitTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** Submissions in flight on this node, shared fairly between callers (fair-share.ts). */
  readonly submitsInFlightMax: number;
}

export const DEFAULT_API_LIMITS: ApiLimits = {
  requestsPerSecondPerCaller: 200,
  requestsPerSecondPerAddress: 1000,
  burst: 400,
  bodyBytesMax: 256 * 1024,
  submitTimeoutMs: 30_000,
  requestTimeoutMs: 10_000,
  submitsInFlightMax: 8,
};

/**
 * Signed heads and inclusion proofs (issue 17). Until the node keeps them this is absent and the /v1/heads
 * routes answer 501; wiring them is this one object.
 */
export interface HeadSource {
  latest(): Promise<SignedHead | null>;
  /** The proof that the entry at `height` is under the latest head (null when above it). */
  inclusion(height: number): Promise<InclusionProof | null>;
}

/** What the node's status gives the API. */
export interface ApiNodeStatus {
  /** Null while this node is not a member of the epoch in force (joining, or removed). */
  readonly id: number | null;
  readonly epoch: number;
  readonly name: string;
  readonly version: string;
  readonly view: number;
  readonly primary: number;
  readonly viewChanging: boolean;
  readonly height: number;
  readonly headHash: string;
  readonly stableCheckpoint: number;
  readonly connectedPeers: readonly number[];
  readonly uptimeSeconds: number;
}

export interface ApiOptions {
  readonly cluster: ClusterConfig;
  readonly genesisHash: string;
  /** Absent only where no route runs (writing the OpenAPI document). */
  readonly ledger?: Ledger;
  readonly status?: () => ApiNodeStatus;
  /** Relays a request its proposer signed and gathers its receipt (ClusterClient.submitSigned). */
  readonly submit?: (
    request: pbft.ClientRequest,
    requestNumber: number,
    proposalId: string,
    timeoutMs: number,
  ) => Promise<SubmitResult>;
  readonly heads?: HeadSource;
  readonly keys: readonly ApiKeyEntry[];
  readonly clientCerts?: readonly ClientCertEntry[];
  readonly limits?: Partial<ApiLimits>;
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer; readonly clientCa?: Buffer };
  readonly web?: WebAssets;
  readonly logger?: Logger;
  readonly now?: () => number;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** The right a route needs; absent: public (rate-limited by address only). */
    right?: Right;
  }
  interface FastifyRequest {
    /** Who called, once authenticated (routes with a right). */
    caller?: Caller;
  }
}

/** The API's refusal. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export async function buildApi(o: ApiOptions): Promise<FastifyInstance> {
  const limits = { ...DEFAULT_API_LIMITS, ...o.limits };
  const app = Fastify({
    ...(o.tls
      ? {
          https: {
            cert: o.tls.cert,
            key: o.tls.key,
            minVersion: "TLSv1.2" as const,
            // A client certificate is asked for, not required: an API key is the other way in.
            ...(o.tls.clientCa ? { ca: o.tls.clientCa, requestCert: true, rejectUnauthorized: false } : {}),
          },
        }
      : {}),
    bodyLimit: limits.bodyBytesMax,
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: 5_000,
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
    // The node's pino logger; fastify's per-request lines are info, so the API logs warnings and up only
    // (an API serves many requests; the audit trail is the ledger).
    ...(o.logger
      ? {
          loggerInstance: o.logger.child(
            { component: "api" },
            { level: "warn" },
          ) as unknown as FastifyBaseLogger,
        }
      : { logger: false }),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", allErrors: false } },
  });
  // JSON only: a text/plain body would reach the schema as a string and be refused as schema-invalid,
  // where the truth is the media type.
  app.removeContentTypeParser("text/plain");
  for (const s of SHARED_SCHEMAS) app.addSchema(s);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "PBFT decision ledger API",
        version: API_VERSION,
        description:
          "A node's view of the ledger. Nothing here needs trusting: receipts, certificates and proofs verify against the genesis (see @pbft/client).",
      },
      components: {
        securitySchemes: {
          apiKey: { type: "http", scheme: "bearer", description: "an API key from the node's operator" },
          // OpenAPI 3.1's mutualTLS, which @fastify/swagger's (3.0) typings do not list.
          clientCertificate: {
            type: "mutualTLS",
            description: "a client certificate of the node's CA",
          } as unknown as { type: "http"; scheme: string },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  addResponseCheck(app, o.logger);

  const auth = new Authenticator(o.keys, o.clientCerts ?? []);
  const byCaller = new RateLimiter(limits.requestsPerSecondPerCaller, limits.burst, o.now);
  const byAddress = new RateLimiter(
    limits.requestsPerSecondPerAddress,
    Math.max(limits.burst, limits.requestsPerSecondPerAddress),
    o.now,
  );
  const tarpit = new Tarpit();
  app.addHook("onRequest", async (req, reply) => {
    const wait = byAddress.take(req.ip);
    if (wait > 0) {
      await tarpit.hold();
      throw new ApiError(429, "rate-limited", "too many requests from this address", wait);
    }
    const right = req.routeOptions.config.right;
    if (!right) return;
    const result = auth.authenticate(req.headers.authorization, certCommonName(req), right);
    if (!result.ok) {
      if (result.status === 401) reply.header("www-authenticate", 'Bearer realm="pbft"');
      throw new ApiError(result.status, result.code, result.message);
    }
    req.caller = result.caller;
    const callerWait = byCaller.take(`${result.caller.via}:${result.caller.name}`);
    if (callerWait > 0) {
      await tarpit.hold();
      throw new ApiError(429, "rate-limited", `too many requests for ${result.caller.name}`, callerWait);
    }
  });

  app.setErrorHandler((error: FastifyError | ApiError, req, reply) => {
    const e = toApiError(error);
    if (e.retryAfterSeconds !== undefined) reply.header("retry-after", String(e.retryAfterSeconds));
    if (e.status >= 500) req.log.error({ err: error.message, url: req.url }, "API error");
    // A refusal sent before the body was read (413, 401, 429) closes the connection: the rest of a large
    // body is not worth reading.
    if (e.status === 413) reply.header("connection", "close");
    void reply.code(e.status).send({ code: e.code, message: e.message });
  });
  app.setNotFoundHandler((req, reply) => {
    void reply
      .code(404)
      .send({ code: "not-found", message: `no route ${req.method} ${req.url.split("?")[0]}` });
  });

  app.get("/v1/openapi.json", { schema: { hide: true } }, async (_req, reply) =>
    reply.type("application/json").send(app.swagger()),
  );
  registerRoutes(app, o, limits, tarpit);
  if (o.web) registerWeb(app, o.web);
  return app;
}

/**
 * A refusal for going over a limit is answered after a pause: a client that ignores Retry-After and asks
 * again at once (a closed-loop flood) would otherwise keep the node's event loop, which also runs its
 * replica, busy answering 429s (measured: the cluster's throughput fell to a fraction under such a flood).
 * At most `heldMax` refusals wait at a time; past that they are answered at once.
 */
export class Tarpit {
  private held = 0;

  constructor(
    private readonly pauseMs = 500,
    private readonly heldMax = 10_000,
  ) {}

  async hold(): Promise<void> {
    if (this.held >= this.heldMax) return;
    this.held++;
    try {
      await new Promise((r) => setTimeout(r, this.pauseMs));
    } finally {
      this.held--;
    }
  }
}

/** The CN of a client certificate that chained to the configured CA, else undefined. */
function certCommonName(req: FastifyRequest): string | undefined {
  const socket = req.raw.socket as Partial<TLSSocket>;
  if (!socket.authorized || typeof socket.getPeerCertificate !== "function") return undefined;
  const cn = socket.getPeerCertificate().subject?.CN;
  return typeof cn === "string" ? cn : undefined;
}

export function toApiError(error: FastifyError | ApiError | Error): ApiError {
  if (error instanceof ApiError) return error;
  const e = error as FastifyError;
  if (e.validation) return new ApiError(400, "schema-invalid", e.message);
  switch (e.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new ApiError(400, "malformed-json", "the body is not JSON");
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new ApiError(413, "too-large", "the body is larger than this node accepts");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new ApiError(415, "unsupported-media-type", "send application/json");
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new ApiError(400, "malformed-request", "the Content-Length does not match the body");
  }
  if (e instanceof SyntaxError) return new ApiError(400, "malformed-json", "the body is not JSON");
  const status = typeof e.statusCode === "number" ? e.statusCode : 500;
  if (status < 500) return new ApiError(status, "bad-request", e.message);
  return new ApiError(500, "internal", "internal error");
}

export interface StartedApi {
  readonly app: FastifyInstance;
  readonly port: number;
  close(): Promise<void>;
}

export async function startApi(address: string, o: ApiOptions): Promise<StartedApi> {
  const app = await buildApi(o);
  const i = address.lastIndexOf(":");
  await app.listen({ host: address.slice(0, i), port: Number(address.slice(i + 1)) });
  const bound = app.server.address();
  const port = typeof bound === "object" && bound ? bound.port : Number(address.slice(i + 1));
  return {
    app,
    port,
    close: async () => {
      app.server.closeAllConnections();
      await app.close();
    },
  };
}
