#!/bin/sh
# Regenerates the static protobuf code from proto/pbft.proto. CI checks the committed output is fresh.
set -eu
cd "$(dirname "$0")/.."
mkdir -p src/gen
npx pbjs -t static-module -w es6 --es6 --force-number --no-delimited --no-typeurl -o src/gen/pbft.js proto/pbft.proto
npx pbts -o src/gen/pbft.d.ts src/gen/pbft.js
