// Browser tests: the node's web page in a headless Chromium (Debian's `chromium`, driven by
// playwright-core through its executable path; scripts/setup.sh installs it). The page loads, searches,
// opens a record whose history it verifies itself, and flags a response tampered on the way.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { keyFromPem, PbftClient } from "@pbft/client";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_FILES } from "../api/testnet-api.js";
import { fetchVia, httpsAgent } from "../testing/https-fetch.js";
import { LocalCluster } from "../testing/local-cluster.js";

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

describe.skipIf(!haveChromium)("the web page in headless Chromium", () => {
  beforeAll(async () => {
    c = await LocalCluster.create({ tmpPrefix: "pbft-web-" });
    await c.startAll();
    const dir = c.testnet.dir;
    base = (JSON.parse(readFileSync(join(dir, API_FILES.urls), "utf8")) as { nodes: string[] }).nodes[0]!;
    token = readFileSync(join(dir, API_FILES.token), "utf8").trim();
    agent = httpsAgent({ ca: readFileSync(join(dir, API_FILES.ca)) });
    const client = new PbftClient({ url: base, apiKey: token, genesis: c.cluster, fetch: fetchVia(agent) });
    const key = keyFromPem(readFileSync(join(dir, "proposer.key"), "utf8"));
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
    await c?.destroy();
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
});
