#!/usr/bin/env bash
# The long reconfiguration run on a real local cluster (not part of ./scripts/test.sh, whose run of the same
# test is the short one: 4 -> 5, a key rotation, a proposer removed, back to 4): grows 4 -> 5 -> 7 members and
# shrinks back to 4, with the rotation and the proposer removal, while proposals flow; prints the time from
# the last approval to each new configuration's first entry. PBFT_KEEP_FILES=1 keeps the nodes' files (they are kept anyway when a test fails, and the test says where).
# Found by it (2026-12-05, 3 of 6 runs, fixed since): of two observers admitted by the same change (node5,
# node6), one could stay in epoch 0 for good: once the cluster's stable checkpoint proof had 5 signatures
# (7 members), an observer still working in the 4-member genesis epoch refused every state reply as
# carrying more proof envelopes than its n (consensus state-transfer.ts; test in replica.lagging.test.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
npx turbo run build --output-logs=errors-only
cd packages/node
PBFT_RECONFIG_FULL=1 npx vitest run src/it/reconfig.test.ts
