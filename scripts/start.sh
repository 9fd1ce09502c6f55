#!/usr/bin/env bash
# npm start: everything from a fresh machine to the app on http://localhost:8080.
# Ctrl-C stops the server and then the project-local database cluster (its data is kept).
source "$(dirname "$0")/lib.sh"
own_cluster=no
[ -z "${DATABASE_URL:-}" ] && own_cluster=yes
ensure_node_deps
ensure_gdal
ensure_app_database
migrate_and_seed
ensure_client_build
log "starting the server on http://${HOST:-localhost}:${PORT:-8080}  (Ctrl-C stops)"
"$ROOT/node_modules/.bin/tsx" "$ROOT/server/main.ts" &
server=$!
# Ctrl-C reaches the whole process group; the server shuts itself down on SIGINT/SIGTERM.
trap 'kill -TERM "$server" 2>/dev/null' TERM
trap ':' INT
status=0
while kill -0 "$server" 2>/dev/null; do
  wait "$server" && status=0 || status=$?
done
if [ "$own_cluster" = yes ]; then
  log "stopping the local PostgreSQL cluster (data kept in .data/)"
  cluster_down main
fi
# 130 = stopped by Ctrl-C, as the user asked: report success.
[ "$status" = 130 ] && status=0
exit "$status"
