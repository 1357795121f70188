import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { parseClusterConfig } from "./cluster-config.js";
import {
  type Decision,
  MemoryRulesState,
  PROPOSAL_BYTES_MAX,
  REASONS,
  type Reason,
  type RuleInput,
} from "./rules.js";

const ALICE = "a".repeat(64);
const MALLORY = "m".repeat(64);
const enc = new TextEncoder();
const genesis = parseClusterConfig({
  version: 1,
  clusterId: "c",
  f: 1,
  members: [0, 1, 2, 3].map((i) => ({
    id: i,
    name: `node${i}`,
    peerId: `peer${i}`,
    addresses: ["/ip4/127.0.0.1/tcp/1"],
    votePublicKey: String(i).repeat(64),
  })),
  proposers: [{ name: "alice", publicKey: ALICE }],
});

function harness() {
  const state = new MemoryRulesState(genesis);
  let n = 0;
  const submit = (proposal: unknown, over: Partial<RuleInput> = {}): Decision =>
    state.execute({
      clusterId: "c",
      requestClusterId: "c",
      clientKeyHex: ALICE,
      requestNumber: ++n,
      height: n,
      proposal:
        proposal instanceof Uint8Array
          ? proposal
          : enc.encode(typeof proposal === "string" ? proposal : JSON.stringify(proposal)),
      ...over,
    });
  return { state, submit };
}

const record = (over: Record<string, unknown> = {}) => ({
  id: ulid(),
  type: "decision",
  title: "Adopt the ledger",
  content: { text: "yes" },
  source: "board minutes",
  ...over,
});
const amendment = (amends: string, amendmentType: string, over: Record<string, unknown> = {}) => ({
  id: ulid(),
  amends,
  amendmentType,
  reason: "because",
  content: { text: "more" },
  ...over,
});
const reasonOf = (d: Decision): Reason | "accepted" => (d.accepted ? "accepted" : d.reason);

describe("constitutional-record rules", () => {
  it("accepts a record of every type and every amendment type on a record in force", () => {
    const { submit } = harness();
    for (const type of ["observation", "decision", "outcome", "constraint", "test"]) {
      const r = record({ type });
      const d = submit(r);
      expect(reasonOf(d)).toBe("accepted");
      expect(d.proposalId).toBe(r.id);
    }
    const target = record();
    submit(target);
    for (const t of ["clarification", "correction", "supersession", "withdrawal"])
      expect(reasonOf(submit(amendment(target.id, t)))).toBe("accepted");
  });

  it("gives every reason code where it applies", () => {
    const seen = new Set<Reason>();
    const { submit, state } = harness();
    const note = (d: Decision, want: Reason) => {
      expect(reasonOf(d)).toBe(want);
      seen.add(want);
    };
    const first = record();
    expect(reasonOf(submit(first))).toBe("accepted");
    note(
      state.execute({
        clusterId: "c",
        requestClusterId: "c",
        clientKeyHex: ALICE,
        requestNumber: 1,
        proposal: enc.encode("{}"),
        height: 1,
      }),
      "duplicate-request",
    );
    note(submit(record(), { requestClusterId: "other" }), "wrong-cluster");
    note(submit(record(), { clientKeyHex: MALLORY }), "unauthorised-proposer");
    note(submit(record({ content: { big: "x".repeat(PROPOSAL_BYTES_MAX) } })), "too-large");
    note(submit("{not json"), "malformed-json");
    note(submit(new Uint8Array([0x7b, 0xff, 0x7d])), "malformed-json"); // not UTF-8
    note(submit(record({ type: "rumour" })), "schema-invalid");
    note(submit(record({ id: "not-a-ulid" })), "schema-invalid");
    note(submit(record({ extra: 1 })), "schema-invalid");
    note(submit(record({ content: [] })), "schema-invalid");
    note(submit(record({ id: first.id })), "duplicate-id");
    note(submit(amendment(ulid(), "correction")), "unknown-record");
    const a = amendment(first.id, "clarification");
    submit(a);
    note(submit(amendment(a.id, "correction")), "not-a-record");
    submit(amendment(first.id, "withdrawal"));
    note(submit(amendment(first.id, "correction")), "record-withdrawn");
    // "malformed-request" is decided before the rules (undecodable body): covered in store.test.ts
    // the reconfiguration reasons: config-rules.test.ts
    const firstConfig = REASONS.indexOf("wrong-epoch");
    expect([...seen].sort()).toEqual(
      REASONS.slice(0, firstConfig)
        .filter((r) => r !== "malformed-request")
        .sort(),
    );
  });

  it("a rejected request still consumes its number (exactly once), a duplicate changes nothing", () => {
    const { state } = harness();
    const input = (n: number, p: unknown): RuleInput => ({
      clusterId: "c",
      requestClusterId: "c",
      clientKeyHex: ALICE,
      requestNumber: n,
      proposal: enc.encode(JSON.stringify(p)),
      height: 1,
    });
    expect(reasonOf(state.execute(input(5, { bad: true })))).toBe("schema-invalid");
    expect(reasonOf(state.execute(input(5, record())))).toBe("duplicate-request");
    expect(reasonOf(state.execute(input(4, record())))).toBe("duplicate-request");
    expect(state.lastRequestNumber(ALICE)).toBe(5);
    expect(reasonOf(state.execute(input(6, record())))).toBe("accepted");
  });

  it("is deterministic: the same requests against the same state give the same decisions", () => {
    const proposals = [record(), record({ type: "x" }), "{", record()];
    const run = () => {
      const s = new MemoryRulesState(genesis);
      return proposals.map((p, i) =>
        reasonOf(
          s.execute({
            clusterId: "c",
            requestClusterId: "c",
            clientKeyHex: ALICE,
            requestNumber: i + 1,
            height: 1,
            proposal: enc.encode(typeof p === "string" ? p : JSON.stringify(p)),
          }),
        ),
      );
    };
    expect(run()).toEqual(run());
    expect(run()).toEqual(["accepted", "schema-invalid", "malformed-json", "accepted"]);
  });
});
