package io.snapledger.query;

import io.snapledger.events.DomainEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Times the queries the projection is designed to answer fast, on 10,000-snapshot trees of three
 * shapes: one root with 9,999 children (virsh's quadratic case), a chain 10,000 deep, and a
 * random bushy tree. Targets on the project's 2-core machine: listing a 10,000-node tree under
 * 100 ms, a lineage 10,000 deep under 5 ms. Not a test: timings are reported, never asserted.
 *
 * <p>Run from the repository root:
 * <pre>
 * mvn -q -o -pl query-side test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -cp query-side/target/test-classes:query-side/target/classes:$(cat query-side/target/classpath.txt) \
 *     io.snapledger.query.ProjectionBench
 * </pre>
 */
public final class ProjectionBench {

    private static final int SNAPSHOTS = 10_000;
    private static final int BATCH = 1_000;
    private static final int WARM_UP = 5;
    private static final int RUNS = 21;

    private ProjectionBench() {
    }

    public static void main(String[] args) throws IOException {
        System.out.printf("%-8s %-28s %10s %10s %10s%n", "tree", "operation", "min ms", "median ms", "max ms");
        run("wide", index -> index == 0 ? -1 : 0);
        run("deep", index -> index - 1);
        Random random = new Random(42);
        run("bushy", index -> index == 0 ? -1 : random.nextInt(index));
    }

    /** Picks the parent of the snapshot with this index among the earlier ones; -1 for a root. */
    private interface ParentChoice {
        int parentOf(int index);
    }

    private static void run(String shape, ParentChoice choice) throws IOException {
        Path directory = Files.createTempDirectory("projection-bench-" + shape);
        try {
            TestEvents events = new TestEvents(shape);
            List<DomainEvent> made = new ArrayList<>();
            made.add(events.defined());
            UUID[] uuids = new UUID[SNAPSHOTS];
            for (int i = 0; i < SNAPSHOTS; i++) {
                uuids[i] = TestEvents.uuid(i + 1);
                int parent = choice.parentOf(i);
                made.add(events.started(uuids[i], String.format("snap-%05d", i), parent < 0 ? null : uuids[parent]));
                made.add(events.completed(uuids[i]));
            }
            // The last snapshot is the deepest of the chain; for the other shapes its depth is printed.
            UUID last = uuids[SNAPSHOTS - 1];
            try (SnapshotProjection projection = SnapshotProjection.open(directory)) {
                long start = System.nanoTime();
                feed(projection, made);
                report(shape, "build (" + made.size() + " events)", new double[] {millis(start)});
                measure(shape, projection, last);
            }
            try (SnapshotProjection reopened = SnapshotProjection.open(directory)) {
                SnapshotQueries queries = reopened.queries();
                report(shape, "list after reopen (cold)", once(() -> queries.list(shape, ListFilter.all())));
                report(shape, "lineage after reopen (cold)", once(() -> queries.lineage(shape, last)));
            }
        } finally {
            delete(directory);
        }
    }

    private static void measure(String shape, SnapshotProjection projection, UUID last) {
        SnapshotQueries queries = projection.queries();
        report(shape, "lineage, first (loads links)", once(() -> queries.lineage(shape, last)));
        int depth = queries.lineage(shape, last).size();
        report(shape, "lineage at depth " + depth, time(() -> queries.lineage(shape, last)));
        report(shape, "list by name", time(() -> queries.list(shape, ListFilter.all())));
        report(shape, "list topological", time(() -> queries.list(shape, ListFilter.all().topological())));
        report(shape, "list leaves", time(() -> queries.list(shape, ListFilter.all().leavesOnly())));
        report(shape, "tree", time(() -> queries.tree(shape)));
        report(shape, "info of the first root", time(() -> queries.info(shape, TestEvents.uuid(1))));
    }

    private static void feed(SnapshotProjection projection, List<DomainEvent> events) {
        List<PositionedEvent> all = DomainSequences.positioned("bench", 0, events);
        for (int start = 0; start < all.size(); start += BATCH) {
            projection.applyAll(all.subList(start, Math.min(all.size(), start + BATCH)));
        }
    }

    private static double[] once(Supplier<?> query) {
        long start = System.nanoTime();
        query.get();
        return new double[] {millis(start)};
    }

    private static double[] time(Supplier<?> query) {
        for (int i = 0; i < WARM_UP; i++) {
            query.get();
        }
        double[] runs = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            query.get();
            runs[i] = millis(start);
        }
        return runs;
    }

    private static double millis(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static void report(String shape, String operation, double[] runs) {
        double[] sorted = runs.clone();
        Arrays.sort(sorted);
        System.out.printf("%-8s %-28s %10.2f %10.2f %10.2f%n", shape, operation, sorted[0],
                sorted[sorted.length / 2], sorted[sorted.length - 1]);
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
