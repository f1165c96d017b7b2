#!/usr/bin/env bash
# Debian's Chromium for browser tests (driven by playwright-core with executablePath /usr/bin/chromium).
# Idempotent: installs only when /usr/bin/chromium is missing, then prints the version.
set -euo pipefail

if [[ ! -x /usr/bin/chromium ]]; then
  echo "chromium: installing Debian's chromium package"
  sudo_cmd=()
  if [[ "$(id -u)" != "0" ]]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq >/dev/null
  # Another apt run (unattended upgrades, a parallel job) may hold the lock: wait for it, do not fail.
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium >/dev/null
fi

# The Debian wrapper script prints a harmless shell warning on some kernels; keep only the version.
/usr/bin/chromium --version 2>/dev/null
