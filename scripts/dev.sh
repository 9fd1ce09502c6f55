#!/usr/bin/env bash
# npm run dev: Vite dev server (client, hot reload) + API server in watch mode.
source "$(dirname "$0")/lib.sh"
ensure_node_deps
ensure_gdal
ensure_app_database
migrate_and_seed
cd "$ROOT"
export PORT="${API_PORT:-8081}"
npx --no-install tsx watch server/main.ts &
api=$!
trap 'kill $api 2>/dev/null' EXIT
log "client with hot reload on http://localhost:5173 (API on :$PORT)"
npx --no-install vite
