#!/usr/bin/env bash
# Generates the testnet for deploy/compose.yaml: four nodes whose hosts are the
# compose services node0..node3, in deploy/testnet/ (or the directory given).
# Each node's client and HTTP ports are also listed on 127.0.0.1 at the ports
# compose publishes (base 7100), so the host CLI can submit to the cluster.
#
# Usage: deploy/testnet.sh [--out DIR] [--force]
# Needs SoftHSM2 on this machine (apt-get install softhsm2): the vote keys are
# generated inside each node's token here, then the token travels with the node dir.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
# shellcheck source=docker/lib.sh
source "$here/docker/lib.sh"

out="$here/testnet"
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift ;;
    --force) extra+=(--force) ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
  shift
done

command -v softhsm2-util >/dev/null 2>&1 || apt_install softhsm2
[ -f "$repo/packages/node/dist/cli/main.js" ] || die "the CLI is not built: run ./scripts/setup.sh"
"$repo/pbft" testnet --out "$out" --nodes 4 --base-port 7100 --hosts node0,node1,node2,node3 "${extra[@]}"
log "testnet in $out; start it with: docker-compose -f deploy/compose.yaml up -d"
