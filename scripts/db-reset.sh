#!/usr/bin/env bash
# npm run db:reset: drop everything in the app database, migrate and reload the demo data.
source "$(dirname "$0")/lib.sh"
ensure_node_deps
ensure_app_database
cd "$ROOT" && npx --no-install tsx scripts/db.ts reset
