// Reading a replica message's epoch before choosing the keys that verify it (issue 16).

/** The field number of `epoch` in each ReplicaMessage kind (by the oneof field number, 1..7). */
const EPOCH_FIELD: readonly number[] = [0, 5, 4, 4, 3, 6, 4, 3];

/**
 * The epoch a ReplicaMessage payload names (0 when absent), read without decoding the message: the replica
 * picks the epoch's keys before it verifies and decodes. Null when the bytes are not one well-formed
 * message; the full decode then decides what is wrong with them.
 */
export function peekEpoch(payload: Uint8Array | null | undefined): number | null {
  if (!(payload instanceof Uint8Array) || payload.length === 0) return null;
  let at = 0;
  const varint = (): number | null => {
    let v = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      if (at >= payload.length) return null;
      const b = payload[at++]!;
      v += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) return v;
    }
    return null;
  };
  const tag = varint();
  if (tag === null || (tag & 7) !== 2) return null;
  const kind = Math.floor(tag / 8);
  const field = EPOCH_FIELD[kind];
  if (field === undefined || kind === 0) return null;
  const len = varint();
  if (len === null || at + len !== payload.length) return null;
  let epoch = 0;
  while (at < payload.length) {
    const t = varint();
    if (t === null) return null;
    const wire = t & 7;
    if (wire === 0) {
      const v = varint();
      if (v === null) return null;
      if (Math.floor(t / 8) === field) epoch = v;
    } else if (wire === 2) {
      const l = varint();
      if (l === null || at + l > payload.length) return null;
      at += l;
    } else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else return null;
  }
  return at === payload.length && Number.isSafeInteger(epoch) ? epoch : null;
}
