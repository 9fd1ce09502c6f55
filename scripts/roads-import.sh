#!/usr/bin/env bash
# npm run roads:import -- FILE.osm.pbf [--district CODE] --user USERNAME: osmium-tool and
# osm2pgrouting (Debian) are installed when missing, then the import runs against the app's database.
source "$(dirname "$0")/lib.sh"
ensure_road_tools
args=()
for a in "$@"; do
  case "$a" in
    -*) args+=("$a") ;;
    *) if [ -f "$(user_path "$a")" ]; then args+=("$(user_path "$a")"); else args+=("$a"); fi ;;
  esac
done
exec bash "$ROOT/scripts/app-db.sh" "$ROOT/node_modules/.bin/tsx" "$ROOT/scripts/roads-import.ts" "${args[@]}"
