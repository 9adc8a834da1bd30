#!/usr/bin/env bash
# Makes sure the Debian packages some tests drive are present, so a fresh machine runs the whole
# suite with nothing installed by hand: the build calls this before the tests that need them.
#
#   scripts/install-test-packages.sh PACKAGE...
#
# chromium and chromium-driver: the headless browser of the page's tests (/usr/bin/chromium,
# /usr/bin/chromedriver; Selenium Manager is bypassed, so what is installed here is what runs).
# faketime: a child JVM whose wall clock is wrong (the store-clock and clock-skew tests).
# Installs as root with apt-get; elsewhere it says what is missing and leaves the decision to the
# tests, which skip locally and fail under CI=true.
set -euo pipefail

[[ $# -gt 0 ]] || { echo "usage: $0 PACKAGE..." >&2; exit 2; }

missing=()
for package in "$@"; do
  if [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)" != "install ok installed" ]]; then
    missing+=("$package")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
  echo "install-test-packages: installing ${missing[*]} with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  # another build on the machine may be installing at the same moment: wait for dpkg's lock
  wait_for_lock=(-o DPkg::Lock::Timeout=600)
  if ! apt-get "${wait_for_lock[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    apt-get "${wait_for_lock[@]}" update -qq >/dev/null
    apt-get "${wait_for_lock[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  exit 0
fi

echo "install-test-packages: missing ${missing[*]} (as root: apt-get install ${missing[*]});" \
  "the tests that need them are skipped locally and fail under CI=true" >&2
exit 0
