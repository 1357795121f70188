// Makes protobufjs decode 64-bit integers as plain JS numbers, as proto/pbft.proto promises. The generated
// code alone still returns Long objects whenever the `long` package is installed (it is, transitively), so
// this module must be evaluated before src/gen/pbft.js: messages.ts imports it first.
import $protobuf from "protobufjs/minimal.js";

($protobuf.util as { Long: unknown }).Long = undefined;
$protobuf.configure();
