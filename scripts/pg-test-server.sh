#!/usr/bin/env bash
# Makes a PostgreSQL server available for the store contract tests and prints one line,
#   export RELAY_TEST_PG_URL=postgres://relay:relay-test-only@127.0.0.1:54329/postgres
# for the test command to `eval`. Everything else goes to stderr.
#
# Idempotent: reuses a reachable RELAY_TEST_PG_URL; otherwise installs Debian's `postgresql`
# if missing, then creates (once) and starts a dedicated cluster `relaytest` so the tests never
# touch the machine's `main` cluster. Safe to run while apt is busy elsewhere: it waits for the
# dpkg lock instead of failing.
#
# `--durable` instead makes a second cluster, `relaydurable` (port 54330), with PostgreSQL's
# durable defaults (fsync, synchronous_commit and full_page_writes on) for the intake benchmark,
# and prints `export RELAY_BENCH_PG_DURABLE_URL=…`.
set -euo pipefail

DURABLE=0
if [ "${1:-}" = "--durable" ]; then DURABLE=1; fi
if [ "$DURABLE" = 1 ]; then
    CLUSTER=relaydurable
    PORT="${RELAY_BENCH_PG_DURABLE_PORT:-54330}"
    URL_VAR=RELAY_BENCH_PG_DURABLE_URL
else
    CLUSTER=relaytest
    PORT="${RELAY_TEST_PG_PORT:-54329}"
    URL_VAR=RELAY_TEST_PG_URL
fi
ROLE=relay
# A throwaway credential for a loopback-only test cluster; never used in production.
PASSWORD=relay-test-only

log() { echo "pg-test-server: $*" >&2; }
die() {
    log "error: $*"
    exit 1
}

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# True when `$1` accepts a real query (credentials included). Without psql (a machine whose
# PostgreSQL lives elsewhere) the best available check is that the server's port answers.
url_works() {
    if command -v psql >/dev/null 2>&1; then
        PGCONNECT_TIMEOUT=3 psql "$1" -XAtqc 'select 1' >/dev/null 2>&1
        return
    fi
    local hostport host port
    hostport=${1#*://}
    hostport=${hostport##*@}
    hostport=${hostport%%[/?]*}
    host=${hostport%:*}
    port=${hostport##*:}
    [ "$host" != "$hostport" ] || port=5432
    timeout 3 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
}

if [ -n "${!URL_VAR:-}" ] && url_works "${!URL_VAR}"; then
    log "using the reachable $URL_VAR"
    echo "export $URL_VAR=${!URL_VAR}"
    exit 0
fi

installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

# apt-get waits up to the lock timeout for another apt/dpkg run (e.g. a provisioning step
# installing the same package); the retry loop covers the short gaps where apt reports the
# lock as taken without waiting (apt-get update's list lock).
apt_get() {
    local attempt
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        if as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get -o DPkg::Lock::Timeout=600 -q "$@" >&2; then
            return 0
        fi
        log "apt-get $* failed (attempt $attempt); retrying in 10s"
        sleep 10
    done
    return 1
}

if ! installed postgresql; then
    log "installing Debian's postgresql package"
    apt_get update
    apt_get install -y postgresql
fi
installed postgresql || die "postgresql is still not installed"

# The cluster of a previous run may belong to an older major version; reuse it as it is.
existing=$(pg_lsclusters -h 2>/dev/null | awk -v c="$CLUSTER" '$2 == c { print $1, $3; exit }')
if [ -n "$existing" ]; then
    read -r VERSION PORT <<<"$existing"
else
    VERSION=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/postgres' 2>/dev/null |
        awk -F/ '{ print $5 }' | sort -V | tail -n 1)
    [ -n "$VERSION" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql"
    log "creating cluster $VERSION/$CLUSTER on port $PORT"
    as_root pg_createcluster "$VERSION" "$CLUSTER" -p "$PORT" >&2
    # Test data is disposable: trading durability for speed makes CREATE DATABASE per test cheap.
    # The durable cluster keeps PostgreSQL's defaults, so its benchmark numbers include fsync.
    if [ "$DURABLE" = 0 ]; then
        for setting in "fsync off" "synchronous_commit off" "full_page_writes off"; do
            # shellcheck disable=SC2086 # the setting is two words on purpose
            as_root pg_conftool "$VERSION" "$CLUSTER" set $setting >&2
        done
    fi
fi

status=$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c { print $4 }')
if [ "$status" != "online" ]; then
    log "starting cluster $VERSION/$CLUSTER"
    as_root pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi

for _ in $(seq 1 60); do
    if pg_isready -q -h 127.0.0.1 -p "$PORT"; then break; fi
    sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || die "cluster $VERSION/$CLUSTER did not become ready on port $PORT"

# Re-applying the password each run repairs a role left from an older run with another one.
as_root runuser -u postgres -- psql -X -q -p "$PORT" -v ON_ERROR_STOP=1 -d postgres >&2 <<SQL
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
        CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
    ELSE
        ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
    END IF;
END
\$\$;
SQL

URL="postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/postgres"
url_works "$URL" || die "cannot sign in to $VERSION/$CLUSTER as $ROLE on port $PORT"
log "PostgreSQL $VERSION ready on 127.0.0.1:$PORT (cluster $CLUSTER)"
echo "export $URL_VAR=$URL"
