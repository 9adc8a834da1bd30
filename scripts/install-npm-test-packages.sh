#!/usr/bin/env bash
# Installs the npm packages a module's tests drive (a folder with package.json and the
# package-lock.json that pins every version, and the tests' own .mjs scripts) into a directory of the
# build's, so a fresh machine runs those tests with nothing installed by hand; the build calls this
# before the tests. Used for app/src/test/node (the standard 402 clients, the PromQL grammar) and
# api-upstream/src/test/upstream-server (GraphQL Yoga, the proxy-mode tests' upstream).
#
#   scripts/install-npm-test-packages.sh SOURCE_DIR TARGET_DIR
#
# Needs Node.js 20 and npm; without them it says so and leaves the decision to the tests, which skip
# locally and fail under CI=true. An install that is already up to date is left alone.
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 SOURCE_DIR TARGET_DIR" >&2; exit 2; }
source_dir="$1"
target_dir="$2"

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "install-npm-test-packages: node and npm are missing; the tests that drive npm clients are skipped" \
    "locally and fail under CI=true" >&2
  exit 0
fi

mkdir -p "$target_dir"
# the tests' own scripts sit beside node_modules, where Node.js resolves their imports from
cp "$source_dir"/*.mjs "$target_dir/"
if [[ -d "$target_dir/node_modules" ]] && cmp -s "$source_dir/package-lock.json" "$target_dir/package-lock.json"; then
  exit 0
fi
cp "$source_dir/package.json" "$source_dir/package-lock.json" "$target_dir/"
# ci: exactly the locked versions, checked against the lock's integrity hashes
(cd "$target_dir" && npm ci --no-audit --no-fund --silent)
