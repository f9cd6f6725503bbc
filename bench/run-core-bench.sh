#!/usr/bin/env bash
# Builds snapledger and runs the command-side benchmark beside qemu-img; the report goes to stdout.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q -pl bench -am install -DskipTests >&2
cp="$(mvn -B -q -f bench/pom.xml dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
exec java -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:$cp" io.snapledger.bench.CoreBench "$@"
