#!/usr/bin/env bash
# Sourced by scripts/test: makes sure what the tests need is there.
# PostgreSQL: the tests use PAYQL_TEST_PG_URL when set. Where it is not set and a server answers
# on 127.0.0.1:5432 (every development and CI machine runs one, database `test`, trust auth),
# point the tests at it.
if [ -z "${PAYQL_TEST_PG_URL:-}" ]; then
  if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
    export PAYQL_TEST_PG_URL="jdbc:postgresql://127.0.0.1:5432/test?user=postgres"
  fi
fi
