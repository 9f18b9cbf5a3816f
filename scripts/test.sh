#!/usr/bin/env bash
# Runs the whole test suite against a build directory. Starts a throwaway
# PostgreSQL cluster for the store tests and stops it on exit.
set -euo pipefail
BUILD_DIR=${1:?usage: test.sh BUILD_DIR}
cd "$(dirname "$0")/.."

PGDIR=$(mktemp -d /tmp/nrm-pg.XXXXXX)
cleanup() { scripts/pg-test-cluster.sh stop "$PGDIR" >/dev/null 2>&1 || true; }
trap cleanup EXIT
NRM_TEST_PG_URL=$(scripts/pg-test-cluster.sh start "$PGDIR")
export NRM_TEST_PG_URL
echo "test: throwaway PostgreSQL at $PGDIR"

cmake --build "$BUILD_DIR" -j "$(nproc)"
cd "$BUILD_DIR"
ctest --output-on-failure -j "$(nproc)"
