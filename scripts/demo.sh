#!/usr/bin/env bash
# The product's main job on one machine: a fresh 4-node testnet (each node with its own SoftHSM token and
# a vote key generated inside it), the cluster as four local processes, one proposal submitted and its
# receipt printed, then `ledger verify` on every node. The cluster is stopped on exit unless --keep.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

keep=0
[[ "${1:-}" == "--keep" ]] && keep=1
dir=${PBFT_DEMO_DIR:-.pbft/demo}
pbft() { node packages/node/bin/pbft.js "$@"; }

rm -rf "$dir"
pbft testnet --dir "$dir" --nodes 4
pbft cluster up --dir "$dir" --detach
stop() { pbft cluster down --dir "$dir" >/dev/null 2>&1 || true; }
((keep)) || trap stop EXIT
pbft cluster wait --dir "$dir" --timeout 60

pbft submit --dir "$dir" --type decision --title "Adopt the PBFT decision ledger" \
  --content '{"text":"All decisions of the consortium are recorded here."}' --source "demo"

for n in "$dir"/nodes/*/; do pbft ledger verify --data "$n" --cluster "$dir/cluster.json"; done
((keep)) && echo "cluster still running; stop it with: node packages/node/bin/pbft.js cluster down --dir $dir"
