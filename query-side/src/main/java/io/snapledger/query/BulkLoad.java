package io.snapledger.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loads families that a rebuild only appends to (the history) without RocksDB's write path:
 * entries are buffered as they come ({@link PackedRun}), and every {@code runBytes} the buffer is
 * handed to two writer threads that sort each family of it, write it as a table file and move
 * that file into the store ({@link RocksStore#ingestSorted}). Sorting a few hundred thousand keys
 * in Java costs less than inserting them one by one into RocksDB's sorted memory table and
 * flushing that, and it runs beside the rules instead of in their way. At most one run is written
 * while the next fills, so memory stays near two runs.
 *
 * <p>Files go into the store's own directory (the move into the store is then a rename) under
 * names RocksDB never uses; a load cut short leaves them, and the next load removes them.
 */
final class BulkLoad implements AutoCloseable {

    /** Large enough that a table file costs little per entry, small enough that two runs fit in a small heap. */
    static final long RUN_BYTES = 32L << 20;
    /** Two: the families of a run are written side by side, the history's two at once, the rest at the end. */
    private static final int WRITERS = 2;
    private static final String FILE_PREFIX = "bulk-load-";
    private static final String FILE_SUFFIX = ".sst";

    private final RocksStore store;
    private final Path directory;
    private final long runBytes;
    private final Set<Family> families;
    private final ExecutorService writers;
    /** The run being filled, and the one being written or, once it is in the store, free for the next. */
    private PackedRun filling;
    private PackedRun other;
    /** The writing of each family of the run handed over last. */
    private List<Future<?>> running = List.of();
    private int nextFile;

    BulkLoad(RocksStore store, long runBytes, Family first, Family... rest) {
        this.store = store;
        this.directory = store.directory().orElseThrow(
                () -> new IllegalStateException(store.name() + ": a bulk load needs a store on disk"));
        this.runBytes = runBytes;
        this.families = EnumSet.of(first, rest);
        // a run is handed over at the end of the batch that filled it, so it may hold a little more
        int expectedRunBytes = (int) Math.min(Integer.MAX_VALUE - 8, runBytes + runBytes / 8);
        int initialRunBytes = (int) Math.min(runBytes, 1 << 20);
        this.filling = new PackedRun(initialRunBytes, expectedRunBytes);
        this.other = new PackedRun(initialRunBytes, expectedRunBytes);
        AtomicInteger threads = new AtomicInteger();
        this.writers = Executors.newFixedThreadPool(WRITERS, task -> {
            Thread thread = new Thread(task, "snapledger-bulk-load-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        removeLeftOverFiles();
    }

    boolean takes(Family family) {
        return families.contains(family);
    }

    /** Buffers the entry; it never waits, so it may be called while holding the store's guard. */
    void add(Family family, byte[] key, byte[] value) {
        filling.add(family, key, value);
    }

    /**
     * Once the buffer holds a run's bytes, hands it to the writer, first waiting for the run
     * before. Never call it inside {@link RocksStore#guarded}: the writer needs the guard too, and
     * a close waiting for it would stop both.
     */
    void handOverIfFull() {
        if (filling.size() >= runBytes) {
            handOver();
        }
    }

    /** Loads what is buffered and waits until every run is in the store. Not inside {@link RocksStore#guarded}. */
    void finish() {
        handOver();
        awaitRunning();
    }

    /**
     * Hands what is buffered to the writer now, first waiting for the run before. Not inside
     * {@link RocksStore#guarded}.
     */
    void handOver() {
        awaitRunning(); // one run written at a time: the memory of at most two
        PackedRun run = filling;
        filling = other;
        filling.clear();
        other = run;
        if (!run.isEmpty()) {
            running = load(run);
        }
    }

    /** Waits until every family of the run handed over last is in the store; throws the first failure. */
    private void awaitRunning() {
        RuntimeException failure = null;
        for (Future<?> family : running) {
            try {
                family.get(); // every one, even after a failure: none may still write once this returns
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure != null ? failure
                        : new ProjectionException(store.name() + ": interrupted while loading the rebuilt history", e);
            } catch (ExecutionException e) {
                failure = failure != null ? failure : e.getCause() instanceof RuntimeException runtime ? runtime
                        : new ProjectionException(store.name() + ": loading the rebuilt history failed: "
                        + e.getCause(), e.getCause());
            }
        }
        running = List.of();
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Each family of the run goes to a table file of its own, written by the next free writer,
     * the largest first so that the writers finish close together.
     */
    private List<Future<?>> load(PackedRun run) {
        List<Future<?>> families = new ArrayList<>();
        for (Family family : run.familiesLargestFirst()) {
            Path file = directory.resolve(FILE_PREFIX + nextFile++ + FILE_SUFFIX);
            families.add(writers.submit(() -> store.guarded(
                    "load " + run.count(family) + " rebuilt entries of " + family.familyName(), () -> {
                        store.ingestSorted(family, file, consumer -> run.forEachSorted(family, consumer::accept));
                        return null;
                    })));
        }
        return families;
    }

    private void removeLeftOverFiles() {
        try (var files = Files.list(directory)) {
            for (Path file : files.filter(BulkLoad::isLoadFile).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new ProjectionException(store.name() + ": cannot remove the files of an earlier load: "
                    + e.getMessage(), e);
        }
    }

    private static boolean isLoadFile(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(FILE_PREFIX) && name.endsWith(FILE_SUFFIX);
    }

    /** Stops the writer after the run it is writing; what was not loaded is dropped. */
    @Override
    public void close() {
        writers.shutdown();
        running = List.of();
        try {
            // a table file being written finishes within seconds; its native handles must outlive it
            writers.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeLeftOverFiles();
    }
}
