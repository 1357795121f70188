#!/usr/bin/env bash
# The whole test suite: lint, typecheck and every package's tests (unit, integration, a simulator run).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export TURBO_TELEMETRY_DISABLED=1
npx biome check .
./scripts/check-genproto.sh
npx turbo run typecheck --output-logs=errors-only
npx turbo run test --concurrency=1
