package io.snapledger.query;

import io.snapledger.events.model.Require;

import org.rocksdb.WriteBatch;

import java.util.List;

/**
 * Rebuilds a projection from a whole history, from an emptied store, with the rules of
 * {@link SnapshotProjection#applyAll} (both go through {@link EventApplier}) but without what
 * makes each incremental batch safe on its own, which a rebuild does not need:
 * <ul>
 * <li>every node, index, counter and position stays in memory until {@link #finish}, which writes
 *     each key once, instead of a RocksDB read, decode, encode and write per event and batch
 *     (nothing is read from RocksDB at all: the store was empty when the rebuild began);
 * <li>the history, which no later event reads, is loaded in sorted runs of table files by a
 *     thread of its own ({@link BulkLoad}) while the rules go on, so memory stays flat;
 *     {@link #finish} loads the rest the same way: nothing goes through RocksDB's memory tables,
 *     write-ahead log or flushes;
 * <li>only when every file is in the store does {@link #finish} write the positions, with the
 *     log. A rebuild that crashes or is abandoned leaves no position behind, so its adapter finds
 *     the projection empty and rebuilds from scratch.
 * </ul>
 * While it runs, {@link SnapshotProjection#applyAll} refuses events, and queries see a partial
 * store. Use it from one thread.
 */
public final class ProjectionRebuild implements AutoCloseable {

    private final Object projectionLock;
    private final RocksStore store;
    private final BulkLoad bulk;
    private final ProjectionWrite write;
    private final EventApplier applier;
    private final Runnable onEnd;
    private boolean ended;

    ProjectionRebuild(Object projectionLock, RocksStore store, StoreJson json, long historyRunBytes,
                      Runnable onEnd) {
        Require.positive(historyRunBytes, "historyRunBytes");
        this.projectionLock = projectionLock;
        this.store = store;
        this.bulk = new BulkLoad(store, historyRunBytes, Family.HISTORY, Family.HISTORY_BY_TIME);
        this.write = ProjectionWrite.overEmptyStore(store, json, bulk);
        this.applier = new EventApplier(write);
        this.onEnd = onEnd;
    }

    /**
     * Applies the events in order, as {@link SnapshotProjection#applyAll} would.
     *
     * @return how many events were applied (not skipped)
     */
    public int applyAll(List<PositionedEvent> events) {
        Require.nonNull(events, "events");
        synchronized (projectionLock) {
            requireRunning();
            int applied = store.guarded("rebuild: apply " + events.size() + " events", () -> applier.applyAll(events));
            bulk.handOverIfFull();
            return applied;
        }
    }

    /** Writes everything still in memory, flushes it to files, then stores the positions: the rebuild is complete. */
    public void finish() {
        synchronized (projectionLock) {
            requireRunning();
            try (WriteBatch positions = new WriteBatch()) {
                store.guarded("set the rebuilt positions aside", () -> {
                    write.moveTo(positions, Family.POSITIONS);
                    return null;
                });
                bulk.handOver(); // the last history run is sorted and written while the nodes are encoded
                write.loadInto(bulk);
                bulk.finish();
                store.guarded("finish the rebuild", () -> {
                    store.write(positions); // last and logged: the mark that everything before it is on disk
                    return null;
                });
            }
            end();
        }
    }

    /** Ends the rebuild; if {@link #finish} did not run, the store holds part of the history and no position. */
    @Override
    public void close() {
        synchronized (projectionLock) {
            if (!ended) {
                end();
            }
        }
    }

    private void end() {
        ended = true;
        try {
            bulk.close();
        } finally {
            write.close();
            onEnd.run();
        }
    }

    private void requireRunning() {
        if (ended) {
            throw new IllegalStateException("this rebuild has ended; start another");
        }
    }
}
