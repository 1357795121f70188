#!/usr/bin/env bash
# Shared helpers for the deploy scripts. Source it; do not run it.
# Nothing here writes a mirror or registry host name anywhere: the Debian
# mirror is read from the machine's apt sources each time it is needed.

log() { printf '[deploy] %s\n' "$*" >&2; }
die() { printf '[deploy] error: %s\n' "$*" >&2; exit 1; }

# apt_install PKG...: installs the packages that are missing (root only).
apt_install() {
  local missing=()
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing packages ${missing[*]} (run as root or install them)"
  log "installing ${missing[*]}"
  # An empty package list (fresh machine) makes apt-get install fail: update first.
  if ! ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then apt-get update -q >&2; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2 \
    || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2; }
}

# ensure_docker: a docker client that talks to a running engine. Installs
# Debian's docker.io and starts dockerd in the background when needed.
ensure_docker() {
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then return 0; fi
  command -v dockerd >/dev/null 2>&1 || apt_install docker.io
  command -v docker >/dev/null 2>&1 || die "no docker client after installing docker.io"
  if ! docker info >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] || die "the Docker engine is not running and only root can start it here"
    log "starting dockerd (log: /var/log/pbft-dockerd.log)"
    setsid nohup dockerd >/var/log/pbft-dockerd.log 2>&1 < /dev/null &
    local i
    for i in $(seq 1 60); do
      docker info >/dev/null 2>&1 && break
      sleep 1
    done
    docker info >/dev/null 2>&1 || die "dockerd did not come up within 60 s (see /var/log/pbft-dockerd.log)"
  fi
}

# debian_mirror: prints the Debian archive URI from the machine's apt sources
# (deb822 files in /etc/apt/sources.list.d/*.sources, one-line *.list files,
# or /etc/apt/sources.list). DEBIAN_MIRROR in the environment wins.
debian_mirror() {
  if [ -n "${DEBIAN_MIRROR:-}" ]; then printf '%s\n' "$DEBIAN_MIRROR"; return 0; fi
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    # deb822: stanzas separated by blank lines; take the URI of a "deb" stanza
    # whose suites include bookworm (not the security archive).
    uri=$(awk '
      BEGIN { RS = ""; FS = "\n" }
      {
        types = ""; uris = ""; suites = ""
        for (i = 1; i <= NF; i++) {
          line = $i
          if (line ~ /^[ \t]*#/) continue
          if (line ~ /^Types:/)  { sub(/^Types:[ \t]*/, "", line);  types = line }
          if (line ~ /^URIs:/)   { sub(/^URIs:[ \t]*/, "", line);   uris = line }
          if (line ~ /^Suites:/) { sub(/^Suites:[ \t]*/, "", line); suites = line }
        }
        if (types ~ /(^| )deb( |$)/ && suites ~ /(^| )bookworm( |$)/) {
          split(uris, u, /[ \t]+/); print u[1]; exit
        }
      }' "$f")
    [ -n "$uri" ] && { printf '%s\n' "$uri"; return 0; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    # one-line format: deb [options] URI suite components...
    uri=$(awk '
      /^[ \t]*deb[ \t]/ {
        i = 2
        if ($i ~ /^\[/) { while ($i !~ /\]$/ && i < NF) i++; i++ }
        if ($(i + 1) == "bookworm") { print $i; exit }
      }' "$f")
    [ -n "$uri" ] && { printf '%s\n' "$uri"; return 0; }
  done
  return 1
}
