/**
 * Two corrections to how libp2p's stack writes to its sockets (issue 20: socket writes were ~7 % of a
 * node's CPU at saturation, and each message cost several writes where one does). Both are installed once
 * per process by `host.ts`, before any connection exists; neither changes a byte on the wire's meaning.
 *
 * 1. Lazy yamux window updates. @chainsafe/libp2p-yamux 8 answers EVERY data frame it receives with a
 *    window-update frame: a 12-byte header, Noise-encrypted and written to the socket on its own. On this
 *    protocol's traffic (a client request in, a reply out; a few replica frames per batch) that doubled the
 *    messages both ends encrypt, write, read and decrypt. The yamux spec leaves the timing of window updates
 *    to the receiver, and go-yamux sends one only once half of the receive window is consumed. This does
 *    the same: while a stream is established, its window update waits until half of the receive window is
 *    used. The sender still has the other half to send into, so flow control never stalls; every other
 *    case (the SYN/ACK handshake, a paused or closing stream) runs the library's code unchanged.
 *
 * 2. One socket write per send. Noise hands the TCP connection each message as two buffers (a 2-byte
 *    length, then the ciphertext) and @libp2p/tcp writes every buffer with its own `socket.write()`: with
 *    TCP_NODELAY (libp2p's default) that is two syscalls and two segments per message. The connection's
 *    send loop now runs with the socket corked, so whatever it writes in one go leaves as one `writev`.
 */
import { Socket } from "node:net";
import { StreamState, YamuxStream } from "@chainsafe/libp2p-yamux/stream";
import { AbstractMultiaddrConnection } from "@libp2p/utils";

const PATCHED = Symbol.for("pbft.transport.wireTuning");

/** The private yamux fields the window rule reads (declared `private` in the library's typings). */
interface WindowFields {
  state: StreamState;
  recvWindow: number;
  recvWindowCapacity: number;
}

type Patchable<K extends string> = { [k in K]: (this: unknown) => unknown } & { [PATCHED]?: true };

/** Installs both corrections once per process (idempotent; a library without the expected method is left alone). */
export function installWireTuning(): void {
  const yamux = YamuxStream.prototype as unknown as Patchable<"sendWindowUpdate">;
  const sendWindowUpdate = yamux.sendWindowUpdate;
  if (yamux[PATCHED] !== true && typeof sendWindowUpdate === "function") {
    yamux.sendWindowUpdate = function lazySendWindowUpdate(this: unknown): unknown {
      const s = this as WindowFields;
      if (s.state === StreamState.Established && s.recvWindow - s.recvWindowCapacity < s.recvWindow / 2) {
        return undefined;
      }
      return sendWindowUpdate.call(this);
    };
    yamux[PATCHED] = true;
  }
  // Own property on the multiaddr connection's prototype, above the message stream's method it wraps (the
  // stream binds `processSendQueue` in its constructor, so connections made after this use the wrapper).
  const conn = AbstractMultiaddrConnection.prototype as unknown as Patchable<"processSendQueue">;
  const processSendQueue = conn.processSendQueue;
  if (conn[PATCHED] !== true && typeof processSendQueue === "function") {
    conn.processSendQueue = function corkedProcessSendQueue(this: unknown): unknown {
      const socket = (this as { socket?: unknown }).socket;
      if (!(socket instanceof Socket)) return processSendQueue.call(this);
      socket.cork();
      try {
        return processSendQueue.call(this);
      } finally {
        socket.uncork();
      }
    };
    conn[PATCHED] = true;
  }
}
