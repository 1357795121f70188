// Integration (issue 19): the API's 502, 503 and 504 answers, each provoked for real on a four-node cluster
// (f = 1) and checked for its status and stable reason code:
// - 504 timeout: two members hang (SIGSTOP: their links stay open, so the node relays the request, and no
//   quorum commits it within the submit timeout);
// - 503 no-quorum: two members are gone (killed: the node's links to them close), so the node refuses
//   (after waiting up to 5 s, or the submit timeout, for links) instead of relaying what cannot commit;
// - 502 bad-receipt: the cluster answers, but the replies do not verify against the members this API
//   trusts (an API started with a genesis whose vote keys of two members are swapped: what a Byzantine
//   quorum's replies or a node given the wrong genesis look like from the API).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { keyFromPem, signProposal, toBase64 } from "@pbft/client";
import type { ClusterConfig } from "@pbft/ledger";
import { ulid } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi } from "../api/server.js";
import { API_FILES } from "../api/testnet-api.js";
import { ClusterClient } from "../client/submit.js";
import type { NodeConfigFile } from "../config.js";
import { generateProposerKey } from "../proposer-key.js";
import { httpsAgent, rawRequest } from "../testing/https-fetch.js";
import { LocalCluster } from "../testing/local-cluster.js";

const SUBMIT_TIMEOUT_MS = 3_000;

let c: LocalCluster;
let token: string;
let agent: ReturnType<typeof httpsAgent>;
const url = (id: number) =>
  JSON.parse(readFileSync(join(c.testnet.dir, API_FILES.urls), "utf8")).nodes[id] as string;

beforeAll(async () => {
  c = await LocalCluster.create({ tmpPrefix: "pbft-api-unavail-" });
  token = readFileSync(join(c.testnet.dir, API_FILES.token), "utf8").trim();
  // Node 0 gives up on a submission after 3 s (the 504 test waits that long, not the default 30 s).
  const file = join(c.home(0), "node.json");
  const cfg = JSON.parse(readFileSync(file, "utf8")) as NodeConfigFile;
  cfg.api!.limits = { ...cfg.api!.limits, submitTimeoutMs: SUBMIT_TIMEOUT_MS };
  writeFileSync(file, JSON.stringify(cfg));
  // A generous start timeout: this runs beside other suites on a loaded machine.
  await Promise.all(c.cluster.members.map((m) => c.start(m.id, 120_000)));
  agent = httpsAgent({ ca: readFileSync(join(c.testnet.dir, API_FILES.ca), "utf8") });
}, 300_000);

afterAll(async () => {
  agent?.destroy();
  for (const id of [2, 3]) {
    const pid = c?.pid(id);
    if (pid !== undefined) process.kill(pid, "SIGCONT"); // a stopped process cannot take SIGTERM
  }
  await c?.destroy();
});

/** A proposal signed by the testnet's proposer, as the API takes it. */
function signed(title: string): string {
  const key = keyFromPem(readFileSync(join(c.testnet.dir, "proposer.key"), "utf8"));
  const p = signProposal(c.cluster.clusterId, key, {
    id: ulid(),
    type: "observation",
    title,
    content: {},
    source: "api-unavailable.test",
  });
  return JSON.stringify({ body: toBase64(p.body), signature: toBase64(p.signature) });
}

async function submitTo(base: string, body: string, tls = true) {
  const init = {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body,
  };
  if (tls) {
    const r = await rawRequest(agent, `${base}/v1/proposals`, init);
    return {
      status: r.status,
      body: JSON.parse(r.body) as { code?: string },
      retryAfter: r.headers["retry-after"],
    };
  }
  const r = await fetch(`${base}/v1/proposals`, init);
  return {
    status: r.status,
    body: (await r.json()) as { code?: string },
    retryAfter: r.headers.get("retry-after"),
  };
}

describe("the API's 502, 503 and 504 answers, provoked on a real cluster", () => {
  it("first: a submission through node 0 is decided (200) with every member up", async () => {
    // The submit timeout is short (3 s): on a loaded machine a fresh cluster's first decision may take
    // longer, and the caller retries as it would after a 504.
    let r = await submitTo(url(0), signed("all up"));
    for (let i = 0; i < 10 && r.status === 504; i++) r = await submitTo(url(0), signed(`all up ${i}`));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }, 60_000);

  it("502 bad-receipt: the cluster's replies do not verify against the members the API trusts", async () => {
    const m = c.cluster.members;
    // Members 2 and 3 with each other's vote keys: their attestations and commits no longer verify, and
    // every commit certificate (3 of 4 members) holds at least one of them.
    const swapped: ClusterConfig = {
      ...c.cluster,
      members: m.map((x, i) =>
        i === 2
          ? { ...x, votePublicKey: m[3]!.votePublicKey }
          : i === 3
            ? { ...x, votePublicKey: m[2]!.votePublicKey }
            : x,
      ),
    };
    const relay = await ClusterClient.connect({
      cluster: swapped,
      key: generateProposerKey(),
      retransmitMs: 500,
    });
    const api = await startApi("127.0.0.1:0", {
      cluster: swapped,
      genesisHash: c.testnet.genesisHash,
      submit: (req, n, id, timeoutMs) => relay.submitSigned(req, n, id, timeoutMs),
      keys: [
        { name: "t", sha256: createHash("sha256").update(token).digest("hex"), rights: ["read", "submit"] },
      ],
      limits: { submitTimeoutMs: 30_000 },
    });
    try {
      await relay.ready(30_000, 4);
      const r = await submitTo(`http://127.0.0.1:${api.port}`, signed("unverifiable"), false);
      expect(r.status, JSON.stringify(r.body)).toBe(502);
      expect(r.body.code).toBe("bad-receipt");
    } finally {
      await api.close();
      await relay.close();
    }
  }, 90_000);

  it("504 timeout: two members hang, node 0 relays the request and no quorum commits it in time", async () => {
    for (const id of [2, 3]) process.kill(c.pid(id)!, "SIGSTOP");
    try {
      const r = await submitTo(url(0), signed("two members hang"));
      expect(r.status, JSON.stringify(r.body)).toBe(504);
      expect(r.body.code).toBe("timeout");
    } finally {
      for (const id of [2, 3]) process.kill(c.pid(id)!, "SIGCONT");
    }
  }, 60_000);

  it("503 no-quorum: two members are gone, node 0 refuses instead of relaying, with Retry-After", async () => {
    await c.kill(2);
    await c.kill(3);
    // The node's links to the killed members close; its status lists the members it reaches.
    await c.until(
      0,
      async () => (await c.status(0)).connectedPeers.length < 2,
      30_000,
      "links to 2 and 3 closed",
    );
    const r = await submitTo(url(0), signed("two members gone"));
    expect(r.status, JSON.stringify(r.body)).toBe(503);
    expect(r.body.code).toBe("no-quorum");
    expect(r.body).toMatchObject({ message: expect.stringMatching(/reaches [01] other member/) });
    expect(r.retryAfter).toBe("1");
  }, 60_000);
});
