#!/bin/sh
# Regenerates the static protobuf code from proto/pbft.proto into src/gen (or into $1).
# scripts/check-genproto.sh (run by the test command) fails when the committed output is stale.
set -eu
cd "$(dirname "$0")/.."
out=${1:-src/gen}
mkdir -p "$out"
npx pbjs -t static-module -w es6 --es6 --force-number --no-delimited --no-typeurl -o "$out/pbft.js" proto/pbft.proto
npx pbts -o "$out/pbft.d.ts" "$out/pbft.js"
