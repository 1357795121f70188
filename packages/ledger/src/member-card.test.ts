// Member cards checked synchronously by the rules: both proofs, the Ed25519 identity peer id decoded here.
import { describe, expect, it } from "vitest";
import { testKey, testMember } from "./config-testing.js";
import { memberCardProblem, peerIdOfEd25519, peerIdPublicKey } from "./member-card.js";

describe("member cards", () => {
  it("an Ed25519 peer id round-trips and looks like libp2p's (12D3KooW...)", () => {
    const k = testKey("peer");
    const id = peerIdOfEd25519(k.publicKey);
    expect(id.startsWith("12D3KooW")).toBe(true);
    expect(Buffer.from(peerIdPublicKey(id)!).toString("hex")).toBe(k.hex);
    // an RSA-style (sha256 multihash) peer id and junk are not usable
    expect(peerIdPublicKey("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N")).toBeNull();
    expect(peerIdPublicKey("peer0")).toBeNull();
    expect(peerIdPublicKey("0OIl")).toBeNull();
  });

  it("a card verifies; a changed field, a proof by another key or a foreign peer id does not", () => {
    const { card } = testMember("acme");
    expect(memberCardProblem(card)).toBeNull();
    expect(memberCardProblem({ ...card, addresses: ["/ip4/1.2.3.4/tcp/1"] })).toMatch(/vote key's proof/);
    const other = testMember("globex").card;
    expect(memberCardProblem({ ...card, proofs: { ...card.proofs, peer: other.proofs.peer } })).toMatch(
      /peer key's proof/,
    );
    expect(memberCardProblem({ ...card, peerId: "peer0" })).toMatch(/vote key's proof/);
  });
});
