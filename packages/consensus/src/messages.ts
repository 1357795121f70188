// The generated protobuf code (from proto/pbft.proto), re-exported under one name.
import "./protobuf-numbers.js"; // first: 64-bit fields decode as numbers
import { pbft } from "./gen/pbft.js";

export { pbft };
export type IClientRequest = pbft.ClientRequest.$Properties;
export type IEnvelope = pbft.Envelope.$Properties;
export type ICommitCertificate = pbft.CommitCertificate.$Properties;
export type ICommittedBatch = pbft.CommittedBatch.$Properties;
