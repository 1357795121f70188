// The /v1 routes. Handlers stay thin: the ledger and the record index answer reads, the node's cluster
// client relays submissions (the receipt it returns holds f+1 members' attestations and the commit
// certificate, so a client checks it against the genesis without trusting this node).
import { pbft, signedBytes, toHex } from "@pbft/consensus";
import {
  amendmentSchema,
  type ClusterConfig,
  canonicalJson,
  configApprovalSchema,
  configChangeSchema,
  endorsementSchema,
  LedgerError,
  PROPOSAL_BYTES_MAX,
  recordSchema,
  verifyEd25519,
} from "@pbft/ledger";
import type { FastifyInstance } from "fastify";
import { REQUEST_NUMBER_MAX } from "../client/proposal.js";
import { SubmitError } from "../client/submit.js";
import { FairShare } from "./fair-share.js";
import { entryJson, RecordIndex } from "./records.js";
import {
  EntriesQuery,
  type EntriesQueryT,
  EpochProofQuery,
  type EpochProofQueryT,
  HeightParams,
  IdParams,
  RecordsQuery,
  type RecordsQueryT,
  ref,
  type SubmitRequestT,
} from "./schemas.js";
import { ApiError, type ApiLimits, type ApiOptions, type Tarpit } from "./server.js";

/** The refusals every route may answer, besides its own. */
function errors(...codes: number[]): Record<number, unknown> {
  const out: Record<number, unknown> = {};
  for (const c of [...codes, 400, 429, 500]) out[c] = ref("Error");
  return out;
}
const READ = [401, 403] as const;
const security: { [scheme: string]: string[] }[] = [{ apiKey: [] }, { clientCertificate: [] }];

export function registerRoutes(app: FastifyInstance, o: ApiOptions, limits: ApiLimits, tarpit: Tarpit): void {
  const records = o.ledger ? new RecordIndex(o.ledger) : undefined;
  const need = <T>(v: T | undefined): T => {
    if (v === undefined) throw new ApiError(503, "unavailable", "this server has no ledger");
    return v;
  };
  const genesisText = canonicalJson(o.cluster);
  // Who may send what follows the configuration in force (issue 16), not the genesis alone.
  const inForce = (): ClusterConfig => o.ledger?.epoch().config ?? o.cluster;
  const inFlight = new Set<string>();
  const slots = new FairShare(limits.submitsInFlightMax);

  app.get(
    "/v1/status",
    {
      schema: {
        summary: "The node's view of the cluster: members, view, height, epoch, latest signed head",
        tags: ["status"],
        response: { 200: ref("Status"), ...errors() },
      },
    },
    async () => {
      const s = need(o.status)();
      const connected = new Set(s.connectedPeers);
      return {
        clusterId: o.cluster.clusterId,
        genesisHash: o.genesisHash,
        node: { id: s.id, name: s.name, version: s.version },
        view: s.view,
        primary: s.primary,
        viewChanging: s.viewChanging,
        epoch: s.epoch,
        height: s.height,
        headHash: s.headHash,
        stableCheckpoint: s.stableCheckpoint,
        members: inForce().members.map((m) => ({
          id: m.id,
          name: m.name,
          votePublicKey: m.votePublicKey,
          connected: m.id === s.id || connected.has(m.id),
        })),
        f: inForce().f,
        latestHead: o.heads ? await o.heads.latest() : null,
        uptimeSeconds: s.uptimeSeconds,
      };
    },
  );

  app.get(
    "/v1/genesis",
    {
      schema: {
        summary: "The genesis this node runs: compare its hash with the one you hold",
        tags: ["status"],
        response: { 200: ref("Genesis"), ...errors() },
      },
    },
    async () => ({ hash: o.genesisHash, canonical: genesisText }),
  );

  app.post<{ Body: SubmitRequestT }>(
    "/v1/proposals",
    {
      config: { right: "submit" },
      schema: {
        summary: "Submit a proposal its proposer signed; answers with the receipt once the cluster decided",
        tags: ["proposals"],
        security,
        body: ref("SubmitRequest"),
        response: { 200: ref("SubmitResponse"), ...errors(...READ, 409, 413, 502, 503, 504) },
      },
    },
    async (req) => {
      const request = pbft.ClientRequest.create({
        body: Buffer.from(req.body.body, "base64"),
        signature: Buffer.from(req.body.signature, "base64"),
      });
      const { requestNumber, proposalId } = checkRequest(request, o.cluster.clusterId, inForce());
      const caller = req.caller ? `${req.caller.via}:${req.caller.name}` : req.ip;
      const release = slots.acquire(caller);
      if (!release) {
        await tarpit.hold();
        throw new ApiError(
          429,
          "rate-limited",
          "this caller has its share of the node's submissions in flight; retry when one is decided",
          1,
        );
      }
      try {
        return await decide(request, requestNumber, proposalId);
      } finally {
        release();
      }
    },
  );

  const decide = async (request: pbft.ClientRequest, requestNumber: number, proposalId: string) => {
    const submit = need(o.submit);
    if (inFlight.has(proposalId))
      throw new ApiError(409, "duplicate-id", `proposal ${proposalId} is being decided already`);
    inFlight.add(proposalId);
    try {
      const r = await submit(request, requestNumber, proposalId, limits.submitTimeoutMs);
      const cert = r.receipt.certificate;
      return {
        decision: {
          height: r.decision.height,
          entryHash: toHex(r.decision.entryHash),
          proposalId: r.decision.proposalId,
          accepted: r.decision.accepted,
          reason: r.decision.reason,
        },
        receipt: Buffer.from(pbft.Receipt.encode(r.receipt).finish()).toString("base64"),
        certificateSigners: (cert?.commits ?? []).map((c) => c.signer ?? 0).sort((a, b) => a - b),
        attestedBy: (r.receipt.attestations ?? []).map((a) => a.signer ?? 0).sort((a, b) => a - b),
      };
    } catch (e) {
      throw submitError(e);
    } finally {
      inFlight.delete(proposalId);
    }
  };

  app.get<{ Querystring: RecordsQueryT }>(
    "/v1/records",
    {
      config: { right: "read" },
      schema: {
        summary: "Records (as amended), searched and paged in ledger order",
        tags: ["records"],
        security,
        querystring: RecordsQuery,
        response: { 200: ref("RecordPage"), ...errors(...READ) },
      },
    },
    async (req) => {
      const index = need(records);
      await index.sync();
      const page = index.page({
        q: req.query.q,
        type: req.query.type,
        status: req.query.status,
        offset: Number(req.query.cursor ?? 0),
        limit: req.query.limit ?? 50,
      });
      return { ...page, next: page.next === null ? null : String(page.next), readAtHeight: index.height };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/v1/records/:id",
    {
      config: { right: "read" },
      schema: {
        summary: "A record: its current version, amendment history, trace links and the proof of each step",
        tags: ["records"],
        security,
        params: IdParams,
        response: { 200: ref("RecordDetail"), ...errors(...READ, 404) },
      },
    },
    async (req) => {
      const index = need(records);
      await index.sync();
      const d = await index.detail(req.params.id);
      if (!d) throw new ApiError(404, "unknown-record", `no accepted record ${req.params.id}`);
      return d;
    },
  );

  app.get<{ Querystring: EntriesQueryT }>(
    "/v1/entries",
    {
      config: { right: "read" },
      schema: {
        summary: "Ledger entries from a height, paged",
        tags: ["entries"],
        security,
        querystring: EntriesQuery,
        response: { 200: ref("EntryPage"), ...errors(...READ) },
      },
    },
    async (req) => {
      const ledger = need(o.ledger);
      const height = ledger.head().height;
      const from = req.query.from ?? 1;
      const to = Math.min(height, from + (req.query.limit ?? 100) - 1);
      const entries = [];
      if (from <= height)
        for await (const e of ledger.range(from, to))
          entries.push({
            height: e.height,
            entryHash: toHex(e.entryHash),
            requestCount: e.header.requestCount,
            accepted: e.results.filter((r) => r.accepted).length,
          });
      return { entries, next: to < height ? to + 1 : null, height };
    },
  );

  app.get<{ Params: { height: number } }>(
    "/v1/entries/:height",
    {
      config: { right: "read" },
      schema: {
        summary: "One ledger entry: header, certificate signers, requests and their decisions",
        tags: ["entries"],
        security,
        params: HeightParams,
        response: { 200: ref("Entry"), ...errors(...READ, 404) },
      },
    },
    async (req) => {
      const e = await need(o.ledger).get(req.params.height);
      if (!e) throw new ApiError(404, "not-found", `no entry at height ${req.params.height}`);
      return entryJson(e);
    },
  );

  app.get(
    "/v1/heads/latest",
    {
      config: { right: "read" },
      schema: {
        summary: "The latest head signed by 2f+1 members (issue 17)",
        tags: ["heads"],
        security,
        response: { 200: ref("Head"), ...errors(...READ, 404, 501) },
      },
    },
    async () => {
      if (!o.heads) throw noHeads();
      const head = await o.heads.latest();
      if (!head) throw new ApiError(404, "not-found", "no signed head yet");
      return head;
    },
  );

  app.get<{ Querystring: EpochProofQueryT }>(
    "/v1/config/proof",
    {
      // Public, as /v1/genesis: configurations only (what /v1/status shows of the one in force), and what
      // anyone holding a receipt or a head of a later epoch needs to check it.
      schema: {
        summary:
          "The epoch proof from the genesis to the configuration in force (issue 16): what verifies entries, receipts and heads of later epochs",
        tags: ["config"],
        querystring: EpochProofQuery,
        response: { 200: ref("EpochProof"), ...errors(503) },
      },
    },
    async (req) => {
      const ledger = need(o.ledger);
      try {
        return await ledger.epochProof(Math.min(req.query.to ?? ledger.epoch().epoch, ledger.epoch().epoch));
      } catch (e) {
        // The boundary's signatures are saved once its checkpoint is stable: moments after the switch.
        if (e instanceof LedgerError && e.code === "missing-proof")
          throw new ApiError(503, "unavailable", `the epoch proof is not complete yet: ${e.message}`, 1);
        throw e;
      }
    },
  );

  app.get<{ Params: { height: number } }>(
    "/v1/entries/:height/proof",
    {
      config: { right: "read" },
      schema: {
        summary: "The inclusion proof of an entry under the latest signed head (issue 17)",
        tags: ["heads"],
        security,
        params: HeightParams,
        response: { 200: ref("InclusionProof"), ...errors(...READ, 404, 501) },
      },
    },
    async (req) => {
      if (!o.heads) throw noHeads();
      const proof = await o.heads.inclusion(req.params.height);
      if (!proof)
        throw new ApiError(404, "not-found", `no signed head covers height ${req.params.height} yet`);
      return proof;
    },
  );
}

function noHeads(): ApiError {
  return new ApiError(501, "not-implemented", "this node does not serve signed heads yet");
}

/** The gateway's own checks, made here first so a bad request is refused before it costs the cluster. */
function checkRequest(
  request: pbft.ClientRequest,
  clusterId: string,
  config: ClusterConfig,
): { requestNumber: number; proposalId: string } {
  let body: pbft.RequestBody;
  try {
    body = pbft.RequestBody.decode(request.body);
  } catch {
    throw new ApiError(400, "malformed-request", "the request body is not an encoded RequestBody");
  }
  if (body.clientKey.length !== 32 || request.signature.length !== 64)
    throw new ApiError(400, "malformed-request", "the client key must have 32 bytes, the signature 64");
  const n = Number(body.requestNumber);
  if (!Number.isSafeInteger(n) || n < 1 || n >= REQUEST_NUMBER_MAX)
    throw new ApiError(400, "malformed-request", "the request number must be from 1 to 2^48 - 1");
  if (body.clusterId !== clusterId)
    throw new ApiError(400, "wrong-cluster", `this node serves cluster ${clusterId}`);
  if (body.proposal.length > PROPOSAL_BYTES_MAX)
    throw new ApiError(413, "too-large", `a proposal may have ${PROPOSAL_BYTES_MAX} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body.proposal));
  } catch {
    throw new ApiError(400, "malformed-json", "the proposal is not UTF-8 JSON");
  }
  const schemas = [
    recordSchema,
    amendmentSchema,
    endorsementSchema,
    configChangeSchema,
    configApprovalSchema,
  ] as const;
  const parsed = schemas.map((schema) => schema.safeParse(json)).find((r) => r.success)?.data;
  if (!parsed)
    throw new ApiError(
      400,
      "schema-invalid",
      "the proposal is neither a record, an amendment, an endorsement, a config-change nor a config-approval",
    );
  const key = toHex(body.clientKey);
  const isConfig = "kind" in parsed && parsed.kind !== "endorsement";
  const authorised =
    config.proposers.some((p) => p.publicKey === key) ||
    (isConfig && config.members.some((m) => m.votePublicKey === key));
  if (!authorised)
    throw new ApiError(
      400,
      "unauthorised-proposer",
      isConfig
        ? "the client key is neither a proposer nor a member of the configuration in force"
        : "the client key is not a proposer of the configuration in force",
    );
  if (!verifyEd25519(body.clientKey, signedBytes("request", clusterId, request.body), request.signature))
    throw new ApiError(400, "invalid-signature", "the request signature does not verify");
  return { requestNumber: n, proposalId: parsed.id };
}

function submitError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (!(e instanceof SubmitError)) return new ApiError(500, "internal", (e as Error).message);
  switch (e.code) {
    case "rate-limited":
      return new ApiError(429, e.code, e.message, 1);
    case "overloaded":
    case "unreachable":
    case "no-quorum": // this node reaches too few members (start.ts)
    case "closed":
      return new ApiError(503, e.code, e.message, 1);
    case "timeout":
      return new ApiError(504, e.code, e.message);
    case "stale-request":
      return new ApiError(409, e.code, e.message);
    case "unauthorised-proposer":
    case "wrong-cluster":
    case "invalid-signature":
    case "malformed-request":
      return new ApiError(400, e.code, e.message);
    case "too-large":
      return new ApiError(413, e.code, e.message);
    default:
      return new ApiError(502, e.code, e.message);
  }
}
