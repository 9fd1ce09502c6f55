#!/usr/bin/env bash
# npm test: bootstrap a separate test cluster (never the app's database), then type-check, lint,
# and run the unit, API and browser tests.
source "$(dirname "$0")/lib.sh"
ensure_node_deps
ensure_gdal
ensure_road_tools
ensure_gis_clients
ensure_debian_packages chromium fonts-noto-cjk poppler-utils sqlite3
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  export DATABASE_URL="$TEST_DATABASE_URL"
else
  ensure_postgis
  export CIVIC_PG_TEST_PORT="${CIVIC_PG_TEST_PORT:-54330}" # fault tests use the next ports up
  cluster_up test "$CIVIC_PG_TEST_PORT" civic_atlas_test
  # Leave no server behind: the next npm test restarts the cluster in a second or two.
  trap 'cluster_down test' EXIT
  export CIVIC_PG_CLUSTER=test
fi
cd "$ROOT"
log "fresh test database: migrate + demo data"
npx --no-install tsx scripts/db.ts reset
log "type-check"
npx --no-install tsc --noEmit -p tsconfig.json
log "lint"
npx --no-install biome check .
ensure_client_build
log "tests"
npx --no-install vitest run "$@"
