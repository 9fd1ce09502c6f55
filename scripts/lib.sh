# Shared bootstrap steps for start, test, dev and db-reset. Sourced, not run.
# Idempotent: a second run only checks and skips, so `npm start` is fast the second time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_VERSION=15
PG_BIN="/usr/lib/postgresql/${PG_VERSION}/bin"
SYSTEM_PACKAGES=(postgresql-${PG_VERSION} postgresql-${PG_VERSION}-postgis-3 postgresql-${PG_VERSION}-pgrouting)

log() { printf '\033[1;34m[civic-atlas]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[civic-atlas] %s\033[0m\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# Install or refresh npm packages only when the lockfile changed since the last install.
ensure_node_deps() {
  cd "$ROOT"
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    # npm install (not npm ci): npm 11 writes lockfiles without other platforms' optional packages
    # and then npm ci refuses them as "out of sync" (npm/cli#9846). npm install still installs the
    # locked versions.
    log "installing npm packages"
    npm install --no-audit --no-fund --loglevel=error
  fi
}

# apt-get install the given Debian packages when missing (root only); otherwise say what to install.
ensure_debian_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if is_root && command -v apt-get >/dev/null; then
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || log "apt-get update failed; trying the install with the lists we have"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    die "missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}  (or set DATABASE_URL to a PostgreSQL ${PG_VERSION} server with PostGIS 3)"
  fi
}

# ogr2ogr/ogrinfo: imports and exports read and write every GIS format and coordinate system through
# GDAL. Needed by the server whatever database it uses.
# GDAL for every import and export; Noto CJK for the Chinese text of printed labels (PDF and PNG).
ensure_gdal() {
  ensure_debian_packages gdal-bin fonts-noto-cjk
}

# osmium-tool and osm2pgrouting: npm run roads:import turns a bureau's OpenStreetMap extract into
# the walking network (clip, walking ways only, split at junctions).
ensure_road_tools() {
  ensure_debian_packages osmium-tool osm2pgrouting
}

# The GIS clients the OGC API tests read our API with: OWSLib and QGIS's own OAPIF provider (its
# Python bindings, headless), both Debian's, for the system python3.
ensure_gis_clients() {
  ensure_debian_packages python3-owslib python3-qgis qgis-providers
}

ensure_postgis() {
  ensure_debian_packages "${SYSTEM_PACKAGES[@]}"
  [ -x "$PG_BIN/pg_ctl" ] || die "PostgreSQL ${PG_VERSION} binaries not found in $PG_BIN"
}

# Run a PostgreSQL server binary as the cluster owner: PostgreSQL refuses to run as root.
as_pg_owner() {
  # From / so the postgres user is not asked to enter a checkout it may not be able to read.
  if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# Where a cluster's files live. Normally .data/<name> in the checkout; when running as root and the
# checkout is not reachable by the postgres user (e.g. under /root), under /var/lib/civic-atlas
# instead, keyed by the checkout path, with a note in .data/<name>.location.
cluster_dir() {
  local name="$1"
  local dir="$ROOT/.data/$name"
  mkdir -p "$ROOT/.data"
  if is_root; then
    if ! runuser -u postgres -- test -x "$ROOT/.data" 2>/dev/null; then
      local key
      key="$(printf '%s' "$ROOT" | md5sum | cut -c1-12)"
      dir="/var/lib/civic-atlas/$key/$name"
      mkdir -p "$dir"
      chown -R postgres:postgres "/var/lib/civic-atlas/$key"
      chmod 700 "$dir"
      echo "$dir" >"$ROOT/.data/$name.location"
    fi
  fi
  echo "$dir"
}

# Start (creating if needed) a project-local cluster: cluster_up NAME PORT DBNAME. Exports DATABASE_URL.
cluster_up() {
  local name="$1" port="$2" db="$3" dir
  dir="$(cluster_dir "$name")"
  mkdir -p "$dir"
  if is_root; then chown postgres:postgres "$dir"; chmod 700 "$dir"; fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    log "creating PostgreSQL cluster '$name' in $dir"
    as_pg_owner "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$dir/postgresql.conf" <<CONF
# civic-atlas: loopback only, its own port, small machine
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
max_connections = 300
shared_buffers = 256MB
work_mem = 32MB
maintenance_work_mem = 256MB
fsync = on
CONF
  fi
  if ! as_pg_owner "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    log "starting PostgreSQL cluster '$name' on 127.0.0.1:$port"
    as_pg_owner "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start >/dev/null ||
      { tail -20 "$dir/server.log" >&2; die "PostgreSQL did not start; log: $dir/server.log"; }
  fi
  if ! "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
    "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "create database \"$db\"" >/dev/null
  fi
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/$db"
  export CIVIC_PG_DIR="$dir"
}

cluster_down() {
  local name="$1" dir
  dir="$(cluster_dir "$name")"
  [ -f "$dir/PG_VERSION" ] || return 0
  as_pg_owner "$PG_BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
}

# The app's database: DATABASE_URL if given, else the local 'main' cluster.
ensure_app_database() {
  if [ -n "${DATABASE_URL:-}" ]; then
    log "using DATABASE_URL from the environment"
  else
    ensure_postgis
    cluster_up main "${CIVIC_PG_PORT:-54329}" civic_atlas
  fi
}

# Migrations, then demo data when the database has none.
migrate_and_seed() {
  cd "$ROOT"
  "$ROOT/node_modules/.bin/tsx" scripts/db.ts setup
}

# Build the client only when its sources changed since the last build.
ensure_client_build() {
  cd "$ROOT"
  local stamp
  stamp="$(find client vite.config.ts package-lock.json -type f -newer dist/.build-stamp 2>/dev/null | head -1 || true)"
  if [ ! -f dist/.build-stamp ] || [ -n "$stamp" ]; then
    log "building the client"
    npx --no-install vite build --logLevel warn
    touch dist/.build-stamp
  fi
}

# A file argument as the user meant it: npm runs scripts from the checkout, so a relative path is
# taken from where `npm run` was typed (INIT_CWD).
user_path() {
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s\n' "${INIT_CWD:-$PWD}/$1" ;;
  esac
}
