package io.snapledger.core;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads pages of events on a thread of its own while the caller applies the pages read before,
 * so reading (JDBC or Kafka, and JSON) and applying overlap: a rebuild then takes about as long
 * as the slower of the two instead of their sum.
 *
 * <p>The reader is never interrupted: an interrupt in the middle of a file read can close the
 * embedded database's file. If applying fails, the reader is told to stop at its next page, and
 * the queue is drained until it has.
 */
public final class ReadAhead<T> {

    /** Pages read but not yet applied: enough to ride out a slow page, few enough to keep memory small. */
    private static final int PAGES_AHEAD = 2;
    private static final long DRAIN_MILLIS = 50;

    /** Where the pages come from: the event store's reader, a Kafka feed. Runs on the reader thread. */
    @FunctionalInterface
    public interface PageSource<T> {
        void readAll(PageSink<T> sink) throws InterruptedException;
    }

    /** Takes each page read; may block while the applier is behind, or throw to stop the read. */
    @FunctionalInterface
    public interface PageSink<T> {
        void accept(List<T> page) throws InterruptedException;
    }

    /** Applies one page of events; what it throws ends the rebuild. */
    @FunctionalInterface
    public interface PageApplier<T> {
        void apply(List<T> page);
    }

    private record Page<T>(List<T> events, RuntimeException failure) {
    }

    /** Thrown into the reader by its own page sink once the applier has stopped. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("the rebuild stopped", null, false, false);
        }
    }

    /** The end of the pages: compared by identity. */
    private final Page<T> end = new Page<>(List.of(), null);
    private final BlockingQueue<Page<T>> queue = new ArrayBlockingQueue<>(PAGES_AHEAD);
    private volatile boolean stopped;

    private ReadAhead() {
    }

    /**
     * Reads every page of {@code store} and hands each to {@code applier}, in order; returns once
     * the reader thread has ended. A failure of either side is thrown here.
     */
    public static <T> void readAndApply(PageSource<T> source, PageApplier<T> applier) throws InterruptedException {
        new ReadAhead<T>().run(source, applier);
    }

    private void run(PageSource<T> source, PageApplier<T> applier) throws InterruptedException {
        Thread reader = new Thread(() -> read(source), "snapledger-rebuild-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            for (Page<T> page = queue.take(); page != end; page = queue.take()) {
                if (page.failure() != null) {
                    throw page.failure();
                }
                applier.apply(page.events());
            }
        } finally {
            stopped = true;
            while (reader.isAlive()) {
                queue.clear(); // a reader blocked on a full queue gets room, then sees it must stop
                reader.join(DRAIN_MILLIS);
            }
        }
    }

    private void read(PageSource<T> source) {
        try {
            source.readAll(page -> {
                if (stopped) {
                    throw new Stopped();
                }
                queue.put(new Page<>(page, null));
            });
            queue.put(end);
        } catch (Stopped e) {
            // the applier failed and has its own exception to report
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // the applier waits on the queue: whatever ends this thread must reach it there
            offerFailure(e instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("reading the event store failed: " + e, e));
        }
    }

    private void offerFailure(RuntimeException failure) {
        try {
            queue.put(new Page<>(List.of(), failure));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
