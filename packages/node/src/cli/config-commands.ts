// `pbft config propose|approve|show` and `pbft member rotate`: the handlers (commands/config.ts declares
// the options). A change is proposed by a proposer key or a member's vote key, approved by members' vote
// keys through their own tokens, and shown as the nodes record it.
import { join } from "node:path";
import { HsmError } from "@pbft/hsm";
import type { ClusterConfig } from "@pbft/ledger";
import {
  approvalSigningBytes,
  type ConfigApproval,
  type ConfigChange,
  type ConfigOperation,
  configChangeHash,
  configChangeSchema,
} from "@pbft/ledger";
import { CardError } from "../ceremony/card.js";
import { newProposalId } from "../client/proposal.js";
import { ClusterClient, SubmitError, type SubmitResult } from "../client/submit.js";
import { NodeConfigError } from "../config.js";
import { loadProposerKey, type ProposerKeyError, type RequestSigner } from "../proposer-key.js";
import { type ApprovalRecord, approvalRecorded } from "../reconfig/approval-outcome.js";
import { memberRotate } from "../reconfig/member-rotate.js";
import {
  type ConfigView,
  fetchChange,
  fetchConfigView,
  fetchEpochProof,
  httpTargets,
  NodeApiError,
  type PendingChange,
} from "../reconfig/node-api.js";
import {
  ChangeInputError,
  changeFromFile,
  OPERATIONS_MAX,
  type OperationFlags,
  operationsFromFlags,
  REASON_CHARS_MAX,
  readJsonFile,
} from "../reconfig/operations.js";
import { MemberVoteKeys, VoteKeyError } from "../reconfig/vote-keys.js";
import { PROPOSER_KEY_FILE } from "../testnet.js";
import { CliError, EXIT, note, print, printJson, testnetDir } from "./common.js";
import { submitExitCode } from "./submit-command.js";

/** The library's typed errors as the CLI's kinds of failure. */
export function configError(e: unknown): unknown {
  if (e instanceof ChangeInputError)
    return new CliError(e.message, e.unreadable ? EXIT["not-found"] : EXIT.usage);
  if (e instanceof VoteKeyError || e instanceof CardError) return new CliError(e.message, EXIT.usage);
  if (e instanceof NodeConfigError)
    return new CliError(e.message, /cannot read/.test(e.message) ? EXIT["not-found"] : EXIT.usage);
  if (e instanceof HsmError)
    return new CliError(
      e.message,
      e.code === "module-not-found" || e.code === "token-not-found" ? EXIT["not-found"] : EXIT.usage,
      {
        code: e.code,
      },
    );
  if (e instanceof NodeApiError)
    return new CliError(e.message, e.notFound ? EXIT["not-found"] : EXIT.unreachable);
  if (e instanceof SubmitError)
    return new CliError(`the cluster did not take it (${e.code}): ${e.message}`, submitExitCode(e.code), {
      reason: e.code,
    });
  return e;
}

function schemaProblems(e: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return e.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`)
    .join("; ");
}

export interface NodeSource {
  /** A node's HTTP address (host:port) to ask first. */
  readonly node?: string;
  readonly timeout: number;
}

/** The configuration view from the nodes; null when none answers and `optional`. */
async function configView(
  cluster: ClusterConfig,
  o: NodeSource,
  history: boolean,
  optional: boolean,
): Promise<ConfigView | null> {
  try {
    return await fetchConfigView(httpTargets(o.node, cluster), history, Math.min(o.timeout, 5000));
  } catch (e) {
    if (optional && e instanceof NodeApiError && !e.notFound) return null;
    throw e;
  }
}

/**
 * Submits `proposal` to the members of the epoch in force (`config`), signed by `signer`; the receipt is
 * checked against the genesis and the epoch proof a node serves.
 */
async function submitTo(
  genesis: ClusterConfig,
  o: NodeSource,
  config: ClusterConfig,
  signer: RequestSigner,
  proposal: unknown,
  timeoutMs: number,
): Promise<SubmitResult> {
  const targets = httpTargets(o.node, genesis);
  const client = await ClusterClient.connect({
    cluster: genesis,
    members: config.members,
    key: signer,
    epochProof: () => fetchEpochProof(targets, 5000),
  });
  try {
    await client.ready(Math.min(timeoutMs, 10_000));
    return await client.submit(proposal, timeoutMs);
  } finally {
    await client.close();
  }
}

function decisionLine(r: SubmitResult): string {
  return `${r.decision.accepted ? "ACCEPTED" : `REFUSED (${r.decision.reason})`} at height ${r.decision.height}, entry ${Buffer.from(r.decision.entryHash).toString("hex")}`;
}

export function summariseOperation(op: ConfigOperation): string {
  switch (op.op) {
    case "add-member":
      return `add member ${op.card.name} (vote key ${op.card.votePublicKey.slice(0, 16)}…, peer ${op.card.peerId})`;
    case "remove-member":
      return `remove member ${op.name}`;
    case "rotate-member":
      return `rotate member ${op.name} to vote key ${op.card.votePublicKey.slice(0, 16)}… (peer ${op.card.peerId})`;
    case "add-proposer":
      return `add proposer ${op.name}${op.org ? ` (${op.org})` : ""} ${op.publicKey.slice(0, 16)}…`;
    case "remove-proposer":
      return `remove proposer ${op.publicKey.slice(0, 16)}…`;
    case "set-parameters":
      return `set ${Object.entries(op.parameters)
        .map(([k, v]) => `${k}=${v}`)
        .join(", ")}`;
  }
}

export interface ProposeOptions extends OperationFlags, NodeSource {
  readonly cluster: () => ClusterConfig;
  readonly testnet?: string;
  readonly home?: string;
  readonly key?: string;
  readonly file?: string;
  readonly reason?: string;
  readonly epoch?: number;
  readonly dryRun?: boolean;
  readonly json: boolean;
}

const OP_FLAGS: readonly (readonly [string, keyof OperationFlags])[] = [
  ["--add-member", "addMember"],
  ["--remove-member", "removeMember"],
  ["--rotate-member", "rotateMember"],
  ["--add-proposer", "addProposer"],
  ["--remove-proposer", "removeProposer"],
  ["--set", "set"],
];

export async function proposeCommand(o: ProposeOptions): Promise<void> {
  const flagged = OP_FLAGS.filter(([, k]) => (o[k]?.length ?? 0) > 0).map(([f]) => f);
  if (o.file !== undefined && flagged.length > 0)
    throw new CliError(`--file holds the whole change: drop ${flagged.join(", ")} (or drop --file)`);
  if (o.file === undefined && flagged.length === 0)
    throw new CliError(
      "name at least one operation: --add-member CARD, --remove-member NAME, --rotate-member FILE, --add-proposer PUB, --remove-proposer KEY, --set NAME=VALUE (or --file change.json)",
    );
  const fromFile = o.file === undefined ? undefined : changeFromFile(o.file);
  const reason = o.reason ?? fromFile?.reason;
  if (reason === undefined || reason.trim() === "")
    throw new CliError("a change needs --reason TEXT (why it is made: it is recorded)");
  if (reason.length > REASON_CHARS_MAX)
    throw new CliError(`--reason is longer than ${REASON_CHARS_MAX} characters`);
  if (o.key !== undefined && o.home === undefined && (o.rotateMember?.length ?? 0) > 0) {
    // fine when the rotation files are signed already; operationsFromFlags says so otherwise
  }
  const genesis = o.cluster();
  const view = await configView(genesis, o, false, o.epoch !== undefined || o.dryRun === true);
  const config: ClusterConfig = view?.current.config ?? genesis;
  const epoch = o.epoch ?? fromFile?.epoch ?? view?.current.epoch ?? 0;
  let keys: MemberVoteKeys | undefined;
  try {
    if (o.home !== undefined) keys = MemberVoteKeys.open(o.home);
    const memberKey = keys ? currentKeyOf(keys, config) : undefined;
    const operations = fromFile
      ? (fromFile.operations as ConfigOperation[])
      : await operationsFromFlags(o, {
          clusterId: config.clusterId,
          parameters: config.parameters,
          ...(keys && memberKey
            ? { rotationSigner: (b: Uint8Array) => keys!.signer(memberKey).sign(b) }
            : {}),
        });
    if (operations.length === 0 || operations.length > OPERATIONS_MAX)
      throw new CliError(`a change has 1 to ${OPERATIONS_MAX} operations, this one ${operations.length}`);
    const parsed = configChangeSchema.safeParse({
      kind: "config-change",
      id: fromFile?.id ?? newProposalId(),
      epoch,
      reason,
      operations,
    });
    if (!parsed.success) throw new CliError(`not a valid change: ${schemaProblems(parsed.error)}`);
    const change: ConfigChange = parsed.data;
    const changeHash = configChangeHash(change);
    if (o.dryRun) {
      if (o.json) printJson({ change, changeHash });
      else print(JSON.stringify(change, null, 2));
      return;
    }
    const signer = requestSigner(o, keys, memberKey);
    const r = await submitTo(genesis, o, config, signer, change, o.timeout);
    const quorum = view?.quorum ?? 2 * config.f + 1;
    if (o.json)
      printJson({
        id: change.id,
        changeHash,
        epoch,
        decision: r.decision.accepted ? "accepted" : "refused",
        reason: r.decision.reason || undefined,
        height: r.decision.height,
        entryHash: Buffer.from(r.decision.entryHash).toString("hex"),
        approvalsNeeded: quorum,
      });
    else {
      print(`change ${change.id} (epoch ${epoch}): ${decisionLine(r)}`);
      for (const op of operations) print(`  ${summariseOperation(op)}`);
      print(`  change hash ${changeHash}`);
      if (r.decision.accepted)
        print(`  needs ${quorum} approvals: each member runs  pbft config approve --home DIR ${change.id}`);
    }
    if (!r.decision.accepted) process.exitCode = EXIT.refused;
  } catch (e) {
    throw configError(e);
  } finally {
    keys?.close();
  }
}

/** The member's key in the epoch in force (when the home's member is one), else its newest key. */
function currentKeyOf(keys: MemberVoteKeys, config: ClusterConfig) {
  for (const m of config.members) {
    const k = keys.find(m.votePublicKey);
    if (k) return k;
  }
  return keys.newest;
}

function requestSigner(
  o: { key?: string; testnet?: string },
  keys: MemberVoteKeys | undefined,
  memberKey: ReturnType<typeof currentKeyOf> | undefined,
): RequestSigner {
  if (o.key === undefined && keys && memberKey) return keys.signer(memberKey);
  const file = o.key ?? join(testnetDir(o.testnet), PROPOSER_KEY_FILE);
  try {
    return loadProposerKey(file);
  } catch (e) {
    const unreadable = / cannot be read/.test((e as ProposerKeyError).message);
    throw new CliError(
      `${(e as ProposerKeyError).message}${unreadable && o.key === undefined ? " (give --key FILE, or --home DIR to sign with a member's vote key)" : ""}`,
      unreadable ? EXIT["not-found"] : EXIT.usage,
    );
  }
}

export interface ApproveOptions extends NodeSource {
  readonly cluster: () => ClusterConfig;
  readonly home: string;
  readonly file?: string;
  readonly json: boolean;
}

export async function approveCommand(id: string, o: ApproveOptions): Promise<void> {
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(id))
    throw new CliError(`"${id}" is not a change id (a ULID, as config propose prints)`);
  const genesis = o.cluster();
  let keys: MemberVoteKeys | undefined;
  try {
    keys = MemberVoteKeys.open(o.home);
    const view = await configView(genesis, o, false, o.file !== undefined);
    const config = view?.current.config ?? genesis;
    let recorded: PendingChange | undefined;
    let change: ConfigChange;
    if (o.file !== undefined) {
      const parsed = configChangeSchema.safeParse(readJsonFile(o.file, "change"));
      if (!parsed.success)
        throw new CliError(`${o.file} is not a config change: ${schemaProblems(parsed.error)}`);
      change = parsed.data;
      if (change.id !== id) throw new CliError(`${o.file} is the change ${change.id}, not ${id}`);
    } else {
      recorded = await fetchChange(httpTargets(o.node, genesis), id, Math.min(o.timeout, 5000));
      change = recorded.change;
    }
    const changeHash = configChangeHash(change);
    if (recorded && recorded.changeHash !== changeHash)
      throw new CliError(
        `the node's change ${id} hashes to ${changeHash}, not ${recorded.changeHash} as it says: ask another node (--node)`,
        EXIT["verification-failed"],
      );
    const member = config.members.find((m) => keys!.find(m.votePublicKey) !== null);
    if (!member)
      throw new CliError(
        `none of ${o.home}'s vote keys is a member's key in the epoch in force: only members approve`,
        EXIT.refused,
        { reason: "approver-not-member" },
      );
    const key = keys.find(member.votePublicKey)!;
    const signer = keys.signer(key);
    const approval: ConfigApproval = {
      kind: "config-approval",
      id: newProposalId(),
      change: id,
      changeHash,
      member: member.name,
      signature: Buffer.from(signer.sign(approvalSigningBytes(config.clusterId, changeHash))).toString("hex"),
    };
    note(`approving change ${id} as ${member.name}: ${change.reason}`);
    for (const op of change.operations) note(`  ${summariseOperation(op)}`);
    const started = performance.now();
    let r: SubmitResult | undefined;
    try {
      r = await submitTo(genesis, o, config, signer, approval, o.timeout);
    } catch (e) {
      // No result: a timeout, or f+1 members refusing a retransmission. The request may have been
      // executed all the same: e.g. a member approving its own removal is no member once the change it
      // completed applies, so its retransmission is refused unauthorised-proposer after it counted.
      if (!(e instanceof SubmitError) || e.code === "bad-receipt") throw e;
      const unreachable = submitExitCode(e.code) === EXIT.unreachable;
      const record = await approvalRecorded(httpTargets(o.node, genesis), id, member.name, {
        deadline: performance.now() + Math.min(o.timeout, unreachable ? RECHECK_MS : RECHECK_REFUSED_MS),
      });
      if (record.recorded !== true && !(unreachable && record.recorded === false)) throw e;
      return reportApproval(o, approval, changeHash, undefined, record);
    }
    // A refusal that may hide a recorded approval: this request's earlier ordering was executed first (its
    // retransmission is the duplicate), or an earlier attempt's approval counted, or completed the change.
    if (!r.decision.accepted && RECHECK_REASONS.has(r.decision.reason)) {
      const record = await approvalRecorded(httpTargets(o.node, genesis), id, member.name, {
        atHeight: r.decision.height,
        deadline:
          performance.now() + Math.max(Math.min(o.timeout - (performance.now() - started), RECHECK_MS), 2000),
      });
      return reportApproval(o, approval, changeHash, r, record);
    }
    return reportApproval(o, approval, changeHash, r, undefined);
  } catch (e) {
    throw configError(e);
  } finally {
    keys?.close();
  }
}

/** Refusals after which the ledger is asked whether the member's approval is recorded all the same. */
const RECHECK_REASONS = new Set(["duplicate-request", "already-approved", "change-not-pending"]);
/** How long the nodes are asked after the request's own answer (they may not have executed it yet). */
const RECHECK_MS = 10_000;
/** The same after a refusal f+1 members agree on (usually final: a shorter wait before saying so). */
const RECHECK_REFUSED_MS = 3000;

/**
 * Exit 0 when the ledger records the member's approval (by this request or an earlier one), 4 when it is
 * refused or the change closed without it, 3 when no node could tell; `record` is what the nodes said
 * (absent: the reply said it all).
 */
function reportApproval(
  o: ApproveOptions,
  approval: ConfigApproval,
  changeHash: string,
  r: SubmitResult | undefined,
  record: ApprovalRecord | undefined,
): void {
  const reason = r?.decision.reason ?? "";
  // `already-approved`: f+1 members' matching replies say the member's approval is in the change already.
  const recorded =
    r?.decision.accepted === true || reason === "already-approved" || record?.recorded === true;
  if (!recorded && record?.recorded === null)
    throw new CliError(
      `approval of ${approval.change} by ${approval.member}: the request was recorded "${reason}" and no node told within ${RECHECK_MS / 1000} s whether an earlier ordering of it counted: see pbft config show`,
      EXIT.unreachable,
      { reason },
    );
  const change = record?.change;
  const by = r?.decision.accepted === true ? "this-request" : "earlier";
  const line = `approval of ${approval.change} by ${approval.member}`;
  if (o.json)
    printJson({
      id: approval.id,
      change: approval.change,
      changeHash,
      member: approval.member,
      decision: r === undefined ? "unknown" : r.decision.accepted ? "accepted" : "refused",
      reason: reason || (recorded ? undefined : "change-not-pending"),
      height: r?.decision.height,
      entryHash: r === undefined ? undefined : Buffer.from(r.decision.entryHash).toString("hex"),
      recorded,
      recordedBy: recorded ? by : undefined,
      status: change?.status,
      approvals: change?.approvals,
    });
  else if (recorded && by === "earlier")
    print(
      `${line}: recorded by an earlier ${reason === "already-approved" ? "approval" : "ordering of this request"}${change ? ` (the change is ${change.status}, ${change.approvals.length} approvals)` : ""}`,
    );
  else if (r !== undefined) print(`${line}: ${decisionLine(r)}`);
  else print(`${line}: not recorded: the change is ${change?.status} without it`);
  if (!recorded) process.exitCode = EXIT.refused;
}

export interface ShowOptions extends NodeSource {
  readonly cluster: () => ClusterConfig;
  readonly history?: boolean;
  readonly json: boolean;
}

export async function showCommand(o: ShowOptions): Promise<void> {
  try {
    const view = (await configView(o.cluster(), o, o.history === true, false))!;
    if (o.json) {
      printJson(view);
      return;
    }
    const c = view.current;
    print(
      `epoch ${c.epoch} (from height ${c.startHeight}), configuration ${c.configHash}: ${c.config.members.length} members, f = ${c.config.f}, ${view.quorum} approvals to change it`,
    );
    for (const m of c.config.members)
      print(`  member ${m.id} ${m.name}  vote key ${m.votePublicKey}  peer ${m.peerId}`);
    for (const p of c.config.proposers)
      print(`  proposer ${p.name}${p.org ? ` (${p.org})` : ""}  ${p.publicKey}`);
    const params = Object.entries(c.config.parameters);
    if (params.length > 0) print(`  parameters ${params.map(([k, v]) => `${k}=${v}`).join(", ")}`);
    for (const ch of view.changes) {
      print(
        `change ${ch.id} ${ch.status} (height ${ch.height}, ${ch.approvals.length}/${view.quorum} approvals${ch.boundary ? `, applies after height ${ch.boundary}` : ""}): ${ch.change.reason}`,
      );
      for (const op of ch.change.operations) print(`  ${summariseOperation(op)}`);
      if (ch.approvals.length > 0) print(`  approved by ${ch.approvals.join(", ")}`);
    }
    if (view.history)
      for (const e of view.history)
        print(
          `history: epoch ${e.epoch} from height ${e.startHeight}, ${e.config.members.length} members${e.change ? `, by change ${e.change}` : " (genesis)"}, configuration ${e.configHash}`,
        );
  } catch (e) {
    throw configError(e);
  }
}

export interface RotateOptions extends NodeSource {
  readonly cluster: () => ClusterConfig;
  readonly home: string;
  readonly tokenLabel?: string;
  readonly json: boolean;
}

export async function rotateCommand(o: RotateOptions): Promise<void> {
  try {
    const genesis = o.cluster();
    const view = await configView(genesis, o, false, true);
    const config = view?.current.config ?? genesis;
    if (!view) note("no node answered /config: the rotation is signed by this home's newest vote key");
    const keys = MemberVoteKeys.open(o.home);
    let currentKey: string | undefined;
    try {
      currentKey = config.members.map((m) => keys.find(m.votePublicKey)).find((k) => k !== null)?.publicKey;
    } finally {
      keys.close();
    }
    const r = await memberRotate({
      home: o.home,
      clusterId: config.clusterId,
      ...(currentKey ? { currentKey } : {}),
      ...(o.tokenLabel ? { tokenLabel: o.tokenLabel } : {}),
    });
    if (o.json) printJson({ ...r, rotation: undefined });
    else {
      print(`member ${r.name}: new vote key ${r.newKey} generated inside token "${r.tokenLabel}"`);
      print(`  current key  ${r.previousKey} (signed the rotation; it votes until the change applies)`);
      print(`  new card     ${r.cardPath}`);
      print(`  rotation     ${r.rotationPath}`);
      print(`next: pbft config propose --home ${o.home} --rotate-member ${r.rotationPath} --reason "..."`);
    }
  } catch (e) {
    throw configError(e);
  }
}
