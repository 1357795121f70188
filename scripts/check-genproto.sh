#!/usr/bin/env bash
# Fails when packages/consensus/src/gen is not what proto/pbft.proto generates (one schema, checked fresh).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh packages/consensus/scripts/genproto.sh "$tmp" 2>/dev/null
for f in pbft.js pbft.d.ts; do
  if ! cmp -s "$tmp/$f" "packages/consensus/src/gen/$f"; then
    echo "generated code is stale: run 'npm run gen -w @pbft/consensus' and commit src/gen/$f" >&2
    exit 1
  fi
done
echo "generated protobuf code is fresh"
