#!/usr/bin/env bash
# npm start: everything from a fresh machine to the app on http://localhost:8080.
source "$(dirname "$0")/lib.sh"
ensure_node_deps
ensure_app_database
migrate_and_seed
ensure_client_build
log "serving on http://${HOST:-localhost}:${PORT:-8080}  (Ctrl-C stops)"
exec npx --no-install tsx server/main.ts
