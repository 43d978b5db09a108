#!/usr/bin/env bash
# Fleet load benchmark: the real server jar (target/alterna.jar) as its own process, on H2 and on PostgreSQL 15,
# against the fleet simulator over 127.0.0.1: acknowledged records/s at 1,000 and 10,000 Teltonika connections,
# then alarm latency (fix arrival -> alarm published) with 50,000 OsmAnd devices on active orders reporting once a
# minute over shared HTTP connections. Writes the section "## Fleet load" of docs/benchmarks.md. Takes about
# 20 minutes (about 9 per database) and stops by itself. Several people share the machine: run it under
#   flock /tmp/bench.lock bench/load.sh
#   bench/load.sh                                              # everything, defaults
#   bench/load.sh --dbs h2 --connections 1000 --alarm-devices 0   # a part of it
#   bench/load.sh --connections none                           # the alarm run only
# Options (FleetLoadBenchmark): --dbs h2,postgres --connections 1000,10000 --interval 1 --warmup 10 --seconds 20
#   --alarm-devices 50000 --alarm-interval 60 --alarm-warmup 60 --alarm-seconds 180 --alarm-share 0.02
#   --http-connections 250 --api-orders 40 --server target/alterna.jar --out docs/benchmarks.md
set -euo pipefail
cd "$(dirname "$0")/.."

# 10,000 connections need 10,000+ sockets in each process (server and simulator).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" != "unlimited" ] && [ "$(ulimit -n)" -lt 12000 ]; then
  echo "warning: ulimit -n is $(ulimit -n); 10,000 connections need more (raise the hard limit)" >&2
fi

MVN="./mvnw -B -o -ntp -q"
if [ ! -f target/alterna.jar ] || [ -n "$(find src/main -newer target/alterna.jar -print -quit)" ]; then
  $MVN package -DskipTests
fi
$MVN test-compile
$MVN dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
exec java -Xmx2g -cp "$CP" org.alterna.simulation.fleet.FleetLoadBenchmark --server target/alterna.jar "$@"
