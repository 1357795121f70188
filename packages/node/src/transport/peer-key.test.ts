import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair, privateKeyToProtobuf } from "@libp2p/crypto/keys";
import { peerIdFromString } from "@libp2p/peer-id";
import { afterAll, describe, expect, it } from "vitest";
import { loadOrCreatePeerKey, PeerKeyError, peerIdOf } from "./peer-key.js";

const dir = await mkdtemp(join(tmpdir(), "pbft-peer-key-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("peer key file", () => {
  it("creates an Ed25519 key with mode 0600 (and its directory), then loads the same key", async () => {
    const path = join(dir, "nested", "peer.key");
    const created = await loadOrCreatePeerKey(path);
    expect(created.type).toBe("Ed25519");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const loaded = await loadOrCreatePeerKey(path);
    expect(peerIdOf(loaded)).toBe(peerIdOf(created));
    expect(loaded.equals(created)).toBe(true);
    expect(await readFile(path)).toEqual(Buffer.from(privateKeyToProtobuf(created)));
    // A base58 peer id string, as in cluster.json.
    expect(peerIdOf(created)).toMatch(/^12D3KooW[1-9A-HJ-NP-Za-km-z]+$/);
    expect(peerIdFromString(peerIdOf(created)).toString()).toBe(peerIdOf(created));
  });

  it("gives a clear error for a corrupt, empty, non-Ed25519 or unreadable file", async () => {
    const corrupt = join(dir, "corrupt.key");
    await writeFile(corrupt, "not a key at all");
    await expect(loadOrCreatePeerKey(corrupt)).rejects.toThrow(/corrupt.key is corrupt/);
    const empty = join(dir, "empty.key");
    await writeFile(empty, "");
    await expect(loadOrCreatePeerKey(empty)).rejects.toThrow(PeerKeyError);
    const secp = join(dir, "secp.key");
    await writeFile(secp, privateKeyToProtobuf(await generateKeyPair("secp256k1")));
    await expect(loadOrCreatePeerKey(secp)).rejects.toThrow(/secp256k1 key; an Ed25519 key is required/);
    await expect(loadOrCreatePeerKey(dir)).rejects.toThrow(/cannot read the peer key file/);
    if (process.getuid?.() !== 0) {
      const locked = join(dir, "locked.key");
      await writeFile(locked, privateKeyToProtobuf(await generateKeyPair("Ed25519")));
      await chmod(locked, 0);
      await expect(loadOrCreatePeerKey(locked)).rejects.toThrow(/cannot read the peer key file/);
    }
  });
});
