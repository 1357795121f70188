// The operations of a configuration change, from `pbft config propose`'s flags or a change.json: public
// files (member cards, proposer public files) read and checked here, so a mistake is reported by the CLI
// with the file it came from instead of as a refusal by the cluster after a round trip.
import { readFileSync } from "node:fs";
import { ConfigError, type ReplicaParams, resolveParams } from "@pbft/consensus";
import { type ConfigOperation, rotationSigningBytes } from "@pbft/ledger";
import { CardError, type MemberCard, parseMemberCard, verifyMemberCard } from "../ceremony/card.js";
import { GenesisError, readProposerPublic } from "../ceremony/genesis.js";

export const OPERATIONS_MAX = 64;
export const REASON_CHARS_MAX = 2048;

export class ChangeInputError extends Error {
  constructor(
    message: string,
    /** The file could not be read (as opposed to: it was read and is wrong). */
    readonly unreadable = false,
  ) {
    super(message);
    this.name = "ChangeInputError";
  }
}

export interface OperationFlags {
  readonly addMember?: readonly string[];
  readonly removeMember?: readonly string[];
  readonly rotateMember?: readonly string[];
  readonly addProposer?: readonly string[];
  readonly removeProposer?: readonly string[];
  readonly set?: readonly string[];
}

export interface OperationContext {
  readonly clusterId: string;
  /** The parameters in force (a --set is checked merged over them). */
  readonly parameters: Readonly<Record<string, number>>;
  /** Signs a rotation with the member's current vote key (`--home`); absent: a card alone is refused. */
  readonly rotationSigner?: (bytes: Uint8Array) => Uint8Array;
}

export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ChangeInputError(`cannot read the ${what} ${path}: ${(e as Error).message}`, true);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ChangeInputError(`the ${what} ${path} is not JSON: ${(e as Error).message}`);
  }
}

async function checkedCard(value: unknown, source: string): Promise<MemberCard> {
  try {
    const card = parseMemberCard(value, source);
    await verifyMemberCard(card, source);
    return card;
  } catch (e) {
    if (e instanceof CardError) throw new ChangeInputError(e.message);
    throw e;
  }
}

const HEX32 = /^[0-9a-f]{64}$/;

/** One operation per flag occurrence, in the order the kinds are listed; --set pairs make one operation. */
export async function operationsFromFlags(
  f: OperationFlags,
  ctx: OperationContext,
): Promise<ConfigOperation[]> {
  const ops: ConfigOperation[] = [];
  for (const path of f.addMember ?? [])
    ops.push({ op: "add-member", card: await checkedCard(readJsonFile(path, "member card"), path) });
  for (const name of f.removeMember ?? []) {
    if (name.trim() === "" || name.length > 64)
      throw new ChangeInputError(`--remove-member "${name}": a member name (1 to 64 characters)`);
    ops.push({ op: "remove-member", name });
  }
  for (const path of f.rotateMember ?? []) ops.push(await rotationFrom(path, ctx));
  for (const path of f.addProposer ?? []) {
    try {
      const p = readProposerPublic(path);
      ops.push({
        op: "add-proposer",
        name: p.name,
        publicKey: p.publicKey,
        ...(p.org ? { org: p.org } : {}),
      });
    } catch (e) {
      if (e instanceof GenesisError) throw new ChangeInputError(e.message, /cannot read/.test(e.message));
      throw e;
    }
  }
  for (const key of f.removeProposer ?? []) {
    if (HEX32.test(key)) ops.push({ op: "remove-proposer", publicKey: key });
    else {
      try {
        ops.push({ op: "remove-proposer", publicKey: readProposerPublic(key).publicKey });
      } catch (e) {
        if (e instanceof GenesisError)
          throw new ChangeInputError(
            `--remove-proposer ${key}: neither a public key (64 lowercase hex characters) nor a proposer.pub.json (${e.message})`,
            /cannot read/.test(e.message),
          );
        throw e;
      }
    }
  }
  if (f.set && f.set.length > 0)
    ops.push({ op: "set-parameters", parameters: parseSet(f.set, ctx.parameters) });
  return ops;
}

/** `--set name=value` pairs, checked merged over the parameters in force (unknown names, ranges). */
export function parseSet(
  pairs: readonly string[],
  current: Readonly<Record<string, number>>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of pairs) {
    const at = p.indexOf("=");
    const k = at > 0 ? p.slice(0, at).trim() : "";
    const v = at > 0 ? p.slice(at + 1).trim() : "";
    if (!k || v === "" || !Number.isFinite(Number(v)))
      throw new ChangeInputError(`--set expects name=number, got "${p}"`);
    out[k] = Number(v);
  }
  try {
    resolveParams({ ...current, ...out } as Partial<ReplicaParams>);
  } catch (e) {
    if (e instanceof ConfigError) throw new ChangeInputError(`--set: ${e.message}`);
    throw e;
  }
  return out;
}

/**
 * `--rotate-member FILE`: the rotation `pbft member rotate` wrote (already signed by the current key), or a
 * new member card to be signed now with the current key of `--home`.
 */
async function rotationFrom(path: string, ctx: OperationContext): Promise<ConfigOperation> {
  const v = readJsonFile(path, "rotation or member card");
  if (typeof v === "object" && v !== null && (v as { op?: unknown }).op === "rotate-member") {
    const r = v as { name?: unknown; card?: unknown; rotationSignature?: unknown };
    const card = await checkedCard(r.card, `${path} (card)`);
    if (r.name !== card.name)
      throw new ChangeInputError(
        `${path}: the rotation names "${String(r.name)}" but its card is "${card.name}"`,
      );
    if (typeof r.rotationSignature !== "string" || !/^[0-9a-f]{128}$/.test(r.rotationSignature))
      throw new ChangeInputError(`${path}: rotationSignature must be 64 bytes as lowercase hex`);
    return { op: "rotate-member", name: card.name, card, rotationSignature: r.rotationSignature };
  }
  const card = await checkedCard(v, path);
  if (!ctx.rotationSigner)
    throw new ChangeInputError(
      `--rotate-member ${path} is a member card: give the member's --home so its current vote key signs the rotation (or use the rotation file pbft member rotate wrote)`,
    );
  const signature = ctx.rotationSigner(rotationSigningBytes(ctx.clusterId, card));
  return {
    op: "rotate-member",
    name: card.name,
    card,
    rotationSignature: Buffer.from(signature).toString("hex"),
  };
}

/** A change.json: the whole change, or just {operations, reason?}; kind, id and epoch are filled in. */
export function changeFromFile(path: string): {
  operations: unknown[];
  reason?: string;
  id?: string;
  epoch?: number;
} {
  const v = readJsonFile(path, "change");
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new ChangeInputError(`${path} must hold one JSON object: {"operations": [...], "reason": "..."}`);
  const c = v as Record<string, unknown>;
  if (c.kind !== undefined && c.kind !== "config-change")
    throw new ChangeInputError(`${path}: kind must be "config-change", got ${JSON.stringify(c.kind)}`);
  if (!Array.isArray(c.operations)) throw new ChangeInputError(`${path}: "operations" must be an array`);
  return {
    operations: c.operations,
    ...(typeof c.reason === "string" ? { reason: c.reason } : {}),
    ...(typeof c.id === "string" ? { id: c.id } : {}),
    ...(typeof c.epoch === "number" ? { epoch: c.epoch } : {}),
  };
}
