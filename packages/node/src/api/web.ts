// The web page: static files read once at start into memory and served from a fixed table (no path from a
// request ever reaches the file system). The page is plain ES modules: packages/node/web, @pbft/client's
// build and the @noble libraries it imports, tied together by an import map: nothing to build for the
// user, nothing fetched from elsewhere.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";

export type WebAssets = ReadonlyMap<string, { readonly type: string; readonly body: Buffer }>;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

const PACKAGE_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** Every file under `dir` whose extension is served, at `prefix` + its relative path. */
function addDir(out: Map<string, { type: string; body: Buffer }>, dir: string, prefix: string): void {
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== "node_modules" && name !== "src") walk(p);
        continue;
      }
      const type = TYPES[extname(name)];
      if (!type || name.endsWith(".d.ts") || name === "package.json") continue;
      out.set(`${prefix}${relative(dir, p).split("\\").join("/")}`, { type, body: readFileSync(p) });
    }
  };
  walk(dir);
}

/** The package directory of a dependency (resolved from @pbft/node, as Node would). */
function packageDir(specifier: string): string {
  const require = createRequire(join(PACKAGE_ROOT, "package.json"));
  let dir = dirname(require.resolve(specifier));
  while (!statSafe(join(dir, "package.json"))) dir = dirname(dir);
  return dir;
}

function statSafe(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export function loadWebAssets(): WebAssets {
  const out = new Map<string, { type: string; body: Buffer }>();
  addDir(out, join(PACKAGE_ROOT, "web"), "/ui/");
  addDir(out, join(packageDir("@pbft/client"), "dist"), "/ui/vendor/pbft-client/");
  addDir(out, packageDir("@noble/curves/ed25519.js"), "/ui/vendor/noble-curves/");
  addDir(out, packageDir("@noble/hashes/sha2.js"), "/ui/vendor/noble-hashes/");
  return out;
}

/** The CSP allows scripts from this origin and the page's inline import map only (by its hash). */
function contentSecurityPolicy(assets: WebAssets): string {
  const html = assets.get("/ui/index.html")?.body.toString("utf8") ?? "";
  const map = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html)?.[1];
  const hash = map === undefined ? "" : ` 'sha256-${createHash("sha256").update(map).digest("base64")}'`;
  return `default-src 'self'; script-src 'self'${hash}; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`;
}

export function registerWeb(app: FastifyInstance, assets: WebAssets): void {
  const csp = contentSecurityPolicy(assets);
  const send = (path: string) => {
    const a = assets.get(path);
    if (!a) return undefined;
    return a;
  };
  app.get("/", { schema: { hide: true } }, async (_req, reply) => reply.redirect("/ui/", 302));
  app.get("/ui", { schema: { hide: true } }, async (_req, reply) => reply.redirect("/ui/", 302));
  app.get("/ui/*", { schema: { hide: true } }, async (req, reply) => {
    const path = req.url.split("?")[0]!;
    const a = send(path.endsWith("/") ? `${path}index.html` : path);
    if (!a) return reply.code(404).send({ code: "not-found", message: `no file ${path}` });
    return reply
      .type(a.type)
      .header("cache-control", "no-cache")
      .header("x-content-type-options", "nosniff")
      .header("content-security-policy", csp)
      .send(a.body);
  });
}
