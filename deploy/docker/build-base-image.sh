#!/usr/bin/env bash
# Builds the local base image (default pbft-base:bookworm) without any
# container registry: a Debian bookworm root file system from Debian's own
# packages (debootstrap --variant=minbase), this machine's `node` binary
# copied in, then `docker import`.
#
# Usage: deploy/docker/build-base-image.sh [--force] [--tag NAME:TAG]
#   --force       rebuild even when the image exists
#   --tag         image name (default: $PBFT_BASE_IMAGE or pbft-base:bookworm)
# Environment:
#   DEBIAN_MIRROR  Debian archive URI; default: read from this machine's apt sources
#   NODE_BIN       node binary to copy in (default: the one on the PATH)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

tag="${PBFT_BASE_IMAGE:-pbft-base:bookworm}"
force=0
while [ $# -gt 0 ]; do
  case "$1" in
    --force) force=1 ;;
    --tag) tag="$2"; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
  shift
done

ensure_docker
if [ "$force" -eq 0 ] && docker image inspect "$tag" >/dev/null 2>&1; then
  log "$tag exists (use --force to rebuild)"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || die "debootstrap needs root"
command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap
node_bin="${NODE_BIN:-$(command -v node || true)}"
[ -n "$node_bin" ] || die "no node binary on the PATH (set NODE_BIN)"
node_bin="$(readlink -f "$node_bin")"
node_version="$("$node_bin" -p process.versions.node)"
mirror="$(debian_mirror)" || die "no bookworm Debian source found in the apt sources (set DEBIAN_MIRROR)"

# Run-time packages: SoftHSM2 for the vote keys, iproute2/iptables for the
# chaos suite's network faults, ca-certificates, and the C++ runtime that
# node and the native addons (pkcs11js, classic-level) link against.
packages="softhsm2,iproute2,iptables,ca-certificates,libstdc++6,procps,tzdata"

rootfs="$(mktemp -d /var/tmp/pbft-base-rootfs.XXXXXX)"
cleanup() { rm -rf --one-file-system "$rootfs"; }
trap cleanup EXIT

log "debootstrap bookworm (minbase, +$packages) into $rootfs; this takes a few minutes"
start=$(date +%s)
debootstrap --variant=minbase --include="$packages" bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
  || { tail -30 "$rootfs.log" >&2; die "debootstrap failed (log: $rootfs.log)"; }
rm -f "$rootfs.log"

log "copying node $node_version from $node_bin"
install -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
chroot "$rootfs" /usr/local/bin/node -e 'process.exit(0)' || die "node does not run inside the bookworm root fs"

# Keep the image small and free of this machine's mirror configuration.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
       "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/tmp/*
rm -f "$rootfs/etc/apt/sources.list"
rm -f "$rootfs"/etc/apt/sources.list.d/* 2>/dev/null || true
: > "$rootfs/etc/hostname"

log "docker import as $tag"
tar -C "$rootfs" --numeric-owner -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change "LABEL org.opencontainers.image.title=pbft-base org.opencontainers.image.description=debian-bookworm-minbase+softhsm2+node-$node_version" \
  --change 'CMD ["node"]' \
  - "$tag" >/dev/null
log "built $tag in $(( $(date +%s) - start )) s: $(docker run --rm "$tag" node -p '"node " + process.version')"
