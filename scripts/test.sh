#!/usr/bin/env bash
# The whole test suite: lint, typecheck and every package's tests (unit, integration on real local
# clusters, a simulator run). With CI=true (or PBFT_CHAOS_SMOKE=1) it also runs the chaos smoke subset
# (kill-primary, partition-2-2, byzantine-primary) on real containers: Docker (Debian's docker.io) is
# installed and started when missing and the node image is built offline (deploy/docker).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export TURBO_TELEMETRY_DISABLED=1
npx biome check .
./scripts/check-genproto.sh
npx turbo run typecheck --output-logs=errors-only
npx turbo run test --concurrency=1
if [[ "${CI:-}" == "true" || "${PBFT_CHAOS_SMOKE:-0}" == "1" ]]; then
  echo "chaos smoke: kill-primary, partition-2-2, byzantine-primary on real containers"
  npm run chaos:smoke -w @pbft/chaos
fi
