#!/bin/sh
# Builds the example consumer and runs it: the live snapshots from snapledger.lineage.v1, then every
# new event of snapledger.events.v1 as it arrives, until Ctrl-C.
# Usage: examples/kafka-consumer/watch.sh [BOOTSTRAP]   (default localhost:9092)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mvn -B -q -pl examples/kafka-consumer -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt >&2
module=examples/kafka-consumer/target
exec java -cp "$module/kafka-consumer-example-0.1.0-SNAPSHOT.jar:$(cat $module/classpath.txt)" \
    io.snapledger.examples.consumer.WatchSnapshots "$@"
