#!/usr/bin/env bash
# Makes sure the headless browser the browser test drives is present: Debian's chromium and
# chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver). The test itself never downloads a
# browser: Selenium Manager is bypassed, so what this script installs is exactly what runs.
set -euo pipefail

have_browser() {
  [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]
}

if have_browser; then
  exit 0
fi

if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: installing chromium and chromium-driver with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
  if have_browser; then
    exit 0
  fi
  echo "install-browser: apt-get finished but /usr/bin/chromium or /usr/bin/chromedriver is still missing" >&2
  exit 1
fi

cat >&2 <<'MSG'
install-browser: the browser test needs /usr/bin/chromium and /usr/bin/chromedriver.
  On Debian or Ubuntu:  sudo apt-get install chromium chromium-driver
Without them the browser test is skipped locally (and fails under CI=true).
MSG
exit 0
