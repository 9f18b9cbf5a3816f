#!/usr/bin/env bash
# Installs what OpenNRM needs to build, run and test on Debian 12, skipping
# what is already present. Safe to run again. Needs root (or sudo) only when
# something is missing.
set -euo pipefail

DEBS=(
  build-essential cmake ninja-build pkg-config git
  libboost-dev libsqlite3-dev sqlite3 libpq-dev postgresql-15
  libsodium-dev libssl-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  libtomlplusplus-dev libexpected-dev libicu-dev
  libgtest-dev libgmock-dev
  nodejs npm chromium
  libcurl4-openssl-dev libhpdf-dev libxlsxwriter-dev fonts-dejavu-core poppler-utils python3-aiosmtpd
  wrk nginx-light oathtool curl ca-certificates ccache clang-format clang-tidy
)

missing=()
for p in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A Node.js installed outside Debian's package (e.g. a newer one) is fine.
if command -v node >/dev/null && command -v npm >/dev/null; then
  tmp=(); for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || tmp+=("$p"); done
  missing=("${tmp[@]+"${tmp[@]}"}")
fi

if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "deps: Debian packages present"
fi

# npm packages, pinned by package-lock.json; reinstalled only when the lock changes.
cd "$(dirname "$0")/.."
if [ -f package-lock.json ]; then
  stamp=node_modules/.lock-stamp
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    echo "deps: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json "$stamp"
  else
    echo "deps: npm packages present"
  fi
fi
