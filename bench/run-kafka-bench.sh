#!/usr/bin/env bash
# Builds snapledger (no install: the reactor's own jars) and runs the Kafka publishing benchmark on a
# local child-JVM broker. Usage: bench/run-kafka-bench.sh [--events N] [--samples N] [--dir D]; extra JVM
# options (e.g. a JFR recording) in JAVA_OPTS. The Markdown table goes to stdout.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q -o -pl bench -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt >&2
# shellcheck disable=SC2086 # JAVA_OPTS holds several options
exec java ${JAVA_OPTS:-} -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)" \
    io.snapledger.bench.KafkaBench "$@"
