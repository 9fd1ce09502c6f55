#!/usr/bin/env bash
# scripts/app-db.sh COMMAND [ARGS...]: runs COMMAND against the app's database, found the way
# `npm start` finds it: DATABASE_URL when set, otherwise the project-local cluster (.data/main, port
# CIVIC_PG_PORT or 54329, database civic_atlas), started if it is not running. So `npm run user:add`
# works in a second terminal next to `npm start`, or on its own (the cluster is then stopped again).
source "$(dirname "$0")/lib.sh"
[ $# -gt 0 ] || die "usage: scripts/app-db.sh COMMAND [ARGS...]"
if [ -n "${DATABASE_URL:-}" ]; then
  exec "$@"
fi
ensure_postgis
dir="$(cluster_dir main)"
was_running=no
if [ -f "$dir/PG_VERSION" ] && as_pg_owner "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  was_running=yes
fi
cluster_up main "${CIVIC_PG_PORT:-54329}" civic_atlas
if [ "$was_running" = yes ]; then
  exec "$@"
fi
# We started the cluster, so we stop it again; `npm start` starts it when it needs it.
status=0
"$@" || status=$?
cluster_down main
exit "$status"
