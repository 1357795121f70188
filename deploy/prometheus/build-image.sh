#!/usr/bin/env bash
# Builds pbft-prometheus:local (Prometheus from Debian's package) for the `monitoring` profile of
# deploy/compose.yaml, on the local base image (deploy/docker/build-base-image.sh makes it when missing).
# The Debian mirror is read from this machine's apt sources at run time (DEBIAN_MIRROR overrides it).
#   deploy/prometheus/build-image.sh [--base IMAGE] [--tag NAME]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../docker/lib.sh
. deploy/docker/lib.sh

base=pbft-base:bookworm
tag=pbft-prometheus:local
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
    *) die "unknown option $1" ;;
  esac
done

ensure_docker
if ! docker image inspect "$base" >/dev/null 2>&1; then
  [ "$base" = pbft-base:bookworm ] || die "base image $base not found"
  deploy/docker/build-base-image.sh
fi
mirror=$(debian_mirror) || die "no Debian mirror in this machine's apt sources (set DEBIAN_MIRROR)"
log "building $tag from $base"
DOCKER_BUILDKIT=0 docker build -q --build-arg BASE_IMAGE="$base" --build-arg DEBIAN_MIRROR="$mirror" \
  -t "$tag" deploy/prometheus >/dev/null
log "built $tag ($(docker run --rm --entrypoint prometheus "$tag" --version 2>&1 | head -1))"
