#!/usr/bin/env bash
# Builds the snapledger jar and the benchmarks, then times commands as whole processes: through a
# daemon, in-process and virsh's test driver side by side (needs libvirt-clients for virsh).
# Usage: bench/run-cli-bench.sh [--snapshots N] [--reps R] [--dir D]; the report goes to stdout.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q -pl app,bench -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt >&2
exec java -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)" \
    io.snapledger.bench.CliBench "$root/snapledger" "$@"
