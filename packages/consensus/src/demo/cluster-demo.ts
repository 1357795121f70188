// A simulated four-replica cluster running the real replica core in one process: three clients submit a
// stream of proposals, a backup crashes, later the primary crashes too and the others change view, and
// every decision is printed with the replicas that agree on it. What the real local cluster does over
// libp2p, SoftHSM and LevelDB, without any of them (fake signatures, in-memory ledgers).
//   node packages/consensus/dist/demo/cluster-demo.js [--proposals 30]
import { toHex } from "../hashing.js";
import { pbft } from "../messages.js";
import { Cluster, FakeClient } from "../testing/harness.js";

const i = process.argv.indexOf("--proposals");
const total = Math.max(1, Math.min(10_000, i >= 0 ? Number(process.argv[i + 1]) || 30 : 30));

const sim = new Cluster({ n: 4, clusterId: "demo" });
sim.start();
const clients = ["alice", "bob", "carol"].map((name) => new FakeClient(name, "demo"));
const dec = new TextDecoder();

function settle(): void {
  for (let round = 0; round < 50; round++) {
    const moved = sim.deliverAll();
    sim.fireAll("batch");
    if (moved === 0 && sim.deliverAll() === 0) return;
  }
}

function submit(k: number): void {
  const client = clients[k % clients.length]!;
  const proposal = JSON.stringify({ type: "decision", title: `Decision ${k + 1}`, content: { n: k + 1 } });
  sim.submit("all", client.request(proposal));
}

let submitted = 0;
/** Submits in small groups, so that the stream spreads over several batches. */
function submitUpTo(n: number): void {
  while (submitted < Math.min(n, total)) {
    for (let g = 0; g < 3 && submitted < Math.min(n, total); g++, submitted++) submit(submitted);
    settle();
  }
}

submitUpTo(Math.ceil(total / 3));
console.log(`replica 3 (a backup) crashes`);
sim.crash(3);
submitUpTo(Math.ceil((2 * total) / 3));
const primary = sim.node(0).replica.status().primary;
console.log(
  `replica ${primary} (the primary) crashes; replica 3 restarts from its persisted state and ledger`,
);
sim.crash(primary);
sim.restart(3);
submitUpTo(total);
console.log(`replica ${primary} restarts; request timers expire and the others change view`);
sim.restart(primary);
for (let round = 0; round < 20; round++) {
  sim.fireAll("request");
  sim.fireAll("view-change");
  sim.fireAll("state-transfer");
  settle();
}

sim.assertAgreement();
const longest = sim.nodes.reduce((a, b) => (b.ledger.length > a.ledger.length ? b : a));
for (const entry of longest.ledger) {
  const agree = sim.nodes.filter((n) =>
    n.ledger.some((e) => e.seq === entry.seq && toHex(e.entryHash) === toHex(entry.entryHash)),
  );
  const titles = entry.requests.map((r) => {
    const body = pbft.RequestBody.decode(r.body);
    return (JSON.parse(dec.decode(body.proposal)) as { title: string }).title;
  });
  console.log(
    `height ${String(entry.seq).padStart(3)}  view ${entry.view}  entry ${toHex(entry.entryHash).slice(0, 16)}  ` +
      `certificate ${entry.certificate.commits.length} commits  replicas ${agree.map((n) => n.id).join(",")}  ` +
      `${titles.length === 0 ? "(null batch)" : titles.join("; ")}`,
  );
}
const decided = longest.ledger.reduce((s, e) => s + e.requests.length, 0);
const views = sim.nodes.map((n) => n.replica.status().view);
console.log(
  `\n${decided}/${total} proposals decided at ${longest.ledger.length} heights; views now ${views.join(",")}; all replicas agree`,
);
if (decided !== total) process.exitCode = 1;
