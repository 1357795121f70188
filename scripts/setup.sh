#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for this project: Debian packages (as root; otherwise prints
# the exact command), npm packages from the committed lockfile, and the build. Idempotent and quiet when
# everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

# prometheus: promtool, used by the observability tests; chromium: the web page's browser tests
# (packages/node/src/it/web.test.ts drives it headless through playwright-core, which downloads nothing).
DEB_PACKAGES=(softhsm2 opensc prometheus chromium)
if [[ "${PBFT_WITH_DOCKER:-0}" == "1" ]]; then DEB_PACKAGES+=(docker.io debootstrap iptables iproute2); fi

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: run as root:  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# npm ci only when the lockfile changed since the last install (it wipes node_modules).
stamp=node_modules/.pbft-lock-stamp
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

export TURBO_TELEMETRY_DISABLED=1
npx turbo run build --output-logs=errors-only >/dev/null
