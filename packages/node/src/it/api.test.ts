// Integration: the HTTPS API of a real local cluster (testnet certificates and keys, four node processes):
// every status code the API promises, the SDK's verified submit and record reads, mutual TLS, a slow
// half-sent request, and 10,000 malformed requests that leave the node serving.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "node:tls";
import { keyFromPem, PbftClient, signProposal, toBase64, verifyRecord } from "@pbft/client";
import { verifyInclusionProof, verifySignedHead } from "@pbft/ledger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_FILES } from "../api/testnet-api.js";
import type { NodeConfigFile } from "../config.js";
import { fetchVia, httpsAgent, rawRequest } from "../testing/https-fetch.js";
import { LocalCluster } from "../testing/local-cluster.js";

let c: LocalCluster;
let ca: string;
let token: string;
let readToken: string;
const url = (id: number) =>
  JSON.parse(readFileSync(join(c.testnet.dir, API_FILES.urls), "utf8")).nodes[id] as string;
let agent: ReturnType<typeof httpsAgent>;

beforeAll(async () => {
  // A checkpoint (and so a signed head) every 4 entries, so the heads routes have something to serve.
  c = await LocalCluster.create({
    tmpPrefix: "pbft-api-",
    parameters: { checkpointInterval: 4, logWindow: 16 },
  });
  const dir = c.testnet.dir;
  ca = readFileSync(join(dir, API_FILES.ca), "utf8");
  token = readFileSync(join(dir, API_FILES.token), "utf8").trim();
  readToken = readFileSync(join(dir, API_FILES.readToken), "utf8").trim();
  // Node 0 gets generous limits (the malformed flood must reach the parsers, not the rate limiter) and a
  // short request timeout (the half-sent request).
  const file = join(c.home(0), "node.json");
  const cfg = JSON.parse(readFileSync(file, "utf8")) as NodeConfigFile;
  cfg.api!.limits = {
    ...cfg.api!.limits,
    requestsPerSecondPerCaller: 100_000,
    requestsPerSecondPerAddress: 100_000,
    burst: 100_000,
    requestTimeoutMs: 2_000,
  };
  writeFileSync(file, JSON.stringify(cfg));
  // Node 1: a small per-caller limit, so the 429 test does not depend on how fast this machine is today.
  const file1 = join(c.home(1), "node.json");
  const cfg1 = JSON.parse(readFileSync(file1, "utf8")) as NodeConfigFile;
  cfg1.api!.limits = { ...cfg1.api!.limits, requestsPerSecondPerCaller: 5, burst: 10 };
  writeFileSync(file1, JSON.stringify(cfg1));
  // A generous start timeout: this test often runs beside others on a loaded machine.
  await Promise.all(c.cluster.members.map((m) => c.start(m.id, 120_000)));
  agent = httpsAgent({ ca });
}, 180_000);

afterAll(async () => {
  agent?.destroy();
  await c?.destroy();
});

const auth = (t: string) => ({ authorization: `Bearer ${t}` });
const sdk = (id = 0, key = token) =>
  new PbftClient({ url: url(id), apiKey: key, genesis: c.cluster, fetch: fetchVia(agent) });
const proposerKey = () => keyFromPem(readFileSync(join(c.testnet.dir, "proposer.key"), "utf8"));

describe("the /v1 API over TLS", () => {
  it("serves status and the genesis publicly, and the OpenAPI document", async () => {
    const s = await sdk(0, "").status();
    expect(s.clusterId).toBe(c.cluster.clusterId);
    expect(s.members).toHaveLength(4);
    const g = await sdk(0, "").genesis(c.testnet.genesisHash);
    expect(g.matches).toBe(true);
    const doc = await rawRequest(agent, `${url(0)}/v1/openapi.json`);
    expect(doc.status).toBe(200);
    expect(JSON.parse(doc.body).openapi).toBe("3.1.0");
  });

  it("submits through the SDK; the receipt verifies against the genesis; records show amendments", async () => {
    const client = sdk(0);
    const key = proposerKey();
    const r = await client.submit(
      { type: "decision", title: "Adopt the API", content: { text: "over TLS" }, source: "api.test" },
      key,
    );
    expect(r.decision.accepted).toBe(true);
    expect(r.decision.committedBy.length).toBeGreaterThanOrEqual(3);
    expect(r.decision.attestedBy.length).toBeGreaterThanOrEqual(2);
    const a = await client.submit(
      {
        amends: r.proposalId,
        amendmentType: "clarification",
        reason: "more detail",
        content: { scope: "all members" },
      },
      key,
    );
    expect(a.decision.accepted).toBe(true);
    const rec = await client.record(r.proposalId);
    expect(rec.trace.map((t) => t.kind)).toEqual(["original", "clarification"]);
    expect(rec.content).toEqual({ text: "over TLS", scope: "all members" });
    expect(rec.verification).toMatchObject({ verified: true, problems: [] });
    // What a lying node would serve is caught by the same check.
    expect(verifyRecord({ ...rec, title: "Adopt nothing" }, c.cluster).verified).toBe(false);
    const list = await client.records({ q: "adopt the api" });
    expect(list.records.map((x) => x.id)).toContain(r.proposalId);
    const entry = await client.entry(r.decision.height);
    expect(entry.entryHash).toBe(r.decision.entryHash);
    const page = await client.entries(1, 1);
    expect(page.entries).toHaveLength(1);
    // A rejected proposal is a decision too (200, accepted: false, the ledger's reason).
    const dup = await client.submit(
      { amends: "01ARZ3NDEKTSV4RRFFQ69G5FAV", amendmentType: "correction", reason: "x", content: {} },
      key,
    );
    expect(dup.decision).toMatchObject({ accepted: false, reason: "unknown-record" });
  });

  it("answers 401, 403, 404, 400, 409, 413 and 415 with stable codes", async () => {
    const u = url(0);
    const status = async (path: string, init: Parameters<typeof rawRequest>[2] = {}) => {
      const r = await rawRequest(agent, `${u}${path}`, init);
      return [r.status, JSON.parse(r.body).code];
    };
    expect(await status("/v1/records")).toEqual([401, "unauthorised"]);
    expect(await status("/v1/records", { headers: auth("x".repeat(40)) })).toEqual([401, "unauthorised"]);
    const post = (body: string, t = token, type = "application/json") =>
      status("/v1/proposals", { method: "POST", headers: { ...auth(t), "content-type": type }, body });
    expect(await post("{}", readToken)).toEqual([403, "forbidden"]);
    expect(await status("/v1/records/01ARZ3NDEKTSV4RRFFQ69G5FAV", { headers: auth(token) })).toEqual([
      404,
      "unknown-record",
    ]);
    expect(await status("/v1/entries/999999", { headers: auth(token) })).toEqual([404, "not-found"]);
    expect(await status("/v1/entries/abc", { headers: auth(token) })).toEqual([400, "schema-invalid"]);
    expect(await status("/v1/nothing")).toEqual([404, "not-found"]);
    expect(await post("{not json")).toEqual([400, "malformed-json"]);
    expect(await post('{"body":"AAAA"}')).toEqual([400, "schema-invalid"]);
    expect(await post("x", token, "text/plain")).toEqual([415, "unsupported-media-type"]);
    expect(
      await post(JSON.stringify({ body: "A".repeat(300_000), signature: `${"A".repeat(86)}==` })),
    ).toEqual([413, "too-large"]);
    // A proposal the ledger's schema refuses: 400 with the ledger's own reason code, before consensus.
    const bad = signProposal(c.cluster.clusterId, proposerKey(), {
      id: "01ARZ3NDEKTSV4RRFFQ69G5FAV",
      type: "decision",
      title: "",
      content: {},
      source: "x",
    } as never);
    expect(
      await post(JSON.stringify({ body: toBase64(bad.body), signature: toBase64(bad.signature) })),
    ).toEqual([400, "schema-invalid"]);
    const good = signProposal(c.cluster.clusterId, proposerKey(), {
      id: "01ARZ3NDEKTSV4RRFFQ69G5FAW",
      type: "decision",
      title: "t",
      content: {},
      source: "x",
    });
    const forged = { body: toBase64(good.body), signature: toBase64(new Uint8Array(64)) };
    expect(await post(JSON.stringify(forged))).toEqual([400, "invalid-signature"]);
    // The same proposal twice at once: one is decided, the other refused while the first is in flight.
    const twice = signProposal(c.cluster.clusterId, proposerKey(), {
      id: "01ARZ3NDEKTSV4RRFFQ69G5FAX",
      type: "decision",
      title: "twice",
      content: {},
      source: "x",
    });
    const body = JSON.stringify({ body: toBase64(twice.body), signature: toBase64(twice.signature) });
    const both = await Promise.all([post(body), post(body)]);
    expect(both.map(([s]) => s).sort()).toEqual([200, 409]);
    expect(both.find(([s]) => s === 409)![1]).toBe("duplicate-id");
  });

  it("serves signed heads and inclusion proofs in the ledger's formats, verified with the genesis alone", async () => {
    const client = sdk(1);
    const key = proposerKey();
    for (let i = 0; i < 5; i++)
      await client.submit({ type: "observation", title: `head ${i}`, content: {}, source: "api.test" }, key);
    const genesis = c.cluster;
    const get = async (path: string) => {
      const r = await rawRequest(agent, `${url(1)}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: r.status, body: JSON.parse(r.body) as unknown };
    };
    // A head forms at the next stable checkpoint: poll for it (each answer is a complete, checked document).
    let latest = await get("/v1/heads/latest");
    for (let i = 0; i < 100 && latest.status === 404; i++) {
      await client.submit({ type: "observation", title: `more ${i}`, content: {}, source: "api.test" }, key);
      latest = await get("/v1/heads/latest");
    }
    expect(latest.status).toBe(200);
    const head = verifySignedHead(latest.body, genesis);
    expect(head.height).toBeGreaterThanOrEqual(4);
    // The SDK checks the same head with @noble; the epoch proof (public, as the genesis) has no hop yet.
    expect((await client.verifiedHead()).signedBy.length).toBeGreaterThanOrEqual(3);
    const epochProof = await rawRequest(agent, `${url(1)}/v1/config/proof`, {});
    expect([epochProof.status, JSON.parse(epochProof.body)]).toEqual([
      200,
      { format: "pbft-epoch-proof/1", clusterId: genesis.clusterId, hops: [] },
    ]);
    expect((await rawRequest(agent, `${url(1)}/v1/config/proof?to=x`, {})).status).toBe(400);
    const proof = await get("/v1/entries/1/proof");
    expect(proof.status).toBe(200);
    const checked = verifyInclusionProof(proof.body, genesis);
    expect(checked.height).toBe(1);
    // A path with one hash changed no longer proves the entry.
    const bad = structuredClone(proof.body) as { path: string[] };
    bad.path[0] = bad.path[0]!.replace(/^./, (ch) => (ch === "0" ? "1" : "0"));
    expect(() => verifyInclusionProof(bad, genesis)).toThrow();
    expect((await get(`/v1/entries/${head.height + 1000}/proof`)).status).toBe(404);
  }, 180_000);

  it("authenticates a client certificate of the testnet CA instead of a key", async () => {
    const dir = c.testnet.dir;
    const mtls = httpsAgent({
      ca,
      cert: readFileSync(join(dir, API_FILES.clientCert)),
      key: readFileSync(join(dir, API_FILES.clientKey)),
    });
    try {
      const r = await rawRequest(mtls, `${url(0)}/v1/records`);
      expect(r.status).toBe(200);
    } finally {
      mtls.destroy();
    }
  });

  it("rate-limits per caller with 429 and Retry-After (node 1: 5/s, a burst of 10)", async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        rawRequest(agent, `${url(1)}/v1/entries?limit=1`, { headers: auth(readToken) }),
      ),
    );
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0]!.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(limited[0]!.body).code).toBe("rate-limited");
    // Another caller is not limited by this one's bucket.
    const other = await rawRequest(agent, `${url(1)}/v1/entries?limit=1`, { headers: auth(token) });
    expect(other.status).toBe(200);
  });

  it("closes a half-sent request after the request timeout and keeps serving meanwhile", async () => {
    const u = new URL(url(0));
    const socket = connect({ host: u.hostname, port: Number(u.port), ca, servername: "localhost" });
    await new Promise<void>((r) => socket.once("secureConnect", () => r()));
    const closed = new Promise<string>((resolve) => {
      let got = "";
      socket.on("data", (d: Buffer) => {
        got += d.toString();
      });
      socket.once("close", () => resolve(got));
    });
    socket.write(`POST /v1/proposals HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n`);
    socket.write('Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"body":');
    const during = await rawRequest(agent, `${url(0)}/v1/status`);
    expect(during.status).toBe(200);
    const answer = await closed;
    // Node answers 408 to a request that timed out, or just closes: either way the slot is freed.
    expect(answer === "" || answer.startsWith("HTTP/1.1 408")).toBe(true);
  });

  it("survives 10,000 malformed requests, answering each with a 4xx", async () => {
    const u = url(0);
    const junk = (i: number): Parameters<typeof rawRequest>[2] & { path: string } => {
      const bytes = Buffer.from(Array.from({ length: (i * 7919) % 300 }, (_, j) => (i * 31 + j * 17) % 256));
      switch (i % 6) {
        case 0:
          return {
            path: "/v1/proposals",
            method: "POST",
            headers: { ...auth(token), "content-type": "application/json" },
            body: bytes,
          };
        case 1:
          return {
            path: "/v1/proposals",
            method: "POST",
            headers: { ...auth(token), "content-type": "application/json" },
            body: JSON.stringify({
              body: bytes.toString("base64") || "AAAA",
              signature: `${"B".repeat(86)}==`,
            }),
          };
        case 2:
          return { path: `/v1/entries/${bytes.toString("hex").slice(0, 30) || "0"}`, headers: auth(token) };
        case 3:
          return { path: `/v1/records?limit=${i}&cursor=-${i}&type=x`, headers: auth(token) };
        case 4:
          return {
            path: "/v1/proposals",
            method: "POST",
            headers: { ...auth(token), "content-type": "application/json" },
            body: JSON.stringify([i, { a: "b".repeat(i % 100) }]),
          };
        default:
          return {
            path: `/v1/records/${"Z".repeat(i % 40)}`,
            headers: { authorization: `Bearer ${bytes.toString("base64url").slice(0, 10)}` },
          };
      }
    };
    const counts = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < 10_000) {
        const { path, ...init } = junk(next++);
        const r = await rawRequest(agent, `${u}${path}`, init);
        counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(10_000);
    for (const status of counts.keys()) expect(status >= 400 && status < 500, `status ${status}`).toBe(true);
    expect(await c.healthz(0)).toBe(true);
    expect((await rawRequest(agent, `${u}/v1/status`)).status).toBe(200);
  }, 180_000);
});
