#!/usr/bin/env bash
# `npm test`: makes sure the real services the tests use are there, then runs every suite once.
#
# - PostgreSQL 15 with PostGIS: installs Debian's postgresql-<ver>-postgis-3 if missing, starts the cluster if down.
# - Apache Kafka: fetches the broker's jars with Maven (cached) and starts a single-node KRaft broker if none answers.
# - Redis and Mosquitto: started if installed and down.
# - Chromium: installs Debian's chromium if missing (browser tests drive it through playwright-core).
# Without root or apt a missing service is reported and the suites that need it skip with a message;
# under CI=true nothing may skip, so a missing service fails the run.
#
# Extra arguments go to vitest: `npm test -- packages/bus` runs one folder.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
CI="${CI:-false}"
say() { printf '\033[1m[test-env]\033[0m %s\n' "$*"; }
problems=()
can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && [ "${VIGIE_TEST_NO_INSTALL:-0}" != 1 ]; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

if [ ! -d node_modules ]; then say "installing npm dependencies"; npm install --no-audit --no-fund || exit 1; fi

# --- PostgreSQL + PostGIS -------------------------------------------------------------------------
if [ -z "${VIGIE_TEST_DATABASE_URL:-}" ]; then
  export VIGIE_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres"
  if command -v pg_lsclusters >/dev/null 2>&1; then
    PGVER="$(pg_lsclusters -h 2>/dev/null | awk 'NR==1{print $1}')"
    if [ -n "$PGVER" ] && [ ! -f "/usr/share/postgresql/$PGVER/extension/postgis.control" ]; then
      if can_install; then say "installing PostGIS for PostgreSQL $PGVER"; apt_install "postgresql-$PGVER-postgis-3" || problems+=("could not install postgresql-$PGVER-postgis-3"); fi
    fi
    if ! port_open 127.0.0.1 5432 && [ -n "$PGVER" ]; then
      say "starting PostgreSQL $PGVER"
      pg_ctlcluster --skip-systemctl-redirect "$PGVER" main start 2>/dev/null || pg_ctlcluster "$PGVER" main start || true
    fi
    if [ -n "$PGVER" ] && [ ! -f "/usr/share/postgresql/$PGVER/extension/postgis.control" ]; then problems+=("PostGIS is not installed for PostgreSQL $PGVER"); fi
  fi
  port_open 127.0.0.1 5432 || problems+=("no PostgreSQL on 127.0.0.1:5432")
fi

# --- Apache Kafka ---------------------------------------------------------------------------------
started_kafka=0
if [ -z "${VIGIE_TEST_KAFKA_BROKERS:-}" ]; then
  export VIGIE_TEST_KAFKA_BROKERS="127.0.0.1:${KAFKA_PORT:-9092}"
  if port_open 127.0.0.1 "${KAFKA_PORT:-9092}"; then
    say "using the Kafka broker already on 127.0.0.1:${KAFKA_PORT:-9092}"
  elif command -v java >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1; then
    if bash tools/kafka/kafka.sh start; then started_kafka=1; else problems+=("the Kafka broker did not start"); fi
  else
    problems+=("no Kafka broker and no java+mvn to start one")
  fi
fi
cleanup() { if [ "$started_kafka" = 1 ]; then bash tools/kafka/kafka.sh stop >/dev/null 2>&1 || true; fi; }
trap cleanup EXIT

# --- Redis, Mosquitto -----------------------------------------------------------------------------
if ! port_open 127.0.0.1 6379 && command -v redis-server >/dev/null 2>&1; then
  say "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null 2>&1 || true
fi
if ! port_open 127.0.0.1 1883 && command -v mosquitto >/dev/null 2>&1; then
  say "starting Mosquitto"
  mosquitto -d -c /etc/mosquitto/mosquitto.conf >/dev/null 2>&1 || mosquitto -d >/dev/null 2>&1 || true
fi

# --- Chromium -------------------------------------------------------------------------------------
if [ -z "${VIGIE_TEST_CHROMIUM:-}" ]; then
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
    if [ -x "$candidate" ]; then export VIGIE_TEST_CHROMIUM="$candidate"; break; fi
  done
  if [ -z "${VIGIE_TEST_CHROMIUM:-}" ] && can_install; then
    say "installing Debian's chromium for the browser tests"
    apt_install chromium && export VIGIE_TEST_CHROMIUM=/usr/bin/chromium
  fi
  [ -n "${VIGIE_TEST_CHROMIUM:-}" ] || problems+=("no Chromium found")
fi

# --- xmllint (CAP 1.2 schema validation of the CAP exports) ---------------------------------------
if ! command -v xmllint >/dev/null 2>&1; then
  if can_install; then say "installing Debian's libxml2-utils (xmllint) for the CAP schema tests"; apt_install libxml2-utils || problems+=("could not install libxml2-utils"); fi
  command -v xmllint >/dev/null 2>&1 || problems+=("no xmllint (libxml2-utils)")
fi

for p in "${problems[@]}"; do say "warning: $p"; done
if [ "${#problems[@]}" -gt 0 ] && { [ "$CI" = true ] || [ "$CI" = 1 ]; }; then
  say "CI=true: every real service must be available; failing."
  exit 1
fi

# The browser tests run against the built web app.
node tools/build-web.mjs || { say "the web app did not build"; exit 1; }

say "PostgreSQL ${VIGIE_TEST_DATABASE_URL} · Kafka ${VIGIE_TEST_KAFKA_BROKERS} · Chromium ${VIGIE_TEST_CHROMIUM:-none}"
npx vitest run "$@"
