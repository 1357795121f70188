// The /v1 API's schemas: one TypeBox definition per shape, used three ways: fastify validates requests
// with them, the response hook validates what leaves (response-check.ts), and @fastify/swagger writes them
// into the OpenAPI document (packages/node/openapi.json, which @pbft/client's types are generated from).
import { type Static, type TSchema, Type } from "@sinclair/typebox";

const Hex32 = Type.String({ pattern: "^[0-9a-f]{64}$", description: "32 bytes, lower-case hex" });
const Base64 = Type.String({ pattern: "^[A-Za-z0-9+/]*={0,2}$", maxLength: 1_400_000 });
const Ulid = Type.String({ pattern: "^[0-9A-HJKMNP-TV-Z]{26}$", description: "a ULID" });

/** Every refusal: a stable code (the ledger's reason codes where one applies) and a human message. */
export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: "stable reason code, e.g. schema-invalid, too-large, rate-limited" }),
    message: Type.String(),
  },
  { $id: "Error", additionalProperties: false },
);

export const Decision = Type.Object(
  {
    height: Type.Integer({ minimum: 0 }),
    entryHash: Hex32,
    proposalId: Type.String(),
    accepted: Type.Boolean(),
    reason: Type.String({ description: "the ledger's reason code; empty when accepted" }),
  },
  { $id: "Decision", additionalProperties: false },
);

export const SubmitRequest = Type.Object(
  {
    body: Type.String({
      ...Base64,
      minLength: 4,
      description: "the encoded RequestBody (protobuf) the proposer signed",
    }),
    signature: Type.String({
      pattern: "^[A-Za-z0-9+/]{86}==$",
      description: "Ed25519 over tag('request', clusterId) || body",
    }),
  },
  { $id: "SubmitRequest", additionalProperties: false },
);

export const SubmitResponse = Type.Object(
  {
    decision: Type.Ref("Decision"),
    receipt: Type.String({
      ...Base64,
      description: "the encoded Receipt (protobuf): verify it against the genesis, not this node",
    }),
    certificateSigners: Type.Array(Type.Integer({ minimum: 0 })),
    attestedBy: Type.Array(Type.Integer({ minimum: 0 })),
  },
  { $id: "SubmitResponse", additionalProperties: false },
);

export const Trace = Type.Object(
  {
    height: Type.Integer({ minimum: 1 }),
    entryHash: Hex32,
    proposalId: Type.String(),
    kind: Type.Union(
      ["original", "clarification", "correction", "supersession", "withdrawal"].map((k) => Type.Literal(k)),
    ),
    reason: Type.Optional(Type.String()),
    inForceAt: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: "an amendment under a policy: the height of the endorsement that brought it into force",
      }),
    ),
  },
  { $id: "Trace", additionalProperties: false },
);

const RecordType = Type.Union(
  ["observation", "decision", "outcome", "constraint", "test"].map((k) => Type.Literal(k)),
);
const RecordStatus = Type.Union(
  ["in-force", "withdrawn", "pending", "expired"].map((k) => Type.Literal(k)),
  { description: "pending and expired: under its type's endorsement policy (issue 18)" },
);
const Endorsements = Type.Array(
  Type.Object({ org: Type.String(), height: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  { description: "the organisations that endorsed it (its proposer's first) and where" },
);

export const RecordSummary = Type.Object(
  {
    id: Ulid,
    type: RecordType,
    title: Type.String(),
    source: Type.String(),
    status: RecordStatus,
    height: Type.Integer({ minimum: 1, description: "where the record was accepted" }),
    amendments: Type.Integer({ minimum: 0 }),
  },
  { $id: "RecordSummary", additionalProperties: false },
);

/**
 * What proves one request's place in the ledger: a receipt without attestations (the ledger keeps the
 * commit certificate, not the replies). All byte fields base64 of the exact stored bytes.
 */
export const EntryProof = Type.Object(
  {
    height: Type.Integer({ minimum: 1 }),
    index: Type.Integer({ minimum: 0 }),
    requestBody: Base64,
    requestSignature: Base64,
    header: Base64,
    requestProof: Type.Array(Base64),
    result: Base64,
    resultProof: Type.Array(Base64),
    certificate: Base64,
  },
  { $id: "EntryProof", additionalProperties: false },
);

export const RecordDetail = Type.Object(
  {
    id: Ulid,
    type: RecordType,
    title: Type.String(),
    source: Type.String(),
    status: RecordStatus,
    endorsements: Type.Optional(Endorsements),
    content: Type.Record(Type.String(), Type.Unknown(), {
      description: "the current version: the original with the amendments in force applied",
    }),
    trace: Type.Array(Type.Ref("Trace"), {
      description: "the original, then each amendment in force in the order it came into force",
    }),
    proofs: Type.Array(Type.Ref("EntryProof"), { description: "one per trace item, in the same order" }),
    pendingAmendments: Type.Optional(
      Type.Array(
        Type.Object(
          {
            height: Type.Integer({ minimum: 1 }),
            entryHash: Hex32,
            proposalId: Type.String(),
            kind: Type.Union(
              ["clarification", "correction", "supersession", "withdrawal"].map((k) => Type.Literal(k)),
            ),
            reason: Type.Optional(Type.String()),
            status: Type.Union([Type.Literal("pending"), Type.Literal("expired")]),
            content: Type.Record(Type.String(), Type.Unknown()),
            endorsements: Endorsements,
            proof: Type.Ref("EntryProof"),
          },
          { additionalProperties: false },
        ),
        { description: "amendments under the policy that are not in force: not part of `content`" },
      ),
    ),
    readAtHeight: Type.Integer({ minimum: 0 }),
  },
  { $id: "RecordDetail", additionalProperties: false },
);

export const RecordPage = Type.Object(
  {
    records: Type.Array(Type.Ref("RecordSummary")),
    next: Type.Union([Type.String(), Type.Null()], {
      description: "cursor of the next page, null at the end",
    }),
    total: Type.Integer({ minimum: 0 }),
    readAtHeight: Type.Integer({ minimum: 0 }),
  },
  { $id: "RecordPage", additionalProperties: false },
);

export const EntryRequest = Type.Object(
  {
    index: Type.Integer({ minimum: 0 }),
    clientKey: Hex32,
    requestNumber: Type.Integer({ minimum: 0 }),
    proposalId: Type.String(),
    accepted: Type.Boolean(),
    reason: Type.String(),
    proposal: Type.Unknown({ description: "the proposal's JSON; null when it does not parse" }),
  },
  { $id: "EntryRequest", additionalProperties: false },
);

export const Entry = Type.Object(
  {
    height: Type.Integer({ minimum: 1 }),
    entryHash: Hex32,
    prevHash: Hex32,
    epoch: Type.Integer({ minimum: 0 }),
    batchDigest: Hex32,
    resultsDigest: Hex32,
    header: Base64,
    certificate: Type.Object(
      {
        view: Type.Integer({ minimum: 0 }),
        seq: Type.Integer({ minimum: 0 }),
        signers: Type.Array(Type.Integer({ minimum: 0 })),
      },
      { additionalProperties: false },
    ),
    requests: Type.Array(Type.Ref("EntryRequest")),
  },
  { $id: "Entry", additionalProperties: false },
);

export const EntrySummary = Type.Object(
  {
    height: Type.Integer({ minimum: 1 }),
    entryHash: Hex32,
    requestCount: Type.Integer({ minimum: 0 }),
    accepted: Type.Integer({ minimum: 0 }),
  },
  { $id: "EntrySummary", additionalProperties: false },
);

export const EntryPage = Type.Object(
  {
    entries: Type.Array(Type.Ref("EntrySummary")),
    next: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
      description: "the `from` of the next page, null at the end",
    }),
    height: Type.Integer({ minimum: 0 }),
  },
  { $id: "EntryPage", additionalProperties: false },
);

export const Member = Type.Object(
  {
    id: Type.Integer({ minimum: 0 }),
    name: Type.String(),
    votePublicKey: Hex32,
    connected: Type.Boolean({ description: "this node has a replica connection to it (itself: true)" }),
  },
  { $id: "Member", additionalProperties: false },
);

/** A signed head (issue 17): absent until the node serves them. */
export const Head = Type.Object(
  {
    format: Type.Literal("pbft-signed-head/1"),
    clusterId: Type.String(),
    genesisHash: Hex32,
    epoch: Type.Integer({ minimum: 0 }),
    height: Type.Integer({ minimum: 0 }),
    entryHash: Hex32,
    treeRoot: Hex32,
    checkpoint: Type.String({
      pattern: "^[0-9a-f]*$",
      maxLength: 4096,
      description:
        "the signed Checkpoint payload (an encoded ReplicaMessage), hex: the bytes every signature covers",
    }),
    signatures: Type.Array(
      Type.Object(
        { signer: Type.Integer({ minimum: 0 }), signature: Type.String({ pattern: "^[0-9a-f]{128}$" }) },
        { additionalProperties: false },
      ),
      { description: "a quorum of the epoch's members (the same document `pbft ledger head` prints)" },
    ),
  },
  { $id: "Head", additionalProperties: false },
);

export const Status = Type.Object(
  {
    clusterId: Type.String(),
    genesisHash: Hex32,
    node: Type.Object(
      {
        id: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
          description: "null while this node is not a member of the epoch in force",
        }),
        name: Type.String(),
        version: Type.String(),
      },
      { additionalProperties: false },
    ),
    view: Type.Integer({ minimum: 0 }),
    primary: Type.Integer({ minimum: 0 }),
    viewChanging: Type.Boolean(),
    epoch: Type.Integer({ minimum: 0 }),
    height: Type.Integer({ minimum: 0 }),
    headHash: Hex32,
    stableCheckpoint: Type.Integer({ minimum: 0 }),
    members: Type.Array(Type.Ref("Member")),
    f: Type.Integer({ minimum: 0 }),
    latestHead: Type.Union([Type.Ref("Head"), Type.Null()]),
    uptimeSeconds: Type.Integer({ minimum: 0 }),
  },
  { $id: "Status", additionalProperties: false },
);

export const Genesis = Type.Object(
  {
    hash: Hex32,
    canonical: Type.String({
      description: "the canonical JSON of the genesis: its SHA-256 is `hash`; parse it for the keys",
    }),
  },
  { $id: "Genesis", additionalProperties: false },
);

export const InclusionProof = Type.Object(
  {
    format: Type.Literal("pbft-inclusion-proof/1"),
    clusterId: Type.String(),
    height: Type.Integer({ minimum: 1 }),
    entryHash: Hex32,
    treeSize: Type.Integer({ minimum: 1 }),
    path: Type.Array(Hex32),
    head: Type.Ref("Head"),
  },
  { $id: "InclusionProof", additionalProperties: false },
);

const HexBytes = Type.String({ pattern: "^(?:[0-9a-f]{2})*$", maxLength: 1_000_000 });

/**
 * The ledger's epoch proof (issue 16; packages/ledger epoch-proof.ts and README): from the genesis to a later
 * configuration epoch, one hop per boundary, each checked against the members of the epoch before it. What
 * a client needs, besides the genesis, to verify certificates, receipts and heads of epoch 1 and later.
 */
export const EpochProof = Type.Object(
  {
    format: Type.Literal("pbft-epoch-proof/1"),
    clusterId: Type.String(),
    hops: Type.Array(
      Type.Object(
        {
          header: Type.String({
            ...HexBytes,
            description: "the boundary entry's EntryHeader (epoch e, next_config_hash), hex",
          }),
          certificate: Type.String({
            ...HexBytes,
            description: "the boundary batch's CommitCertificate by epoch e's members, hex",
          }),
          signatures: Type.Array(
            Type.String({
              ...HexBytes,
              description: "an Envelope: a Checkpoint or Attestation of (boundary, entry hash, epoch e)",
            }),
            { maxItems: 1024, description: "f+1 or more distinct members of epoch e" },
          ),
          config: Type.Record(Type.String(), Type.Unknown(), {
            description:
              "epoch e+1's configuration: SHA-256 of its canonical JSON is the header's next_config_hash",
          }),
        },
        { additionalProperties: false },
      ),
      { description: "epoch 0's boundary first; empty while the genesis is in force" },
    ),
  },
  { $id: "EpochProof", additionalProperties: false },
);

/** Shared components, registered once with fastify.addSchema (and so named in the OpenAPI document). */
export const SHARED_SCHEMAS: readonly TSchema[] = [
  ErrorBody,
  Decision,
  SubmitRequest,
  SubmitResponse,
  Trace,
  RecordSummary,
  EntryProof,
  RecordDetail,
  RecordPage,
  EntryRequest,
  Entry,
  EntrySummary,
  EntryPage,
  Member,
  Head,
  Status,
  Genesis,
  InclusionProof,
  EpochProof,
];

export const ref = (id: string) => Type.Ref(id);

export const RecordsQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: "words the title, source or id contain" })),
    type: Type.Optional(RecordType),
    status: Type.Optional(RecordStatus),
    cursor: Type.Optional(Type.String({ maxLength: 64, pattern: "^[0-9]+$" })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export const EntriesQuery = Type.Object(
  {
    from: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export const HeightParams = Type.Object(
  { height: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) },
  { additionalProperties: false },
);
export const EpochProofQuery = Type.Object(
  {
    to: Type.Optional(
      Type.Integer({ minimum: 0, description: "the last epoch to reach (default: in force)" }),
    ),
  },
  { additionalProperties: false },
);
export type EpochProofQueryT = Static<typeof EpochProofQuery>;

export const IdParams = Type.Object({ id: Ulid }, { additionalProperties: false });

export type DecisionT = Static<typeof Decision>;
export type SubmitRequestT = Static<typeof SubmitRequest>;
export type SubmitResponseT = Static<typeof SubmitResponse>;
export type TraceT = Static<typeof Trace>;
export type RecordSummaryT = Static<typeof RecordSummary>;
export type EntryProofT = Static<typeof EntryProof>;
export type EntryT = Static<typeof Entry>;
export type EntrySummaryT = Static<typeof EntrySummary>;
export type StatusT = Static<typeof Status>;
export type HeadT = Static<typeof Head>;
export type InclusionProofT = Static<typeof InclusionProof>;
export type RecordsQueryT = Static<typeof RecordsQuery>;
export type EntriesQueryT = Static<typeof EntriesQuery>;
