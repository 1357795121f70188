// The few protobuf messages a client reads and writes (packages/consensus/proto/pbft.proto), by field
// number, without a protobuf library: signatures cover exact bytes that travel with them, so a reader
// only has to find fields, never re-encode. Unknown fields are skipped (newer nodes may add some).
export class ProtoError extends Error {
  constructor(message: string) {
    super(`protobuf: ${message}`);
    this.name = "ProtoError";
  }
}

type Value = number | Uint8Array;

/** The fields of one message: number -> values in order (varints as numbers, length-delimited as bytes). */
export type Fields = ReadonlyMap<number, readonly Value[]>;

export function readFields(buf: Uint8Array): Fields {
  const out = new Map<number, Value[]>();
  let at = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (at >= buf.length) throw new ProtoError("truncated varint");
      const b = buf[at++]!;
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) {
        if (result > Number.MAX_SAFE_INTEGER) throw new ProtoError("integer above 2^53");
        return result;
      }
      scale *= 128;
    }
    throw new ProtoError("varint too long");
  };
  while (at < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 0) throw new ProtoError("field number 0");
    let v: Value;
    switch (wire) {
      case 0:
        v = varint();
        break;
      case 1:
        at += 8;
        continue;
      case 2: {
        const len = varint();
        if (at + len > buf.length) throw new ProtoError("truncated bytes");
        v = buf.subarray(at, at + len);
        at += len;
        break;
      }
      case 5:
        at += 4;
        continue;
      default:
        throw new ProtoError(`wire type ${wire}`);
    }
    if (at > buf.length) throw new ProtoError("truncated fixed field");
    const list = out.get(field);
    if (list) list.push(v);
    else out.set(field, [v]);
  }
  return out;
}

const EMPTY = new Uint8Array();

/** The last value of a scalar field (protobuf's rule for repeated scalars on the wire). */
export function num(f: Fields, n: number): number {
  const v = f.get(n)?.at(-1);
  if (v === undefined) return 0;
  if (typeof v !== "number") throw new ProtoError(`field ${n} is not a varint`);
  return v;
}

export function bytes(f: Fields, n: number): Uint8Array {
  const v = f.get(n)?.at(-1);
  if (v === undefined) return EMPTY;
  if (typeof v === "number") throw new ProtoError(`field ${n} is not length-delimited`);
  return v;
}

export function repeatedBytes(f: Fields, n: number): Uint8Array[] {
  return (f.get(n) ?? []).map((v) => {
    if (typeof v === "number") throw new ProtoError(`field ${n} is not length-delimited`);
    return v;
  });
}

export function str(f: Fields, n: number): string {
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes(f, n));
}

/** A writer for the messages a client signs; fields in number order, defaults omitted (proto3, canonical). */
export class Writer {
  private readonly parts: number[] = [];

  private varint(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new ProtoError(`cannot encode ${n}`);
    while (n >= 0x80) {
      this.parts.push((n % 128) | 0x80);
      n = Math.floor(n / 128);
    }
    this.parts.push(n);
  }

  uint(field: number, n: number): this {
    if (n === 0) return this;
    this.varint(field * 8);
    this.varint(n);
    return this;
  }

  bytes(field: number, b: Uint8Array): this {
    if (b.length === 0) return this;
    this.varint(field * 8 + 2);
    this.varint(b.length);
    for (const x of b) this.parts.push(x);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}
