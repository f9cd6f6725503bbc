#!/bin/sh
# Builds image-io and bench (no install: the reactor's own jars), then runs the image-io benchmark
# against qemu-img.
# Usage: bench/run-image-bench.sh [--quick] [--dir D] [--only snapshots|merges|digest]
# The Markdown report goes to stdout, progress to stderr. Needs qemu-img, qemu-io, dd.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -B -q -pl image-io,bench -am package -DskipTests >&2
exec java -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:image-io/target/image-io-0.1.0-SNAPSHOT.jar" \
    io.snapledger.bench.ImageBench "$@"
