#!/usr/bin/env bash
# The long reconfiguration run on a real local cluster (not part of ./scripts/test.sh, whose run of the same
# test is the short one: 4 -> 5, a key rotation, a proposer removed, back to 4): grows 4 -> 5 -> 7 members and
# shrinks back to 4, with the rotation and the proposer removal, while proposals flow; prints the time from
# the last approval to each new configuration's first entry. PBFT_KEEP_FILES=1 keeps the nodes' files (they are kept anyway when a test fails, and the test says where).
# Known open bug (2026-12-05, 3 of 6 runs): of two observers admitted by the same change (node5, node6),
# one may never start its state transfer although connected to the members, and stays in epoch 0
# ("node5 in epoch 4 not reached"); the kept node.log files show it (no "state transfer started").
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
npx turbo run build --output-logs=errors-only
cd packages/node
PBFT_RECONFIG_FULL=1 npx vitest run src/it/reconfig.test.ts
