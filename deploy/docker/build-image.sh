#!/usr/bin/env bash
# Builds the node image (default pbft-node:local) from this workspace.
#
# Usage: deploy/docker/build-image.sh [--base IMAGE] [--tag NAME:TAG] [--no-build] [--force-base]
#   --base IMAGE   base image (default: $PBFT_BASE_IMAGE or pbft-base:bookworm,
#                  built offline by build-base-image.sh when missing)
#   --tag          image name (default: $PBFT_IMAGE or pbft-node:local)
#   --no-build     do not run `npm run build` (turbo from node_modules) first (dist/ must exist)
#   --force-base   rebuild the base image too
#
# The workspace must have its dependencies installed (npm ci). The image gets
# the built packages and node_modules (dev tools left out), copied from a
# staged context so that testnets, logs, .git and caches never enter it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

base="${PBFT_BASE_IMAGE:-pbft-base:bookworm}"
tag="${PBFT_IMAGE:-pbft-node:local}"
build=1
force_base=()
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base="$2"; shift ;;
    --tag) tag="$2"; shift ;;
    --no-build) build=0 ;;
    --force-base) force_base=(--force) ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
  shift
done

ensure_docker
if [ "$base" = "pbft-base:bookworm" ] || [ "${#force_base[@]}" -gt 0 ]; then
  "$here/build-base-image.sh" --tag "$base" "${force_base[@]}"
elif ! docker image inspect "$base" >/dev/null 2>&1; then
  log "base image $base is not local; the build will try to pull it"
fi

cd "$repo"
[ -d node_modules ] || die "no node_modules in $repo: run npm ci first"
if [ "$build" -eq 1 ]; then
  log "building the workspace (turbo)"
  TURBO_TELEMETRY_DISABLED=1 npm run build --silent >&2
fi
[ -f packages/node/dist/cli/main.js ] || die "packages/node/dist/cli/main.js is missing: build the workspace first"

ctx="$(mktemp -d /var/tmp/pbft-image-ctx.XXXXXX)"
trap 'rm -rf --one-file-system "$ctx"' EXIT
mkdir -p "$ctx/app"
log "staging the build context in $ctx"
# Only what runs: manifests, built packages, node_modules without the dev
# tool chain, and the chaos suite's compiled entry points (Byzantine wrapper).
tar -C "$repo" -c \
  --exclude='.git' --exclude='.turbo' --exclude='*.tsbuildinfo' --exclude='coverage' \
  --exclude='*.log' --exclude='node_modules/.cache' --exclude='testnet' --exclude='.pbft' \
  --exclude='node_modules/@biomejs' --exclude='node_modules/@turbo' --exclude='node_modules/turbo' \
  --exclude='node_modules/typescript' --exclude='node_modules/@esbuild' --exclude='node_modules/esbuild' \
  --exclude='node_modules/@rolldown' --exclude='node_modules/rolldown' \
  --exclude='node_modules/lightningcss*' --exclude='node_modules/@vitest' --exclude='node_modules/vitest' \
  --exclude='node_modules/vite' --exclude='node_modules/@types' \
  --exclude='chaos/reports' --exclude='chaos/node_modules/.vite' \
  package.json package-lock.json node_modules packages \
  $( [ -d chaos/dist ] && echo chaos/package.json chaos/dist ) \
  | tar -C "$ctx/app" -x
cp "$here/Dockerfile" "$ctx/Dockerfile"
# The image has no .git: the node reads its commit (pbft --version, /status, pbft_build_info) from here.
commit="$(git -C "$repo" rev-parse HEAD 2>/dev/null || echo unknown)"
printf '{"commit":"%s"}\n' "$commit" > "$ctx/app/packages/node/dist/build-info.json"

log "docker build $tag FROM $base (legacy builder, nothing pulled when the base is local)"
DOCKER_BUILDKIT=0 docker build --build-arg BASE_IMAGE="$base" -t "$tag" "$ctx" >&2
log "built $tag ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}'))"
