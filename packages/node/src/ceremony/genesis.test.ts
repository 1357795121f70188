// Member cards and the genesis: proofs of possession, duplicates, n < 4, determinism, the genesis hash.
// Cards are signed here with software keys: the check does not (and cannot) tell an HSM signature apart.
import { generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair } from "@libp2p/crypto/keys";
import { domainTag } from "@pbft/consensus";
import { clusterConfigHash } from "@pbft/ledger";
import { afterAll, describe, expect, it } from "vitest";
import { helloFrame, helloGenesisHash, peerIdOf } from "../transport/index.js";
import { CARD_KIND, CardError, cardSigningBytes, type MemberCard, verifyMemberCard } from "./card.js";
import {
  compareNames,
  createGenesis,
  GenesisError,
  genesisText,
  PROPOSER_PUBLIC_KIND,
  type ProposerPublic,
  verifyGenesis,
} from "./genesis.js";

async function makeCard(name: string, port: number): Promise<MemberCard> {
  const vote = generateKeyPairSync("ed25519");
  const spki = vote.publicKey.export({ format: "der", type: "spki" });
  const peerKey = await generateKeyPair("Ed25519");
  const body = {
    version: 1 as const,
    kind: CARD_KIND,
    name,
    votePublicKey: spki.subarray(spki.length - 32).toString("hex"),
    peerId: peerIdOf(peerKey),
    addresses: [`/ip4/127.0.0.1/tcp/${port}`],
    clientAddresses: [`/ip4/127.0.0.1/tcp/${port + 1}`],
    httpAddress: `127.0.0.1:${port + 2}`,
  };
  const bytes = cardSigningBytes(body);
  return {
    ...body,
    proofs: {
      vote: sign(null, bytes, vote.privateKey).toString("hex"),
      peer: Buffer.from(await peerKey.sign(bytes)).toString("hex"),
    },
  };
}

const proposer: ProposerPublic = {
  version: 1,
  kind: PROPOSER_PUBLIC_KIND,
  name: "cli",
  org: "acme",
  publicKey: "ab".repeat(32),
};

const cards = await Promise.all(
  ["acme", "globex", "initech", "umbrella", "node10", "node9"].map((n, i) => makeCard(n, 7000 + 10 * i)),
);
const four = cards.slice(0, 4).map((card, i) => ({ card, source: `card-${i}.json` }));
const dir = mkdtempSync(join(tmpdir(), "pbft-genesis-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("member cards", () => {
  it("a card verifies; its signed bytes carry their own tag, never a vote's", async () => {
    await expect(verifyMemberCard(cards[0]!, "acme")).resolves.toBeUndefined();
    const tag = new TextDecoder().decode(cardSigningBytes(cards[0]!).subarray(0, 20));
    expect(tag).toBe("pbft-member-card/v1\u0000");
    const voteTag = new TextDecoder().decode(domainTag("replica", "x"));
    expect(voteTag.startsWith("pbft/v1/")).toBe(true);
    expect(tag.startsWith("pbft/")).toBe(false);
  });

  it("a card changed after signing fails both proofs", async () => {
    const tampered = { ...cards[0]!, addresses: ["/ip4/10.0.0.66/tcp/7000"] };
    await expect(verifyMemberCard(tampered, "tampered.json")).rejects.toThrow(
      /tampered.json: the vote key's proof of possession does not verify/,
    );
    const renamed = { ...cards[0]!, name: "evil" };
    await expect(verifyMemberCard(renamed, "renamed.json")).rejects.toThrow(CardError);
  });

  it("a proof by another key is refused, for the vote key and for the peer key", async () => {
    const wrongVote = { ...cards[0]!, proofs: { ...cards[0]!.proofs, vote: cards[1]!.proofs.vote } };
    await expect(verifyMemberCard(wrongVote, "v.json")).rejects.toThrow(/vote key's proof/);
    const wrongPeer = { ...cards[0]!, proofs: { ...cards[0]!.proofs, peer: cards[1]!.proofs.peer } };
    await expect(verifyMemberCard(wrongPeer, "p.json")).rejects.toThrow(/peer key's proof/);
  });
});

describe("genesis create", () => {
  it("is deterministic: the same cards in any order give the same bytes and hash", async () => {
    const a = await createGenesis({ cards: four, proposers: [proposer] });
    const b = await createGenesis({ cards: [four[2]!, four[0]!, four[3]!, four[1]!], proposers: [proposer] });
    expect(b.text).toBe(a.text);
    expect(b.hash).toBe(a.hash);
    expect(a.hash).toBe(clusterConfigHash(a.config));
    expect(a.config.members.map((m) => m.name)).toEqual(["acme", "globex", "initech", "umbrella"]);
    expect(a.config.members.map((m) => m.id)).toEqual([0, 1, 2, 3]);
    expect(a.config.clusterId).toMatch(/^pbft-[0-9a-f]{16}$/);
    const other = await createGenesis({ cards: four, proposers: [proposer], clusterId: "other" });
    expect(other.hash).not.toBe(a.hash);
  });

  it("refuses a tampered card, naming it", async () => {
    const bad = [
      ...four.slice(0, 3),
      { card: { ...four[3]!.card, name: "mallory" }, source: "umbrella.json" },
    ];
    await expect(createGenesis({ cards: bad, proposers: [proposer] })).rejects.toThrow(
      /umbrella.json: the vote key/,
    );
  });

  it("refuses duplicate names, vote keys, peer ids and addresses", async () => {
    const dup = (card: MemberCard) =>
      createGenesis({ cards: [...four, { card, source: "dup.json" }], proposers: [proposer] });
    await expect(dup(cards[0]!)).rejects.toThrow(
      /duplicate member name acme: in card-0.json and in dup.json/,
    );
    const sameAddress = await makeCard("hooli", 7000);
    await expect(dup(sameAddress)).rejects.toThrow(/duplicate address \/ip4\/127.0.0.1\/tcp\/7000/);
    await expect(
      createGenesis({ cards: four, proposers: [proposer, { ...proposer, name: "again" }] }),
    ).rejects.toThrow(/duplicate proposer key/);
  });

  it("refuses n < 4 and no proposer", async () => {
    await expect(createGenesis({ cards: four.slice(0, 3), proposers: [proposer] })).rejects.toThrow(
      /3 member card\(s\): PBFT needs n >= 4/,
    );
    await expect(createGenesis({ cards: four, proposers: [] })).rejects.toThrow(GenesisError);
  });

  it("orders members by name with digit runs by value", () => {
    expect(["node10", "node9", "node1", "acme", "node01"].sort(compareNames)).toEqual([
      "acme",
      "node01",
      "node1",
      "node9",
      "node10",
    ]);
  });
});

describe("genesis verify", () => {
  it("accepts the genesis, checks the hash, and refuses a tampered file", async () => {
    const g = await createGenesis({ cards: four, proposers: [proposer] });
    const file = join(dir, "genesis.json");
    writeFileSync(file, g.text);
    const v = await verifyGenesis(file, g.hash);
    expect(v.hash).toBe(g.hash);
    expect(v.legacy).toBe(false);
    await expect(verifyGenesis(file, "0".repeat(64))).rejects.toThrow(/is not the expected/);

    const tampered = join(dir, "tampered.json");
    const members = g.config.members.map((m, i) =>
      i === 2 ? { ...m, addresses: ["/ip4/10.6.6.6/tcp/1"] } : m,
    );
    writeFileSync(tampered, genesisText({ ...g.config, members }));
    await expect(verifyGenesis(tampered)).rejects.toThrow(/member 2 \(initech\): the vote key's proof/);

    // Reformatting the file (whitespace, key order) changes neither the verdict nor the hash.
    const compact = join(dir, "compact.json");
    writeFileSync(compact, JSON.stringify(g.config));
    expect((await verifyGenesis(compact, g.hash)).hash).toBe(g.hash);
  });

  it("accepts a legacy cluster.json (no proofs) and gives its hash", async () => {
    const g = await createGenesis({ cards: four, proposers: [proposer] });
    const { format: _f, ...rest } = g.config;
    const legacy = { ...rest, members: rest.members.map(({ proofs: _p, ...m }) => m) };
    const file = join(dir, "cluster.json");
    writeFileSync(file, JSON.stringify(legacy, null, 2));
    const v = await verifyGenesis(file);
    expect(v.legacy).toBe(true);
    expect(v.hash).toBe(clusterConfigHash(v.config));
    expect(v.hash).not.toBe(g.hash);
  });
});

describe("the replica hello", () => {
  it("carries the genesis hash and nothing else passes for one", () => {
    const hash = new Uint8Array(32).fill(7);
    expect(helloGenesisHash(helloFrame(hash))).toBe("07".repeat(32));
    expect(helloGenesisHash(new Uint8Array(45))).toBeNull();
    expect(helloGenesisHash(helloFrame(hash).subarray(1))).toBeNull();
  });
});
