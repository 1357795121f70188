// State transfer under a signed head (issue 20): a reply whose batches' headers chain by hashes up to a
// head that 2f+1 members of its epoch signed is checked by hashes, not by each batch's signatures; a
// Byzantine server must still not get one altered byte accepted, nor a head without a quorum of its epoch.
import { describe, expect, it, vi } from "vitest";
import { merkleRoot } from "./merkle.js";
import { pbft } from "./messages.js";
import { Replica, type ReplicaOptions } from "./replica.js";
import { requestHash } from "./signing.js";
import { SkipsHeaderChain } from "./testing/broken-replicas.js";
import { Cluster, FakeClient, signAs } from "./testing/harness.js";
import { timedDigest } from "./time.js";
import type { Verifier } from "./types.js";

/** Trusts the certificates a verified head covers (as an earlier draft did): the header checks stand alone. */
class VouchesCertificates extends Replica {
  protected override headVouched(_verifier: Verifier): Verifier {
    return { verifyReplica: () => true, verifyClient: () => true };
  }
}

const CID = "test-cluster";
const K = 4;
const PARAMS = { batchDelayMs: 0, batchSizeMax: 1, checkpointInterval: K, logWindow: 2 * K };
const BATCHES = 2 * K;

/** Member 3 missed BATCHES one-request batches; the reply member 0 serves for them, edited by `edit`. */
function setup(
  edit: (reply: pbft.StateReply) => void = () => undefined,
  make?: (o: ReplicaOptions) => Replica,
): {
  c: Cluster;
  reply: pbft.StateReply;
} {
  const c = new Cluster({ params: PARAMS, ...(make ? { make } : {}) });
  c.start();
  const client = new FakeClient("a", CID);
  c.drop = (from, to) => from === 3 || to === 3;
  c.stateServer = () => null;
  for (let i = 0; i < BATCHES; i++) {
    c.submit(0, client.request());
    c.deliverAll();
  }
  c.drop = () => false;
  const reply = c.serveFromLedger(0, { fromSeq: 1, toSeq: BATCHES });
  expect(reply.batches).toHaveLength(BATCHES);
  expect(reply.headProof.length).toBeGreaterThanOrEqual(3);
  edit(reply);
  return { c, reply };
}

/** Steps member 3 with the reply; returns the client and replica signature checks it made. */
function deliver(c: Cluster, reply: pbft.StateReply): { client: number; replica: number } {
  const client = vi.spyOn(c.verifier, "verifyClient");
  const replica = vi.spyOn(c.verifier, "verifyReplica");
  c.step(3, { kind: "state-reply", from: 0, reply });
  const counts = { client: client.mock.calls.length, replica: replica.mock.calls.length };
  client.mockRestore();
  replica.mockRestore();
  return counts;
}

/** Member 3's ledger is a prefix of member 0's, entry hash by entry hash. */
function prefixOfServer(c: Cluster): void {
  const mine = c.node(3).ledger;
  const theirs = c.node(0).ledger;
  for (const e of mine) expect(e.entryHash).toEqual(theirs[e.seq - 1]!.entryHash);
}

/** A header's bytes re-encoded with `change` applied. */
function editHeader(bytes: Uint8Array, change: (h: pbft.EntryHeader) => void): Uint8Array {
  const h = pbft.EntryHeader.decode(bytes);
  change(h);
  return pbft.EntryHeader.encode(h).finish();
}

describe("state transfer under a signed head", () => {
  it("takes the batches a verified head covers without checking their requests' signatures", () => {
    const { c, reply } = setup();
    const checks = deliver(c, reply);
    expect(c.rejectedReasons(3)).toEqual([]);
    expect(c.node(3).ledger).toHaveLength(BATCHES);
    prefixOfServer(c);
    // The requests are in the headers' Merkle roots: no client signature checked. The certificates are
    // stored beside the entries, outside the hashes the head covers: their signatures still are.
    expect(checks.client).toBe(0);
    expect(checks.replica).toBeGreaterThanOrEqual(3 * BATCHES);
  });

  it("refuses a covered batch whose certificate carries a forged commit signature (a head cannot vouch for it)", () => {
    const { c, reply } = setup((r) => {
      const b = r.batches[ALTERED - 1] as pbft.CommittedBatch;
      const cert = b.certificate as pbft.CommitCertificate;
      const commits = [...cert.commits];
      const forged = pbft.ReplicaMessage.decode(commits[0]!.payload!);
      commits[0] = signAs(Number(commits[0]!.signer ?? 0), CID, forged, "mallory");
      b.certificate = pbft.CommitCertificate.create({ ...cert, commits });
    });
    deliver(c, reply);
    expect(c.rejectedReasons(3)).toContain("invalid-certificate");
    expect(c.node(3).ledger.length).toBeLessThan(ALTERED);
    prefixOfServer(c);
  });

  it("checks every batch's signatures when the reply carries no head (a tail, or an older server)", () => {
    const { c, reply } = setup((r) => {
      r.headProof = [];
      r.headHeaders = [];
    });
    const checks = deliver(c, reply);
    expect(c.node(3).ledger).toHaveLength(BATCHES);
    expect(checks.client).toBe(BATCHES);
    expect(checks.replica).toBeGreaterThanOrEqual(3 * BATCHES);
  });

  it("falls back to per-batch checks for a head of an epoch it does not know", () => {
    const { c, reply } = setup((r) => {
      const m = pbft.ReplicaMessage.decode(r.headProof[0]!.payload!);
      m.checkpoint!.epoch = 1;
      r.headProof = [0, 1, 2].map((id) => signAs(id, CID, m));
    });
    const checks = deliver(c, reply);
    expect(c.node(3).ledger).toHaveLength(BATCHES);
    expect(checks.client).toBe(BATCHES);
  });

  for (const [name, edit] of [
    ["fewer than 2f+1 signatures", (r: pbft.StateReply) => r.headProof.splice(2)],
    [
      "signatures by other keys (another epoch's members)",
      (r: pbft.StateReply) => {
        const m = pbft.ReplicaMessage.decode(r.headProof[0]!.payload!);
        r.headProof = [0, 1, 2].map((id) => signAs(id, CID, m, `epoch-1-key-${id}`));
      },
    ],
    [
      "a signer counted twice",
      (r: pbft.StateReply) => {
        r.headProof = [r.headProof[0]!, r.headProof[0]!, r.headProof[1]!];
      },
    ],
  ] as const)
    it(`refuses a head with ${name}, the batches included`, () => {
      const { c, reply } = setup(edit);
      deliver(c, reply);
      expect(c.rejectedReasons(3)).toContain("invalid-checkpoint");
      expect(c.node(3).ledger).toHaveLength(0);
    });

  const ALTERED = 5; // the seq of the altered batch
  for (const [name, edit] of [
    [
      "a byte of a request",
      (b: pbft.CommittedBatch) => {
        b.requests[0]!.body = Uint8Array.from(b.requests[0]!.body!);
        b.requests[0]!.body[b.requests[0]!.body.length - 1]! ^= 1;
      },
    ],
    [
      "a request's signature",
      (b: pbft.CommittedBatch) => {
        b.requests[0]!.signature = Uint8Array.from(b.requests[0]!.signature!);
        b.requests[0]!.signature[0]! ^= 1;
      },
    ],
    [
      "a decision (the header's results digest)",
      (b: pbft.CommittedBatch) => {
        b.header = editHeader(b.header!, (h) => {
          h.resultsDigest = new Uint8Array(32).fill(7);
        });
      },
    ],
    [
      "the header's batch digest, with the certificate's to match",
      (b: pbft.CommittedBatch) => {
        const digest = new Uint8Array(32).fill(9);
        b.header = editHeader(b.header!, (h) => {
          h.batchDigest = digest;
        });
        b.certificate = pbft.CommitCertificate.create({ ...b.certificate, batchDigest: digest });
      },
    ],
    [
      "the certificate's batch digest",
      (b: pbft.CommittedBatch) => {
        b.certificate = pbft.CommitCertificate.create({ ...b.certificate, batchDigest: new Uint8Array(32) });
      },
    ],
    [
      "the certificate's time",
      (b: pbft.CommittedBatch) => {
        b.certificate = pbft.CommitCertificate.create({ ...b.certificate, timeMs: 1 });
      },
    ],
    [
      "the certificate's commits (one missing)",
      (b: pbft.CommittedBatch) => {
        b.certificate = pbft.CommitCertificate.create({
          ...b.certificate,
          commits: (b.certificate as pbft.CommitCertificate).commits.slice(1),
        });
      },
    ],
    [
      "the batch itself (another request in its place)",
      (b: pbft.CommittedBatch) => {
        b.requests = [new FakeClient("mallory", CID).request()];
      },
    ],
  ] as const)
    it(`refuses a covered batch with ${name} altered, and takes nothing from it on`, () => {
      const { c, reply } = setup((r) => edit(r.batches[ALTERED - 1] as pbft.CommittedBatch));
      deliver(c, reply);
      expect(c.rejectedReasons(3).length).toBeGreaterThan(0);
      expect(c.node(3).ledger.length).toBeLessThan(ALTERED);
      prefixOfServer(c);
    });

  /** Batch ALTERED replaced by another request, with a header and certificate (commits by anyone) to match. */
  function forgeWholeBatch(r: pbft.StateReply): void {
    const b = r.batches[ALTERED - 1] as pbft.CommittedBatch;
    const forged = new FakeClient("mallory", CID).request();
    const cert = b.certificate as pbft.CommitCertificate;
    const root = merkleRoot([requestHash(forged.body, forged.signature)]);
    const digest = timedDigest(root, cert.timeMs);
    // Commits signed with other keys: refused at the certificate, and at the hash chain before that.
    const commits = [0, 1, 2].map((id) =>
      signAs(id, CID, { commit: { view: cert.view, seq: cert.seq, batchDigest: digest } }, "mallory"),
    );
    b.requests = [forged];
    b.certificate = pbft.CommitCertificate.create({ ...cert, batchDigest: digest, commits });
    b.header = editHeader(b.header!, (h) => {
      h.batchDigest = root;
    });
  }

  it("refuses a whole forged batch whose header and certificate match it: only the hash chain tells", () => {
    const { c, reply } = setup(forgeWholeBatch);
    deliver(c, reply);
    expect(c.rejectedReasons(3)).toContain("invalid-state-reply");
    expect(c.node(3).ledger).toHaveLength(0);
  });

  /** Batch ALTERED's certificate re-made at another time (digest and commits to match, by other keys). */
  function retimed(r: pbft.StateReply): void {
    {
      const b = r.batches[ALTERED - 1] as pbft.CommittedBatch;
      const cert = b.certificate as pbft.CommitCertificate;
      const timeMs = Number(pbft.EntryHeader.decode(b.header!).timeMs) + 1000;
      const root = merkleRoot(b.requests.map((q) => requestHash(q.body!, q.signature!)));
      const digest = timedDigest(root, timeMs);
      const commits = [0, 1, 2].map((id) =>
        signAs(id, CID, { commit: { view: cert.view, seq: cert.seq, batchDigest: digest } }, "mallory"),
      );
      b.certificate = pbft.CommitCertificate.create({ ...cert, batchDigest: digest, timeMs, commits });
    }
  }

  it("refuses a certificate whose time, digest and commits were changed together (the entry's time would differ)", () => {
    const { c, reply } = setup(retimed);
    deliver(c, reply);
    // Refused at the commits' signatures; and by the header's time even where those were not checked.
    expect(c.rejectedReasons(3)).toContain("invalid-certificate");
    expect(c.node(3).ledger.length).toBeLessThan(ALTERED);
    prefixOfServer(c);
    const trusting = setup(retimed, (o) => new VouchesCertificates(o));
    deliver(trusting.c, trusting.reply);
    expect(trusting.c.rejectedReasons(3)).toContain("invalid-state-reply");
    expect(trusting.c.node(3).ledger.length).toBeLessThan(ALTERED);
    prefixOfServer(trusting.c);
  });

  it("a replica that skips the hash chain (deliberately broken) takes the forged batch: the check decides", () => {
    const { c, reply } = setup(forgeWholeBatch, (o) => new SkipsHeaderChain(o));
    deliver(c, reply);
    expect(c.node(3).ledger.length).toBeGreaterThanOrEqual(ALTERED);
    expect(c.node(3).ledger[ALTERED - 1]!.entryHash).not.toEqual(c.node(0).ledger[ALTERED - 1]!.entryHash);
  });

  it("refuses a forged tail (no head) at its certificate, per batch as before", () => {
    const { c, reply } = setup((r) => {
      r.headProof = [];
      r.headHeaders = [];
      const b = r.batches[ALTERED - 1] as pbft.CommittedBatch;
      const commits = (b.certificate as pbft.CommitCertificate).commits.map((e) =>
        pbft.Envelope.create({ ...e }),
      );
      commits[0]!.signature = Uint8Array.from(commits[0]!.signature);
      commits[0]!.signature[0]! ^= 1;
      b.certificate = pbft.CommitCertificate.create({ ...b.certificate, commits });
    });
    deliver(c, reply);
    expect(c.rejectedReasons(3)).toContain("invalid-certificate");
    expect(c.node(3).ledger).toHaveLength(ALTERED - 1);
    prefixOfServer(c);
  });

  it("refuses headers that do not reach the head (one left out after the last batch)", () => {
    const { c, reply } = setup((r) => {
      r.batches.splice(BATCHES - 2);
      r.headHeaders = [];
    });
    deliver(c, reply);
    expect(c.rejectedReasons(3)).toContain("invalid-state-reply");
    expect(c.node(3).ledger).toHaveLength(0);
  });
});
