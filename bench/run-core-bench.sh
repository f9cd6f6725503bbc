#!/usr/bin/env bash
# Builds snapledger (no install: the reactor's own jars) and runs the command-side benchmark beside
# qemu-img; the report goes to stdout. JAVA_OPTS passes settings, e.g. -Dsnapledger.digest.maxBytes=0.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q -pl bench -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt >&2
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)" \
    io.snapledger.bench.CoreBench "$@"
