/**
 * The node's libp2p identity: an Ed25519 private key kept in a file, protobuf-encoded as libp2p
 * encodes keys (`privateKeyToProtobuf`), mode 0600. The same key identifies the node on its
 * replica host and on its client host.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from "@libp2p/crypto/keys";
import type { PrivateKey } from "@libp2p/interface";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";

export type { PrivateKey } from "@libp2p/interface";

/** Largest key file read (an Ed25519 key file is 68 bytes). */
const PEER_KEY_FILE_BYTES_MAX = 16 * 1024;

export class PeerKeyError extends Error {
  override readonly name = "PeerKeyError";
}

/**
 * Reads the key at `path`, or creates a new Ed25519 key there (parent directories too, file mode
 * 0600, written to a temporary file then renamed) when the file does not exist. Throws a
 * `PeerKeyError` naming the file when it cannot be read, is not a libp2p private key, or is not
 * Ed25519.
 */
export async function loadOrCreatePeerKey(path: string): Promise<PrivateKey> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if (isErrno(err, "ENOENT")) return createPeerKey(path);
    throw new PeerKeyError(`cannot read the peer key file ${path}: ${errorMessage(err)}`, { cause: err });
  }
  if (bytes.byteLength === 0 || bytes.byteLength > PEER_KEY_FILE_BYTES_MAX) {
    throw new PeerKeyError(
      `the peer key file ${path} is corrupt: ${bytes.byteLength} bytes is not the size of a libp2p private key`,
    );
  }
  let key: PrivateKey;
  try {
    key = privateKeyFromProtobuf(bytes);
  } catch (err) {
    throw new PeerKeyError(
      `the peer key file ${path} is corrupt: not a protobuf-encoded libp2p private key (${errorMessage(err)})`,
      { cause: err },
    );
  }
  if (key.type !== "Ed25519") {
    throw new PeerKeyError(`the peer key file ${path} holds a ${key.type} key; an Ed25519 key is required`);
  }
  return key;
}

/** The base58btc peer id string of a key, as written in cluster.json `members[].peerId`. */
export function peerIdOf(key: PrivateKey): string {
  return peerIdFromPrivateKey(key).toString();
}

async function createPeerKey(path: string): Promise<PrivateKey> {
  const key = await generateKeyPair("Ed25519");
  const bytes = privateKeyToProtobuf(key);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    // "wx": never follow or overwrite an existing file at the temporary name.
    const handle = await open(temporary, "wx", 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(temporary, 0o600); // the umask cannot widen 0600, but be explicit
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw new PeerKeyError(`cannot create the peer key file ${path}: ${errorMessage(err)}`, { cause: err });
  }
  return key;
}

function isErrno(err: unknown, code: string): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === code;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
