#!/bin/sh
# Builds snapledger (no install: the reactor's own jars) and runs the projection rebuild benchmark.
# Usage: bench/run-replay-bench.sh [--events N] [--dir D] [--reuse] [--only read|apply|replay] [--kafka] [--warmups N]
# (--reuse: keep the history an earlier run appended). The Markdown table goes to stdout; the CPU
# seconds of each kind of thread per run to stderr (each run's with JAVA_OPTS=-Dbench.verbose=true).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -B -q -o -pl bench -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt >&2
exec java ${JAVA_OPTS:-} -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)" \
    io.snapledger.bench.ReplayBench "$@"
