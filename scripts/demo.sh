#!/usr/bin/env bash
# The product's main job on one machine: create a local testnet (four nodes, each with a SoftHSM token
# holding its vote key), bring the cluster up as plain processes, submit a proposal, print its receipt,
# and verify every node's ledger. The cluster keeps running for the tour in README.md; stop it with
#   ./pbft cluster down
# Options: PBFT_TESTNET (default .pbft/testnet), PBFT_BASE_PORT (default 7100), PBFT_SKIP_SETUP=1 (skip
# scripts/setup.sh: the docs test, which has built everything already, sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${PBFT_SKIP_SETUP:-0}" != "1" ]]; then ./scripts/setup.sh; fi
export PBFT_TESTNET="${PBFT_TESTNET:-.pbft/testnet}"

if [[ ! -f "$PBFT_TESTNET/cluster.json" ]]; then
  ./pbft testnet --out "$PBFT_TESTNET" --base-port "${PBFT_BASE_PORT:-7100}"
fi
# A cluster left running by an earlier demo is restarted so this run starts from a known state.
./pbft cluster down >/dev/null
./pbft cluster up --detach
echo
./pbft submit --type decision --title "Adopt the decision ledger" \
  --content '{"text":"Decisions of the consortium are recorded here, signed by 2f+1 members."}' \
  --receipt-out "$PBFT_TESTNET/receipt.json"
echo
./pbft receipt verify --receipt "$PBFT_TESTNET/receipt.json"
echo
members=$(node -e 'const c=require(process.argv[1]); console.log(c.members.map(m=>m.httpAddress).join(" "))' "$(realpath "$PBFT_TESTNET/cluster.json")")
for address in $members; do
  printf '%s: ' "$address"
  ./pbft ledger verify --url "$address"
done
echo
./pbft status
echo
echo "The cluster is still running (logs: $PBFT_TESTNET/node<i>/node.log). Try the tour in README.md, then stop it with:"
echo "  ./pbft cluster down"
