// The node's web page: plain ES modules, no build step. Everything shown as verified is checked here, in
// the browser, with @pbft/client (@noble Ed25519 and SHA-256) against the genesis whose hash this page
// computes itself; the hash can be pinned (it should match `pbft genesis verify`), and a node serving
// another genesis, or records its signatures do not support, is flagged, never shown as verified. Entries
// of a later configuration epoch are checked against that epoch's members, reached from the genesis
// through the epoch proof (/v1/config/proof), which is verified here hop by hop too.
import { fromBase64, genesisHashOf, headerEpoch, verifyRecord, verifySignedHead } from "@pbft/client";

const main = document.getElementById("main");
const KEY_STORE = "pbft.apiKey";
const PIN_STORE = "pbft.genesisPin";

/** A DOM element; children are nodes or text (never parsed as HTML). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k === "class") el.className = v;
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function show(...nodes) {
  main.replaceChildren(...nodes);
}

async function api(path) {
  const headers = { accept: "application/json" };
  const key = sessionStorage.getItem(KEY_STORE);
  if (key) headers.authorization = `Bearer ${key}`;
  const res = await fetch(path, { headers });
  const body = await res.json().catch(() => ({ code: "malformed-response", message: res.statusText }));
  if (!res.ok) {
    const err = new Error(`${res.status} ${body.code}: ${body.message}`);
    err.status = res.status;
    throw err;
  }
  return body;
}

/** The genesis as this browser sees it: parsed keys, the hash computed here, and the pin. */
let genesis;
async function loadGenesis() {
  const g = await api("/v1/genesis");
  const hash = genesisHashOf(g.canonical);
  const params = new URLSearchParams(location.search);
  if (params.get("genesis")) localStorage.setItem(PIN_STORE, params.get("genesis").toLowerCase());
  const pinned = localStorage.getItem(PIN_STORE);
  genesis = {
    keys: JSON.parse(g.canonical),
    hash,
    // The node's claimed hash must be what its text hashes to, and the pin (when set) must agree.
    trusted: hash === g.hash && (!pinned || pinned === hash),
    pinned,
  };
  const el = document.getElementById("genesis");
  el.replaceChildren(
    "Genesis ",
    h("span", { class: "hash", id: "genesis-hash" }, hash),
    " ",
    genesis.pinned
      ? genesis.pinned === hash
        ? h("span", { class: "up" }, "(pinned)")
        : h("span", { class: "down", id: "pin-mismatch" }, `differs from the pinned ${genesis.pinned}`)
      : h("button", { id: "pin", type: "button" }, "Pin this genesis"),
  );
  document.getElementById("pin")?.addEventListener("click", () => {
    localStorage.setItem(PIN_STORE, hash);
    void loadGenesis();
  });
  document.getElementById("cluster").textContent = genesis.keys.clusterId;
}

/** The epoch proof as the node serves it (verified by each use), fetched again when it falls short. */
let epochProof;
async function proofReaching(epoch) {
  if (epoch === 0) return undefined;
  if (!epochProof || epochProof.hops.length < epoch) epochProof = await api("/v1/config/proof");
  return epochProof;
}

/** The highest configuration epoch among a record's steps (their entry headers say it). */
function epochOfSteps(r) {
  let epoch = 0;
  for (const p of r.proofs) {
    try {
      epoch = Math.max(epoch, headerEpoch(fromBase64(p.header)));
    } catch {
      // a step that does not decode fails its own check
    }
  }
  return epoch;
}

function badge(verified, text, problems = []) {
  return h(
    "div",
    { id: "badge", class: `badge ${verified ? "ok" : "bad"}`, "data-verified": String(verified) },
    verified ? `✓ Verified in this browser: ${text}` : `✗ Not verified: ${text}`,
    problems.length
      ? h(
          "ul",
          { class: "problems" },
          problems.map((p) => h("li", {}, p)),
        )
      : null,
  );
}

async function statusView() {
  const s = await api("/v1/status");
  show(
    h("h2", {}, "Status"),
    h(
      "p",
      {},
      `Node ${s.node.name} (${s.node.version}) · view ${s.view} · primary ${s.primary} · epoch ${s.epoch} · height `,
      h("span", { id: "height" }, s.height),
      ` · stable checkpoint ${s.stableCheckpoint}${s.viewChanging ? " · changing view" : ""}`,
    ),
    h(
      "table",
      { id: "members" },
      h(
        "tr",
        {},
        h("th", {}, "Member"),
        h("th", {}, "Vote key"),
        h("th", {}, "Health (seen from this node)"),
      ),
      s.members.map((m) =>
        h(
          "tr",
          {},
          h("td", {}, `${m.id} ${m.name}${m.id === s.primary ? " (primary)" : ""}`),
          h("td", { class: "hash" }, `${m.votePublicKey.slice(0, 16)}…`),
          h("td", { class: m.connected ? "up" : "down" }, m.connected ? "connected" : "unreachable"),
        ),
      ),
    ),
    h("h3", {}, "Latest signed head"),
    s.latestHead
      ? h(
          "div",
          {},
          h(
            "p",
            { class: "hash" },
            `height ${s.latestHead.height} · epoch ${s.latestHead.epoch} · entry ${s.latestHead.entryHash}`,
          ),
          await headVerdict(s.latestHead),
        )
      : h("p", { id: "no-head" }, "None served by this node yet."),
    h("p", {}, "Head entry hash: ", h("span", { class: "hash" }, s.headHash)),
  );
}

/** A head checked here: a quorum of its epoch's members (reached through the epoch proof) signed it. */
async function headVerdict(head) {
  try {
    if (!genesis.trusted) throw new Error("the genesis this node serves is not the pinned one");
    const v = verifySignedHead(head, genesis.keys, await proofReaching(head.epoch));
    return h(
      "p",
      { id: "head-verdict", class: "up", "data-verified": "true" },
      `✓ signed by members ${v.signedBy.join(", ")} of epoch ${head.epoch}, verified in this browser`,
    );
  } catch (e) {
    return h(
      "p",
      { id: "head-verdict", class: "down", "data-verified": "false" },
      `✗ not verified: ${e.message}`,
    );
  }
}

async function recordsView(params) {
  const q = params.get("q") ?? "";
  const cursor = params.get("cursor");
  const qs = new URLSearchParams({ limit: "25" });
  if (q) qs.set("q", q);
  if (cursor) qs.set("cursor", cursor);
  const page = await api(`/v1/records?${qs}`);
  const form = h(
    "form",
    { id: "search" },
    h("input", { id: "q", name: "q", value: q, placeholder: "search title, source or id" }),
    h("button", { type: "submit" }, "Search"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = `#/records?q=${encodeURIComponent(form.elements.q.value)}`;
  });
  const next = page.next ? new URLSearchParams({ q, cursor: page.next }) : null;
  show(
    h("h2", {}, "Records"),
    form,
    h("p", {}, `${page.total} matching, read at height ${page.readAtHeight}`),
    h(
      "table",
      // The query the rows answer, so a reader (or a test) can tell a fresh result from the previous one.
      { id: "records", "data-query": q },
      h("tr", {}, h("th", {}, "Title"), h("th", {}, "Type"), h("th", {}, "Status"), h("th", {}, "Height")),
      page.records.map((r) =>
        h(
          "tr",
          { class: r.status },
          h("td", {}, h("a", { href: `#/records/${r.id}`, class: "record-link" }, r.title)),
          h("td", {}, r.type),
          h("td", {}, r.status + (r.amendments ? ` (${r.amendments} amendments)` : "")),
          h("td", {}, h("a", { href: `#/entries/${r.height}` }, r.height)),
        ),
      ),
    ),
    next ? h("p", {}, h("a", { href: `#/records?${next}`, id: "next" }, "Next page")) : null,
  );
}

async function recordView(id) {
  const r = await api(`/v1/records/${encodeURIComponent(id)}`);
  // The verdict is computed before anything is shown, so nothing appears as verified while it is not.
  const epoch = epochOfSteps(r);
  let proof;
  let proofProblem;
  try {
    // Fresh for every record, even one of epoch 0 only: the boundaries are what shows an entry of an old
    // epoch past its end (old keys signing after a hand-over). Required only when a step is later.
    epochProof = await api("/v1/config/proof");
    proof = epochProof;
  } catch (e) {
    if (epoch > 0) proofProblem = `the epoch proof could not be read: ${e.message}`;
  }
  const v = proofProblem
    ? { verified: false, problems: [proofProblem], steps: [] }
    : verifyRecord(r, genesis.keys, proof);
  const epochs = [...new Set(v.steps.flatMap((s) => (s ? [s.epoch] : [])))].sort((a, b) => a - b);
  const verdict = !genesis.trusted
    ? badge(false, "the genesis this node serves is not the pinned one")
    : v.verified
      ? badge(
          true,
          `${r.trace.length} signed step(s), each committed by a quorum of the members of its epoch (${epochs.map((e) => `epoch ${e}`).join(", ")}) of genesis ${genesis.hash.slice(0, 12)}…${epoch > 0 ? `, reached through ${epoch} verified configuration change(s)` : ""}`,
        )
      : badge(false, "the node's answer does not match the signatures", v.problems);
  show(
    h(
      "article",
      { class: r.status },
      h("h2", { id: "title" }, r.title),
      verdict,
      h("p", {}, `${r.type} · ${r.source} · `, h("code", {}, r.id), ` · ${r.status}`),
      h("pre", { id: "content" }, JSON.stringify(r.content, null, 2)),
      h("h3", {}, "History"),
      h(
        "ol",
        { id: "trace" },
        r.trace.map((t) =>
          h(
            "li",
            {},
            `${t.kind === "original" ? "recorded" : t.kind}${t.reason ? ` (${t.reason})` : ""} at `,
            h("a", { href: `#/entries/${t.height}`, class: "trace-link" }, `height ${t.height}`),
            " · entry ",
            h("span", { class: "hash" }, `${t.entryHash.slice(0, 16)}…`),
          ),
        ),
      ),
      h("p", {}, `Read at height ${r.readAtHeight}.`),
    ),
  );
}

async function entryView(height) {
  const e = await api(`/v1/entries/${height}`);
  show(
    h("h2", {}, `Entry ${e.height}`),
    h("p", {}, "Entry hash ", h("span", { class: "hash", id: "entry-hash" }, e.entryHash)),
    h(
      "p",
      {},
      "Previous ",
      h("a", { href: `#/entries/${e.height - 1}` }, h("span", { class: "hash" }, e.prevHash)),
    ),
    h("p", {}, `Committed in view ${e.certificate.view} by members ${e.certificate.signers.join(", ")}`),
    h(
      "table",
      {},
      h("tr", {}, h("th", {}, "#"), h("th", {}, "Proposal"), h("th", {}, "Decision")),
      e.requests.map((r) =>
        h(
          "tr",
          {},
          h("td", {}, r.index),
          h(
            "td",
            {},
            r.proposal?.title
              ? h("a", { href: `#/records/${r.proposalId}` }, r.proposal.title)
              : r.proposalId,
          ),
          h("td", {}, r.accepted ? "accepted" : `rejected: ${r.reason}`),
        ),
      ),
    ),
  );
}

async function route() {
  const [path, query] = location.hash.replace(/^#/, "").split("?");
  const params = new URLSearchParams(query ?? "");
  const parts = (path || "/").split("/").filter(Boolean);
  try {
    if (!genesis) await loadGenesis();
    if (parts[0] === "records" && parts[1]) await recordView(decodeURIComponent(parts[1]));
    else if (parts[0] === "records") await recordsView(params);
    else if (parts[0] === "entries" && parts[1]) await entryView(Number(parts[1]));
    else await statusView();
  } catch (e) {
    show(
      h("p", { class: "error", id: "error" }, e.message),
      e.status === 401 || e.status === 403 ? h("p", {}, "Enter an API key with the read right above.") : null,
    );
  }
}

document.getElementById("key-form").addEventListener("submit", (e) => {
  e.preventDefault();
  sessionStorage.setItem(KEY_STORE, document.getElementById("api-key").value.trim());
  document.getElementById("api-key").value = "";
  void route();
});
window.addEventListener("hashchange", () => void route());
void route();
