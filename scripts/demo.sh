#!/usr/bin/env bash
# The product's main job on one machine. Until the node daemon lands (issue 6) this runs a simulated
# four-replica cluster of the real replica core in one process: three clients submit a stream of
# proposals, a backup and then the primary crash, the others change view, and every decision is printed
# with its commit certificate and the replicas that agree on it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
node packages/consensus/dist/demo/cluster-demo.js "$@"
