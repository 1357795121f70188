#!/usr/bin/env bash
# pbft beside BFT-SMaRt on this machine: runs BFT-SMaRt (4 replicas of its own ThroughputLatencyServer demo,
# as shipped, and with clients signing) and `pbft bench` alternately, --rounds times each, then prints one
# table: saturation at n = 4 (and 1 KiB), one sequential client p50/p99, pbft's n = 7 as % of n = 4, the
# ratios, and each side's CPU time per operation. Each side's best round counts: these machines are shared
# and noisy, and a burst of CPU steal hurts the JIT-compiled side more.
#
# Usage:  BFTSMART_GIT=<git dir of bft-smart/library> scripts/bench-vs-bftsmart.sh [options]
#   --rounds N      rounds of each side (2)
#   --sigs 0|1      also run BFT-SMaRt with useSignatures=1 (clients sign, replicas verify) (1)
#   --kib 0|1       also the 1 KiB saturation rows (1)
#   --duration S    pbft bench's measured seconds per scenario (15)
#   --out DIR       where each round's results and the table go (bench-results/vs-bftsmart-<time>)
#   --no-build      skip `turbo run build` (pbft) and reuse a built BFT-SMaRt
# Env: BFTSMART_WORK (/tmp/bftsmart-vs: where BFT-SMaRt is built and run), BFTSMART_REF (HEAD), BASE_PORT
#   (11000), and the BFT-SMaRt phases: BFT_WARMUP_S (40: JIT warm-up, not counted), BFT_SAT_WARMUP_S (10),
#   BFT_SAT_S (15: measured), BFT_SEQ_WARMUP_OPS (3000), BFT_SEQ_OPS (3000), BFT_SIGS_WARMUP_S (30).
# With the defaults a round takes ~6-7 min on a quiet 2-core machine: 2 rounds in ≤ 15 min.
#
# BFT-SMaRt is built and run by scripts/bftsmart/ (build.sh, run.sh, java/): a copy of
# ../shared/anchors/bftsmart whose client also reads the replica JVMs' CPU time from /proc/PID/stat over each
# measured phase. Only 127.0.0.1 is used; each side kills only the processes it started.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
ROUNDS=2 SIGS=1 KIB=1 DURATION=15 BUILD=1
OUT="$ROOT/bench-results/vs-bftsmart-$(date -u +%Y%m%dT%H%M%SZ)"
while (($#)); do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --sigs) SIGS="$2"; shift 2 ;;
    --kib) KIB="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "bench-vs-bftsmart: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "bench-vs-bftsmart: --rounds must be a positive integer" >&2; exit 2; }
[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || { echo "bench-vs-bftsmart: --duration must be whole seconds" >&2; exit 2; }

WORK="${BFTSMART_WORK:-/tmp/bftsmart-vs}"
export BASE_PORT="${BASE_PORT:-11000}"
export TURBO_TELEMETRY_DISABLED=1
mkdir -p "$OUT"
START=$SECONDS
say() { echo "== [$(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg)] $*"; }

# ---------------------------------------------------------------- build -----------------------------------
if [[ $BUILD == 1 || ! -f "$WORK/lib/bench-harness.jar" ]]; then
  [[ -n "${BFTSMART_GIT:-}" ]] || { echo "bench-vs-bftsmart: set BFTSMART_GIT to the git dir of bft-smart/library" >&2; exit 2; }
  say "building BFT-SMaRt into $WORK"
  "$HERE/bftsmart/build.sh" "$WORK" > "$OUT/bftsmart-build.log" 2>&1 || { tail -20 "$OUT/bftsmart-build.log" >&2; exit 1; }
fi
if [[ $BUILD == 1 ]]; then
  say "building pbft"
  (cd "$ROOT" && npx turbo run build --output-logs=errors-only) > "$OUT/pbft-build.log" 2>&1 || { tail -20 "$OUT/pbft-build.log" >&2; exit 1; }
fi

SCENARIOS="sequential-1-client saturation-n4"
[[ $KIB == 1 ]] && SCENARIOS+=" saturation-n4-1KiB"
SCENARIOS+=" saturation-n7"

{
  echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | sed 's/^[^:]*: *//') (nproc $(nproc)); started $(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "BFT-SMaRt $(cut -c1-7 "$WORK/COMMIT" 2>/dev/null), 4 replicas, $(java -version 2>&1 | head -1); pbft $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null), Node $(node --version), pbft bench --duration $DURATION"
} > "$OUT/meta.txt"

# ---------------------------------------------------------------- rounds ----------------------------------
bftsmart() { # name, then env assignments for run.sh
  local name=$1; shift
  say "BFT-SMaRt ($name)"
  if env "$@" "$HERE/bftsmart/run.sh" "$WORK" > "$OUT/$name.log" 2>&1; then
    grep '^RESULT' "$WORK/run/results.txt" > "$OUT/$name.txt" || true
    grep '^RESULT' "$OUT/$name.txt" | grep -v 'label=warmup' | sed 's/^/   /' || true
  else
    echo "   run.sh failed; its log: $OUT/$name.log" >&2
    tail -5 "$OUT/$name.log" >&2
  fi
}
for ((r = 1; r <= ROUNDS; r++)); do
  bftsmart "bftsmart-r$r" WARMUP_S="${BFT_WARMUP_S:-40}" SAT_THREADS=100 SAT_WARMUP_S="${BFT_SAT_WARMUP_S:-10}" \
    SAT_DURATION_S="${BFT_SAT_S:-15}" SEQ_WARMUP_OPS="${BFT_SEQ_WARMUP_OPS:-3000}" SEQ_OPS="${BFT_SEQ_OPS:-3000}" \
    KIB="$KIB" SEQ_KIB=0 SIGS=0 BUDGET_S=280
  if [[ $SIGS == 1 ]]; then
    # Signed requests run at ~1/6 of the rate: a shorter sequential phase keeps the round short.
    bftsmart "bftsmart-sigs-r$r" WARMUP_S="${BFT_SIGS_WARMUP_S:-30}" SAT_THREADS=100 \
      SAT_WARMUP_S="${BFT_SAT_WARMUP_S:-10}" SAT_DURATION_S="${BFT_SAT_S:-15}" SEQ_WARMUP_OPS=1000 SEQ_OPS=2000 \
      KIB=0 SIGS=1 BUDGET_S=240
  fi
  # One bench per scenario, each tried twice: on a loaded machine a node can miss its start-up deadline,
  # and that should cost one scenario's attempt, not the round.
  for sc in $SCENARIOS; do
    for attempt in 1 2; do
      say "pbft bench $sc, round $r$([[ $attempt == 2 ]] && echo ' (again)')"
      if node "$ROOT/packages/node/dist/cli/main.js" bench --scenario "$sc" --duration "$DURATION" \
          --out "$OUT/pbft-r$r-$sc.json" > "$OUT/pbft-r$r-$sc.log" 2>&1; then
        grep -E '^[A-Za-z0-9-]+ +n=' "$OUT/pbft-r$r-$sc.log" | sed 's/^/   /' || true
        break
      fi
      echo "   failed: $(tail -1 "$OUT/pbft-r$r-$sc.log")" >&2
    done
  done
done
echo "finished $(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg), $(((SECONDS - START) / 60)) min" >> "$OUT/meta.txt"

echo
node "$HERE/bench-vs-bftsmart-table.mjs" "$OUT" | tee "$OUT/table.md"
echo
echo "(rounds, logs and the table: $OUT)"
