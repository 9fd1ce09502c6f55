#!/usr/bin/env bash
# npm run db:restore -- FILE: replaces the app database's contents with a backup made by
# npm run db:backup (pg_restore --clean --if-exists, in one transaction: on any error nothing
# changes). Run through scripts/app-db.sh, which sets DATABASE_URL.
source "$(dirname "$0")/lib.sh"
[ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set (run this as npm run db:restore -- FILE)"
[ $# -eq 1 ] || die "usage: npm run db:restore -- FILE  (a .dump file from npm run db:backup; the database's current contents are replaced)"
file="$(user_path "$1")"
[ -f "$file" ] || die "no such backup file: $file"
pg_restore="$PG_BIN/pg_restore"
[ -x "$pg_restore" ] || pg_restore="$(command -v pg_restore)" || die "pg_restore not found; install postgresql-client-${PG_VERSION}"
"$pg_restore" --list "$file" >/dev/null 2>&1 ||
  die "$file is not a backup made by npm run db:backup (pg_dump custom format)"
log "restoring $file into $(printf '%s' "${DATABASE_URL%%\?*}" | sed 's#//[^@/]*@#//#')"
"$pg_restore" --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
  --dbname="$DATABASE_URL" "$file" ||
  die "pg_restore failed; the database was left as it was. If it now has tables the backup does not (an update migrated it after the backup), restore into an emptied database: see README \"Backups\"."
log "restored $file; restart npm start if it is running"
