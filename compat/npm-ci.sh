#!/usr/bin/env bash
# Installs the pinned official Lunary JS SDK (package-lock.json) for the compatibility suite.
# Called by the Maven build (exec-maven-plugin) before the tests of this module run.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "ERROR: the Lunary SDK compatibility suite (module 'compat') needs Node.js >= 18 and npm" >&2
  echo "       on the PATH, and found none. Install them (Debian/Ubuntu: apt-get install -y nodejs npm;" >&2
  echo "       .ci/run does it) or skip all tests with -DskipTests." >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 18 ]; then
  echo "ERROR: the lunary SDK needs Node.js >= 18 (it uses the global fetch); found $(node --version)." >&2
  exit 1
fi

# npm ci wipes node_modules each time: skip it when the installed tree matches the lock file.
stamp=node_modules/.selene-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "compat: node_modules already matches package-lock.json"
  exit 0
fi
npm ci --no-audit --no-fund --prefer-offline
echo "$want" >"$stamp"
