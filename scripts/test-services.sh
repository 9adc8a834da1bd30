#!/usr/bin/env bash
# Sourced by scripts/test: makes sure what the tests need is there.

# PostgreSQL: the several-instances and store tests use PAYQL_TEST_PG_URL. Every development and CI
# machine runs one on 127.0.0.1:5432 (database `test`, trust authentication); point the tests at it
# when nothing else is configured. Without one, the tests start an embedded PostgreSQL from Maven
# Central for a non-root user, and otherwise say how to enable them and are skipped (under CI=true,
# they fail).
if [ -z "${PAYQL_TEST_PG_URL:-}" ]; then
  if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
    export PAYQL_TEST_PG_URL="jdbc:postgresql://127.0.0.1:5432/test?user=postgres"
  else
    echo "note: no PostgreSQL on 127.0.0.1:5432 and PAYQL_TEST_PG_URL unset: the PostgreSQL tests start an" \
      "embedded one (non-root users) or are skipped (root; under CI=true they fail)" >&2
  fi
fi

# Headless Chromium and its driver for the GraphiQL page's browser test (installed when missing
# and allowed; otherwise the script says what to install).
bash scripts/install-browser.sh || true
