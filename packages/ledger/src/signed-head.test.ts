// Signed heads verified with the genesis alone: a good one passes; too few signers, a non-member, a bad
// or duplicated signature, another genesis or cluster, fields that the signed checkpoint contradicts and
// an epoch whose members are unknown each fail with their own code.
import { sha256 } from "@pbft/consensus";
import { describe, expect, it } from "vitest";
import {
  encodeSignedHead,
  type HeadErrorCode,
  headFromProof,
  headLine,
  parseHeadLine,
  type SignedHead,
  verifySignedHead,
} from "./signed-head.js";
import { makeFixture } from "./test-fixture.js";

const fx = makeFixture();
const ENTRY = sha256(new Uint8Array([1]));
const ROOT = sha256(new Uint8Array([2]));

function head(signers: readonly number[], fields: Record<string, unknown> = {}): SignedHead {
  const h = headFromProof(fx.cluster.clusterId, fx.checkpointProof(8, ENTRY, ROOT, signers, fields));
  if (h === null) throw new Error("no head");
  return h;
}

function codeOf(value: unknown): HeadErrorCode | "ok" {
  try {
    verifySignedHead(value, fx.cluster);
    return "ok";
  } catch (e) {
    return (e as { code: HeadErrorCode }).code;
  }
}

describe("signed heads", () => {
  it("2f+1 member signatures over the checkpoint verify with the genesis alone; JSON round-trips", () => {
    const h = head([2, 0, 1]);
    expect(h.signatures.map((s) => s.signer)).toEqual([0, 1, 2]);
    expect(h).toMatchObject({ height: 8, epoch: 0, entryHash: Buffer.from(ENTRY).toString("hex") });
    expect(codeOf(JSON.parse(encodeSignedHead(h)))).toBe("ok");
    expect(parseHeadLine(headLine(h))).toEqual({ height: 8, entryHash: h.entryHash });
    expect(parseHeadLine("8:zz")).toBeNull();
  });

  it("a checkpoint without a tree root is no head", () => {
    expect(
      headFromProof("test-cluster", [fx.envelope(0, { checkpoint: { seq: 8, stateDigest: ENTRY } })]),
    ).toBeNull();
  });

  it("refuses each kind of bad head with its own code and a message naming the problem", () => {
    expect(codeOf(head([0, 1]))).toBe("too-few-signers");
    expect(() => verifySignedHead(head([0, 1]), fx.cluster)).toThrow(/signed by 2 members, needs 3/);
    const outsider = head([0, 1, 2]);
    expect(
      codeOf({
        ...outsider,
        signatures: [...outsider.signatures, { signer: 7, signature: "00".repeat(64) }],
      }),
    ).toBe("not-member");
    const dup = head([0, 1]);
    expect(codeOf({ ...dup, signatures: [...dup.signatures, dup.signatures[0]] })).toBe("duplicate-signer");
    const h = head([0, 1, 2]);
    const flipped = `${h.signatures[1]!.signature.slice(0, -2)}${h.signatures[1]!.signature.endsWith("00") ? "01" : "00"}`;
    expect(
      codeOf({ ...h, signatures: [h.signatures[0], { signer: 1, signature: flipped }, h.signatures[2]] }),
    ).toBe("bad-signature");
    // another genesis: signed correctly by these keys, but over another genesis hash
    const other = head([0, 1, 2], { genesisHash: sha256(new Uint8Array([3])) });
    expect(codeOf(other)).toBe("wrong-genesis");
    expect(codeOf({ ...h, clusterId: "other" })).toBe("wrong-cluster");
    // stated fields the signed payload contradicts (a longer history claimed with a shorter head's votes)
    expect(codeOf({ ...h, height: 16 })).toBe("fields-mismatch");
    expect(codeOf({ ...h, treeRoot: "00".repeat(32) })).toBe("fields-mismatch");
    expect(codeOf(head([0, 1, 2], { epoch: 1 }))).toBe("unknown-epoch");
    expect(codeOf({ ...h, format: "x" })).toBe("malformed");
    expect(codeOf({ ...h, entryHash: "ab" })).toBe("malformed");
  });
});
