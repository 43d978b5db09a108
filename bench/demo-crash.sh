#!/usr/bin/env bash
# The demo killed mid-breach: `serve --demo` (its own fleet running) and `simulate --protocol osmand --register ...
# --breaches-within 60 --violations 1` against it, twice on fresh demo data: once as is, once with the server killed
# (SIGKILL) 90 s into the simulation and started again on the same data. Prints the exclusion-zone alarms of the
# simulated people (the desk's tickets and the engine's RAISED changes) of both runs; they must be equal.
#   bench/demo-crash.sh [devices=40] [kill-after-seconds=90] [duration-seconds=240]
# Ports: HTTP 18480, OsmAnd 18484, other gateways 18481-18483. Takes about 12 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DEVICES=${1:-40}
KILL_AFTER=${2:-90}
DURATION=${3:-240}
SEED=777 # the simulated people's IMEIs start with 3507770 (the demo's own fleet: 35026...)
HTTP=18480
OSMAND=18484
JAR="$ROOT/target/alterna.jar"
if [ ! -f "$JAR" ] || [ -n "$(find src/main -newer "$JAR" -print -quit)" ]; then
  ./mvnw -B -o -ntp -q package -DskipTests
fi

start_server() { # $1: work dir, $2: log name
  (cd "$1" && exec java -Xmx1g -jar "$JAR" serve --demo --port=$HTTP --alterna.gateway.teltonika.port=18481 \
      --alterna.gateway.gt06.port=18482 --alterna.gateway.h02.port=18483 --alterna.gateway.osmand.port=$OSMAND \
      > "$1/$2.log" 2>&1) &
  SERVER=$!
  for _ in $(seq 1 600); do
    if curl -sf -u admin:demo "http://127.0.0.1:$HTTP/api/v1/courts" > /dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "server did not start; see $1/$2.log" >&2
  exit 1
}

count_alarms() { # prints "tickets raised" for the simulated people's exclusion zones
  curl -sf -u admin:demo "http://127.0.0.1:$HTTP/api/v1/alarms?type=EXCLUSION_ZONE&limit=1000" > "$1/alarms.json"
  python3 - "$1/alarms.json" <<'EOF'
import json, sys
alarms = [a for a in json.load(open(sys.argv[1])) if str(a.get("deviceId", "")).startswith("3507770")]
print(len(alarms), len({a["orderId"] for a in alarms}))
EOF
}

run() { # $1: reference|kill
  local work
  work=$(mktemp -d /tmp/alterna-demo-crash.XXXXXX)
  start_server "$work" server-1
  (cd "$work" && exec java -jar "$JAR" simulate --protocol osmand --port $OSMAND \
      --register "http://admin:demo@127.0.0.1:$HTTP" --devices "$DEVICES" --interval 10 --duration "$DURATION" \
      --breaches-within 60 --violations 1 --seed $SEED > "$work/simulate.log" 2>&1) &
  local sim=$!
  until grep -q "^simulating" "$work/simulate.log" 2>/dev/null; do sleep 0.2; done
  if [ "$1" = kill ]; then
    sleep "$KILL_AFTER"
    kill -9 "$SERVER"
    wait "$SERVER" 2>/dev/null || true
    echo "$1: server killed $KILL_AFTER s into the simulation; restarting" >&2
    start_server "$work" server-2
  fi
  wait "$sim"
  # the engine and the desk catch up: until the count is the same twice, 10 s apart
  local last="" now
  for _ in $(seq 1 30); do
    sleep 10
    now=$(count_alarms "$work")
    if [ "$now" = "$last" ]; then break; fi
    last=$now
  done
  kill "$SERVER"
  wait "$SERVER" 2>/dev/null || true
  echo "$1 $now $(grep '^RESULT' "$work/simulate.log" | head -1) work=$work"
}

REFERENCE=$(run reference)
KILLED=$(run kill)
echo "$REFERENCE"
echo "$KILLED"
r=$(echo "$REFERENCE" | awk '{print $2}')
k=$(echo "$KILLED" | awk '{print $2}')
echo "exclusion-zone alarms of the simulated people: $r without the kill, $k with the server killed at $KILL_AFTER s"
[ "$r" = "$k" ]
