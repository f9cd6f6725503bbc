#!/usr/bin/env bash
# Builds the benchmarks and times a live snapshot of a running 2-disk VM through the ledger beside
# the bare snapshot-save job on the same VM (needs qemu-system-x86). The report goes to stdout.
# Usage: bench/run-live-bench.sh [--reps R] [--dir D]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q -pl bench -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt >&2
exec java -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)" \
    io.snapledger.bench.LiveBench "$@"
