#!/usr/bin/env bash
# Builds snapledger and runs the Kafka publishing benchmark on a local child-JVM broker; the report goes to stdout.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
classpath_file="$(mktemp)"
trap 'rm -f "$classpath_file"' EXIT
# each module of the reactor writes its classpath to the file; bench, built last, is the one kept
mvn -B -q -pl bench -am package dependency:build-classpath -DskipTests -Dmdep.outputFile="$classpath_file" >&2
exec java -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:$(cat "$classpath_file")" io.snapledger.bench.KafkaBench "$@"
