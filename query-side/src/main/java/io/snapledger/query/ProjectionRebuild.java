package io.snapledger.query;

import io.snapledger.events.model.Require;

import org.rocksdb.RocksDBException;
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
 * <li>history entries, which no later event reads, go out every
 *     {@value #EVENTS_BETWEEN_HISTORY_WRITES} events, so memory stays flat;
 * <li>data is written without RocksDB's write-ahead log; {@link #finish} flushes it to files and
 *     only then writes the positions, with the log. A rebuild that crashes or is abandoned leaves
 *     no position behind, so its adapter finds the projection empty and rebuilds from scratch.
 * </ul>
 * While it runs, {@link SnapshotProjection#applyAll} refuses events, and queries see a partial
 * store. Use it from one thread.
 */
public final class ProjectionRebuild implements AutoCloseable {

    /** Large enough that a write batch costs little per entry, small enough to keep memory flat. */
    static final int EVENTS_BETWEEN_HISTORY_WRITES = 8_192;

    private final Object projectionLock;
    private final RocksStore store;
    private final ProjectionWrite write;
    private final EventApplier applier;
    private final Runnable onEnd;
    private final int eventsBetweenHistoryWrites;
    private int sinceHistoryWrite;
    private boolean ended;

    ProjectionRebuild(Object projectionLock, RocksStore store, StoreJson json, int eventsBetweenHistoryWrites,
                      Runnable onEnd) {
        this.projectionLock = projectionLock;
        Require.positive(eventsBetweenHistoryWrites, "eventsBetweenHistoryWrites");
        this.eventsBetweenHistoryWrites = eventsBetweenHistoryWrites;
        this.store = store;
        this.write = ProjectionWrite.overEmptyStore(store, json);
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
            return store.guarded("rebuild: apply " + events.size() + " events", () -> {
                int applied = applier.applyAll(events);
                sinceHistoryWrite += events.size();
                if (sinceHistoryWrite >= eventsBetweenHistoryWrites) {
                    writeHistory();
                }
                return applied;
            });
        }
    }

    private void writeHistory() throws RocksDBException {
        try (WriteBatch batch = new WriteBatch()) {
            write.moveTo(batch, Family.HISTORY);
            write.moveTo(batch, Family.HISTORY_BY_TIME);
            store.writeUnlogged(batch);
        }
        sinceHistoryWrite = 0;
    }

    /** Writes everything still in memory, flushes it to files, then stores the positions: the rebuild is complete. */
    public void finish() {
        synchronized (projectionLock) {
            requireRunning();
            store.guarded("finish the rebuild", () -> {
                try (WriteBatch data = new WriteBatch(); WriteBatch positions = new WriteBatch()) {
                    write.moveTo(positions, Family.POSITIONS);
                    write.addTo(data);
                    store.writeUnlogged(data);
                    store.flushAll();
                    store.write(positions); // last and logged: the mark that everything before it is on disk
                }
                return null;
            });
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
        write.close();
        onEnd.run();
    }

    private void requireRunning() {
        if (ended) {
            throw new IllegalStateException("this rebuild has ended; start another");
        }
    }
}
