// Browser tests: the node's web page in a headless Chromium (Debian's `chromium`, driven by
// playwright-core through its executable path; scripts/setup.sh installs it). The page loads, searches,
// opens a record whose history it verifies itself, and flags a response tampered on the way. Last, the
// cluster changes its configuration for real (config propose, three approvals through the members' HSMs):
// a record of epoch 1 is verified by the SDK and by the page from the genesis and the epoch proof, and a
// tampered proof is flagged.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { keyFromPem, PbftClient, type ProposerKey } from "@pbft/client";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_FILES } from "../api/testnet-api.js";
import { fetchVia, httpsAgent } from "../testing/https-fetch.js";
import { CLI_PATH, LocalCluster } from "../testing/local-cluster.js";
import { withoutSoftHsmConf } from "../testnet.js";

const run = promisify(execFile);

const CHROMIUM = process.env.PBFT_CHROMIUM ?? "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(
    `web.test.ts: SKIPPED: no Chromium at ${CHROMIUM} (install Debian's package: apt-get install -y chromium, or set PBFT_CHROMIUM)`,
  );

let c: LocalCluster;
let browser: Browser;
let base: string;
let token: string;
let recordId: string;
let agent: ReturnType<typeof httpsAgent>;
let client: PbftClient;
let key: ProposerKey;

describe.skipIf(!haveChromium)("the web page in headless Chromium", () => {
  beforeAll(async () => {
    c = await LocalCluster.create({ tmpPrefix: "pbft-web-" });
    // A generous start timeout: this test often runs beside others on a loaded machine.
    await Promise.all(c.cluster.members.map((m) => c.start(m.id, 120_000)));
    const dir = c.testnet.dir;
    base = (JSON.parse(readFileSync(join(dir, API_FILES.urls), "utf8")) as { nodes: string[] }).nodes[0]!;
    token = readFileSync(join(dir, API_FILES.token), "utf8").trim();
    agent = httpsAgent({ ca: readFileSync(join(dir, API_FILES.ca)) });
    client = new PbftClient({ url: base, apiKey: token, genesis: c.cluster, fetch: fetchVia(agent) });
    key = keyFromPem(readFileSync(join(dir, "proposer.key"), "utf8"));
    const r = await client.submit(
      { type: "decision", title: "Open the ledger to browsers", content: { v: 1 }, source: "web.test" },
      key,
    );
    recordId = r.proposalId;
    await client.submit(
      { amends: recordId, amendmentType: "correction", reason: "typo", content: { v: 2 } },
      key,
    );
    await client.submit({ type: "observation", title: "Unrelated", content: {}, source: "web.test" }, key);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    agent?.destroy();
    await c?.destroy(process.env.PBFT_KEEP === "1");
  });

  /** A page that trusts the testnet's certificate (TLS still on) and records every URL it requests. */
  async function open(): Promise<{ page: Page; urls: string[] }> {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const urls: string[] = [];
    page.on("request", (r) => urls.push(r.url()));
    return { page, urls };
  }

  async function withKey(page: Page): Promise<void> {
    await page.fill("#api-key", token);
    await page.click("#key-form button");
  }

  it("shows the status: members, their health, height; fetches nothing from elsewhere", async () => {
    const { page, urls } = await open();
    await page.goto(`${base}/ui/`);
    await page.waitForSelector("#members");
    expect(await page.locator("#members tr").count()).toBe(5); // a header and four members
    expect(Number(await page.textContent("#height"))).toBeGreaterThanOrEqual(3);
    expect(await page.textContent("#genesis-hash")).toBe(c.testnet.genesisHash);
    expect(await page.locator("#no-head").count()).toBe(1);
    // Pinning the genesis (the hash `pbft genesis verify` prints) is one click, remembered by the browser.
    await page.click("#pin");
    await page.waitForSelector("#genesis .up");
    expect(await page.textContent("#genesis")).toContain("(pinned)");
    for (const u of urls) expect(u.startsWith(base), u).toBe(true);
    await page.context().close();
  });

  it("asks for a key, searches, opens a record verified in the browser, follows a trace link", async () => {
    const { page } = await open();
    await page.goto(`${base}/ui/#/records`);
    await page.waitForSelector("#error");
    expect(await page.textContent("#error")).toContain("401");
    await withKey(page);
    await page.waitForSelector("#search");
    await page.fill("#q", "browsers");
    await page.click("#search button");
    // A selector, not a predicate evaluated in the page: the page's CSP forbids eval, and Chromium enforces it there.
    await page.waitForSelector('#records[data-query="browsers"]');
    expect(await page.locator("#records .record-link").count()).toBe(1);
    await page.click("#records .record-link");
    const badge = page.locator("#badge");
    await badge.waitFor();
    expect(await badge.getAttribute("data-verified")).toBe("true");
    expect(await page.textContent("#title")).toBe("Open the ledger to browsers");
    expect(JSON.parse((await page.textContent("#content")) ?? "")).toEqual({ v: 2 });
    expect(await page.locator("#trace li").count()).toBe(2);
    await page.click("#trace .trace-link >> nth=1");
    await page.waitForSelector("#entry-hash");
    expect(await page.textContent("#entry-hash")).toMatch(/^[0-9a-f]{64}$/);
    await page.context().close();
  });

  it("flags a record response tampered on the way instead of showing it as verified", async () => {
    const { page } = await open();
    await page.route(`**/v1/records/${recordId}`, async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { title: string; content: Record<string, unknown> };
      await route.fulfill({ response: res, json: { ...body, content: { v: 99 } } });
    });
    await page.goto(`${base}/ui/`);
    await withKey(page);
    await page.goto(`${base}/ui/#/records/${recordId}`);
    const badge = page.locator("#badge");
    await badge.waitFor();
    expect(await badge.getAttribute("data-verified")).toBe("false");
    expect(await page.textContent("#badge")).toContain("content shown differs");
    await page.context().close();
  });

  it("flags a node whose genesis is not the pinned one", async () => {
    const { page } = await open();
    await page.goto(`${base}/ui/?genesis=${"ab".repeat(32)}`);
    await withKey(page);
    await page.goto(`${base}/ui/?genesis=${"ab".repeat(32)}#/records/${recordId}`);
    await page.locator("#badge").waitFor();
    expect(await page.locator("#badge").getAttribute("data-verified")).toBe("false");
    expect(await page.locator("#pin-mismatch").count()).toBe(1);
    await page.context().close();
  });

  describe("after a real reconfiguration (epoch 1)", () => {
    let epoch1Record: string;

    /** The CLI an operator runs, as JSON; approvals near a boundary may need a second run (see reconfig.test). */
    async function pbft(...args: string[]): Promise<Record<string, unknown>> {
      const env = withoutSoftHsmConf();
      delete env.PBFT_HSM_PIN;
      const r = await run(process.execPath, [CLI_PATH, ...args, "--json"], { env, timeout: 120_000 }).catch(
        (e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? "{}", stderr: e.stderr }),
      );
      return JSON.parse(r.stdout || "{}") as Record<string, unknown>;
    }

    beforeAll(async () => {
      const net = ["--testnet", c.testnet.dir, "--node", c.httpAddress(0)];
      // Epoch 1 checkpoints every 4 entries, so a head of epoch 1 forms soon after the switch.
      const proposed = await pbft(
        "config",
        "propose",
        ...net,
        "--set",
        "checkpointInterval=4",
        "--set",
        "logWindow=16",
        "--reason",
        "web.test",
      );
      expect(proposed).toMatchObject({ decision: "accepted", epoch: 0 });
      for (const m of [0, 1, 2])
        for (let attempt = 1; ; attempt++) {
          const r = await pbft("config", "approve", ...net, "--home", c.home(m), proposed.id as string);
          if (r.decision === "accepted" || r.reason === "already-approved") break;
          if (attempt > 1 && r.reason === "change-not-pending") break;
          if (attempt >= 3) throw new Error(`approval by node${m}: ${JSON.stringify(r)}`);
        }
      for (const m of [0, 1, 2, 3])
        await c.until(m, async () => (await c.status(m)).epoch === 1, 120_000, `node${m} in epoch 1`);
      const r = await client.submit(
        { type: "decision", title: "Decided after the hand-over", content: { v: 1 }, source: "web.test" },
        key,
      );
      expect(r.decision.epoch).toBe(1);
      epoch1Record = r.proposalId;
      await client.submit(
        { amends: epoch1Record, amendmentType: "clarification", reason: "more", content: { w: 2 } },
        key,
      );
      // Entries past the next multiple of 4 until a head of epoch 1 is signed (each answer a checked head).
      const headEpoch = () =>
        client.verifiedHead().then(
          (h) => h.head.epoch,
          () => -1,
        ); // -1: none yet
      for (let i = 0; i < 40 && (await headEpoch()) < 1; i++)
        await client.submit(
          { type: "observation", title: `after ${i}`, content: {}, source: "web.test" },
          key,
        );
    }, 300_000);

    it("the API serves the epoch proof and an epoch-1 record the SDK verifies from the genesis", async () => {
      const proof = await client.epochProof();
      expect(proof.hops).toHaveLength(1);
      const r = await client.record(epoch1Record);
      expect(r.verification.problems).toEqual([]);
      expect(r.verification.steps.map((s) => s?.epoch)).toEqual([1, 1]);
      // The same record checked against the genesis alone names what is missing.
      const { verifyRecord } = await import("@pbft/client");
      expect(verifyRecord(r, c.cluster).problems.join()).toMatch(/epoch proof reaching epoch 1/);
      const head = await client.verifiedHead();
      expect(head.head.epoch).toBe(1);
      expect(head.signedBy.length).toBeGreaterThanOrEqual(3);
    });

    it("shows an epoch-1 record as verified in the browser, and the latest head", async () => {
      const { page, urls } = await open();
      await page.goto(`${base}/ui/`);
      await page.waitForSelector("#head-verdict");
      expect(await page.locator("#head-verdict").getAttribute("data-verified")).toBe("true");
      expect(await page.textContent("#head-verdict")).toContain("of epoch 1");
      await withKey(page);
      await page.goto(`${base}/ui/#/records/${epoch1Record}`);
      const badge = page.locator("#badge");
      await badge.waitFor();
      expect(await badge.textContent()).toContain("epoch 1");
      expect(await badge.getAttribute("data-verified")).toBe("true");
      expect(urls.some((u) => u.endsWith("/v1/config/proof"))).toBe(true);
      await page.context().close();
    });

    it("flags a tampered epoch proof (a forged next configuration) instead of showing the record verified", async () => {
      const { page } = await open();
      await page.route("**/v1/config/proof", async (route) => {
        const res = await route.fetch();
        const body = (await res.json()) as { hops: { config: { members: { votePublicKey: string }[] } }[] };
        body.hops[0]!.config.members[0]!.votePublicKey = "ab".repeat(32);
        await route.fulfill({ response: res, json: body });
      });
      await page.goto(`${base}/ui/`);
      await withKey(page);
      await page.goto(`${base}/ui/#/records/${epoch1Record}`);
      const badge = page.locator("#badge");
      await badge.waitFor();
      expect(await badge.getAttribute("data-verified")).toBe("false");
      expect(await badge.textContent()).toContain(
        "hop 0: the configuration is not the one the boundary header names",
      );
      await page.context().close();
    });
  });
});
