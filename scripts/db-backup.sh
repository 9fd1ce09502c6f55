#!/usr/bin/env bash
# npm run db:backup [-- FILE]: the whole app database as one pg_dump custom-format file, by default
# backups/civic-atlas-<date>-<time>.dump. Run through scripts/app-db.sh, which sets DATABASE_URL.
source "$(dirname "$0")/lib.sh"
[ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set (run this as npm run db:backup)"
[ $# -le 1 ] || die "usage: npm run db:backup [-- FILE]"
target="$ROOT/backups/civic-atlas-$(date +%Y-%m-%d-%H%M%S).dump"
[ $# -eq 1 ] && target="$(user_path "$1")"
[ -e "$target" ] && die "$target exists already; give another file name"
mkdir -p "$(dirname "$target")"
pg_dump="$PG_BIN/pg_dump"
[ -x "$pg_dump" ] || pg_dump="$(command -v pg_dump)" || die "pg_dump not found; install postgresql-client-${PG_VERSION}"
# Written next to the target and renamed at the end, so a failed dump never looks like a backup.
partial="$target.partial"
trap 'rm -f "$partial"' EXIT
"$pg_dump" --format=custom --no-owner --no-privileges --file="$partial" --dbname="$DATABASE_URL" ||
  die "pg_dump failed; no backup was written"
mv "$partial" "$target"
log "backup written: $target ($(du -h "$target" | cut -f1)); restore with: npm run db:restore -- $target"
