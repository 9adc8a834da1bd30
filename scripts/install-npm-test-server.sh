#!/usr/bin/env bash
# Installs a Node.js test server's packages (package.json pinned to exact versions) into a build
# directory, so the tests that start it run with nothing installed by hand. The build calls it
# before the tests (api-upstream: GraphQL Yoga, the upstream of the proxy-mode tests).
#
#   scripts/install-npm-test-server.sh SOURCE_DIR TARGET_DIR
#
# Without node and npm it says so and leaves the decision to the tests, which skip locally and
# fail under CI=true.
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 SOURCE_DIR TARGET_DIR" >&2; exit 2; }
source_dir="$1"
target_dir="$2"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "install-npm-test-server: node and npm are missing; install Node.js 20 or newer to run the tests that need $source_dir" >&2
  exit 0
fi

mkdir -p "$target_dir"
cp "$source_dir"/* "$target_dir"/
cd "$target_dir"
# installed once per clean build; package.json pins every direct version
if [[ ! -d node_modules/graphql-yoga || package.json -nt node_modules/.installed ]]; then
  npm install --no-audit --no-fund --loglevel=error >/dev/null
  touch node_modules/.installed
fi
