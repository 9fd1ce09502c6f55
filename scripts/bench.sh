#!/usr/bin/env bash
# npm run bench: every benchmark on scaled data (tiles, search, coverage, import), each in its own
# database, then one combined table from results/bench-*.json (p50/p95 and ratios against
# baselines measured in the same run). Long: expect 10-20 minutes on 2 cores the first time
# (loading 1M points and 660k names); kept bench databases make later runs faster.
source "$(dirname "$0")/lib.sh"
ensure_node_deps
ensure_gdal
ensure_postgis
cluster_up main "${CIVIC_PG_PORT:-54329}" civic_atlas
export BENCH_ADMIN_URL="postgres://postgres@127.0.0.1:${CIVIC_PG_PORT:-54329}/postgres"
cd "$ROOT"
mkdir -p results
status=0
for bench in tiles search coverage network import; do
  log "bench:$bench"
  if ! npx --no-install tsx "scripts/bench-$bench.ts" 2>&1 | tee "results/bench-$bench.log"; then
    log "bench:$bench failed"; status=1
  fi
done
npx --no-install tsx scripts/bench-report.ts
exit $status
