package io.snapledger.query;

import io.snapledger.events.json.EventJson;
import io.snapledger.events.model.Require;

import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The snapshot trees, indexes and audit history of every domain, projected from events into a
 * RocksDB store, with the position of each event source stored in the same write batch as the
 * changes its events made: after a crash the store holds every event up to its stored position
 * and none after, so the source resumes there and nothing is applied twice or lost. Fed by an
 * adapter (Axon event processor, Kafka consumer) through {@link #apply} or {@link #applyAll},
 * or rebuilt from a whole history through {@link #startRebuild()} (same rules, far fewer writes);
 * read through {@link #queries()}. One writer at a time (the write methods are synchronized);
 * queries run concurrently with it. Knows nothing of Axon or Kafka.
 *
 * <h2>Column families and keys</h2>
 * {@code D} is a domain name in UTF-8 followed by a 0x00 byte (so one domain's keys are one
 * contiguous range), {@code U} a UUID as 16 big-endian bytes, {@code T} a time as 12 bytes
 * (epoch seconds with the sign bit flipped, then nanoseconds: byte order is time order),
 * numbers are 8 big-endian bytes.
 * <pre>
 * default            "format"               -> the store's format; a store in another format is cleared on open
 * positions          source (UTF-8)         -> sequence, then the opaque token
 * domains            domain (UTF-8)         -> JSON {name, online, devices: [{name, path, format}],
 *                                              operation: {kind, snapshotUuid, since} or null}
 * current            domain (UTF-8)         -> U of the current snapshot (absent: none)
 * nodes              D U                    -> JSON {@link SnapshotNode}, children sorted by name
 * links              D U                    -> the node's parent, id and name, binary ({@link Link})
 * names              D name (UTF-8)         -> U
 * ids                D id                   -> U
 * history            D T sequence           -> binary summary, then the event's JSON ({@link HistoryValue})
 * history-by-time    T D sequence           -> (empty) pointer to the history entry, for all domains by time
 * history-sequences  domain (UTF-8)         -> the domain's last history sequence (its last aggregate sequence + 1)
 * </pre>
 * Nodes are keyed by domain first, so a domain's nodes are one prefix scan (every event and
 * query names its domain). Children lists live on the node, sorted by {@link SnapshotNameOrder}
 * as virsh sorts, so a tree is built from that one scan without sorting. A lineage walks the
 * links, small binary copies of each node's parent, id and name written with the node; a deep
 * walk loads the domain's links into memory once ({@link LineageCache}), since one RocksDB read
 * per ancestor is too slow for a chain 10,000 deep. History entries at the same
 * time are ordered by domain, then by sequence; the sequence counts per domain, so the history
 * does not depend on how the domains' events were interleaved.
 *
 * <h2>What each event does</h2>
 * Every event is first appended to the history (domain, time, per-domain sequence = its aggregate
 * sequence + 1); an event whose aggregate sequence is not past the last one its domain recorded
 * (a retried publish delivered at a new position) changes nothing. Then:
 * <ul>
 * <li>{@code DomainDefined}: the domain record (devices with their active image, online); a
 *     redefinition replaces it and keeps the tree.
 * <li>{@code DomainUndefined}: the domain record, its current pointer, all its nodes, names and
 *     ids go; its history stays.
 * <li>{@code DeviceImageChanged}: the device's active path and format in the domain record.
 * <li>{@code SnapshotStarted}: a node in state CREATING, linked under its parent (the parent's
 *     children list), with each planned device's mode and, from the event's locations, its
 *     image, format and overlay; memory mode and file; creation time = the event's time. Not
 *     current yet.
 * <li>{@code DeviceSnapshotPrepared}: the device's mode and overlay (the file the writer made
 *     for an external snapshot, null for internal) on the node.
 * <li>{@code SnapshotCompleted}: READY, completed time = the event's time, and it becomes current.
 * <li>{@code SnapshotAborted}: the node is removed from the tree and indexes (the history keeps
 *     the facts).
 * <li>{@code RevertCompleted}: current = that snapshot. Other revert events: history only.
 * <li>{@code DeletionStarted}: each affected snapshot is DELETING. {@code DeletionAborted}: every
 *     DELETING snapshot at or below the named one is READY again.
 * <li>{@code ChildReparented}: the child moves under the new parent (null: it becomes a root);
 *     both children lists follow.
 * <li>{@code SnapshotDeleted}: the node leaves the tree, the indexes and its parent's children.
 *     Children it still has move to its parent (libvirt's plain delete; the command side
 *     normally re-parents them first with {@code ChildReparented}).
 * <li>{@code CurrentSnapshotSet}: current = the snapshot, or none for null.
 * <li>{@code SnapshotRenamed}: the name, the name index, and the place among its siblings.
 *     {@code SnapshotDescribed}: the description (null removes it).
 * <li>{@code SnapshotImported}: a READY node under the given parent with the given creation
 *     time; completed time = the event's time; current does not move. Importing a UUID the
 *     tree holds updates that node in place (redefine) and keeps its children.
 * <li>Device work, memory state, revert progress, merges, discards, drift: history only.
 * </ul>
 * The domain record also holds the operation in flight ({@link OperationRules}), as the command
 * side's aggregate holds it: {@code SnapshotStarted}, {@code RevertStarted}, a
 * {@code DeletionStarted} with device work, and {@code OperationResumed} set it;
 * {@code SnapshotCompleted}, {@code SnapshotAborted}, {@code RevertCompleted},
 * {@code RevertAborted} and {@code DeletionAborted} clear it, and {@code SnapshotDeleted} clears
 * a deletion. A redefinition keeps it.
 * Whatever the events say, the tree stays a tree: a parent the domain does not hold makes the
 * node a root, a re-parenting that would close a cycle is ignored, removing a node clears a
 * current pointer, name or id entry that points at it, and current only ever points at a node
 * the domain holds. A fact about a snapshot or domain the projection does not hold changes
 * nothing but the history, so a late event never stops the projection.
 *
 * <h2>Positions</h2>
 * See {@link ProjectionPosition}: an event whose sequence is not greater than its source's
 * stored sequence is skipped, and so is one its domain's history already recorded (its
 * position is still stored, so the source moves on).
 */
public final class SnapshotProjection implements AutoCloseable {

    /** Raise it whenever the key layout or a stored value changes in a way older code cannot read. */
    private static final byte[] FORMAT = Keys.text("snapledger-projection 3");
    private static final byte[] FORMAT_KEY = Keys.text("format");

    private final RocksStore store;
    private final StoreJson json;
    private final EventJson eventJson;
    private final LineageCache lineage;
    private final SnapshotQueries queries;
    /** Guarded by this object's lock. */
    private boolean rebuilding;

    private SnapshotProjection(RocksStore store, EventJson eventJson, LineageCache lineage) {
        this.store = store;
        this.lineage = lineage;
        this.json = new StoreJson(store.name());
        this.eventJson = eventJson;
        this.queries = new SnapshotQueries(store, json, lineage);
    }

    /**
     * Opens (or creates) the store in {@code directory}; history entries carry the standard event
     * JSON. A store written in another format is cleared, its positions too: the adapter that
     * finds no position replays its source from the start.
     */
    public static SnapshotProjection open(Path directory) {
        return open(directory, EventJson.standard());
    }

    /** Opens (or creates) the store; {@code eventJson} reads the events kept in the history back (with its upcasters). */
    public static SnapshotProjection open(Path directory, EventJson eventJson) {
        return open(directory, eventJson, LineageCache.WALK_BEFORE_LOADING);
    }

    /** Tests set how deep a lineage walks link by link before it loads its domain's links. */
    static SnapshotProjection open(Path directory, EventJson eventJson, int lineageWalkBeforeLoading) {
        Require.nonNull(eventJson, "eventJson");
        return over(RocksStore.open(directory), eventJson, lineageWalkBeforeLoading);
    }

    /**
     * Opens an existing store for queries only, beside the process that feeds it (see
     * {@link RocksStore#openReadOnly}): it answers as the store stood when it was opened, and
     * every write fails.
     *
     * @throws ProjectionException if there is no store, or it is in another format (its feeder
     *                             rebuilds it when it next runs)
     */
    public static SnapshotProjection openReadOnly(Path directory) {
        RocksStore store = RocksStore.openReadOnly(directory);
        try {
            SnapshotProjection projection = new SnapshotProjection(store, EventJson.standard(),
                    new LineageCache(LineageCache.WALK_BEFORE_LOADING));
            projection.requireOwnFormat();
            return projection;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private void requireOwnFormat() {
        store.guarded("check the format", () -> {
            if (!Arrays.equals(store.db().get(store.handle(Family.DEFAULT), FORMAT_KEY), FORMAT)) {
                throw new ProjectionException(store.name() + ": written in another format; it is rebuilt "
                        + "by the next run of what feeds it");
            }
            return null;
        });
    }

    /** A new, empty projection in memory only, gone when closed: scratch space for computed answers. */
    static SnapshotProjection inMemory(EventJson eventJson) {
        Require.nonNull(eventJson, "eventJson");
        return over(RocksStore.inMemory("scratch projection"), eventJson, LineageCache.WALK_BEFORE_LOADING);
    }

    private static SnapshotProjection over(RocksStore store, EventJson eventJson, int lineageWalkBeforeLoading) {
        try {
            SnapshotProjection projection = new SnapshotProjection(store, eventJson,
                    new LineageCache(lineageWalkBeforeLoading));
            projection.clearIfOtherFormat();
            return projection;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * A store written in another format (or before formats were marked) cannot be read: it is
     * cleared, positions included, so its adapter replays the events from the start.
     */
    private void clearIfOtherFormat() {
        store.guarded("check the format", () -> {
            byte[] stored = store.db().get(store.handle(Family.DEFAULT), FORMAT_KEY);
            if (!Arrays.equals(stored, FORMAT)) {
                try (WriteBatch batch = new WriteBatch()) {
                    store.deleteEverything(batch);
                    batch.put(store.handle(Family.DEFAULT), FORMAT_KEY, FORMAT);
                    store.write(batch);
                }
            }
            return null;
        });
    }

    public SnapshotQueries queries() {
        return queries;
    }

    /**
     * Applies one event and stores its position, atomically.
     *
     * @return false if the event was skipped: its position is not after the stored one, or its
     *         domain's history already recorded it
     */
    public boolean apply(PositionedEvent event) {
        return applyAll(List.of(event)) == 1;
    }

    /**
     * Applies the events in order and stores the last position of each source, all in one write
     * batch: either all of it is stored or, if anything fails, nothing. Events at or before
     * their source's position (stored, or reached earlier in the same list) are skipped.
     *
     * @return how many events were applied (not skipped)
     */
    public synchronized int applyAll(List<PositionedEvent> events) {
        Require.nonNull(events, "events");
        if (rebuilding) {
            throw new IllegalStateException(store.name() + " is being rebuilt; events go to the rebuild until it ends");
        }
        return store.guarded("apply " + events.size() + " events", () -> {
            try (ProjectionWrite write = new ProjectionWrite(store, json)) {
                int applied = new EventApplier(write).applyAll(events);
                write.commit();
                lineage.afterCommit(write.clearedDomains(), write.changedNodes());
                return applied;
            }
        });
    }

    /**
     * Empties the store and starts rebuilding it from a whole history, far faster than
     * {@link #applyAll} (see {@link ProjectionRebuild}): feed it every event in order, then
     * {@link ProjectionRebuild#finish}. Until the rebuild is closed, {@link #applyAll} refuses events.
     */
    public ProjectionRebuild startRebuild() {
        return startRebuild(BulkLoad.RUN_BYTES);
    }

    /** Tests load the history in runs of a few bytes, to cross that boundary with a short history. */
    synchronized ProjectionRebuild startRebuild(long historyRunBytes) {
        if (rebuilding) {
            throw new IllegalStateException(store.name() + " is already being rebuilt");
        }
        dropOldFiles();
        reset();
        rebuilding = true;
        return new ProjectionRebuild(this, store, json, historyRunBytes, () -> {
            rebuilding = false;
            // a query during the rebuild may have loaded a domain's links from the partial store
            lineage.clear();
        });
    }

    /**
     * Before a rebuild, the old data's files go at once instead of through compactions that would
     * read and rewrite them only to drop them. The positions are deleted first, on disk, so from
     * then on a crash leaves a store its adapter rebuilds from scratch.
     */
    private void dropOldFiles() {
        store.guarded("delete the positions before a rebuild", () -> {
            try (WriteBatch batch = new WriteBatch()) {
                store.deleteAll(batch, Family.POSITIONS);
                store.writeSynced(batch);
            }
            return null;
        });
        store.recreate(Arrays.stream(Family.values())
                .filter(family -> family != Family.DEFAULT && family != Family.POSITIONS).toArray(Family[]::new));
    }

    /**
     * The domain as it stood at {@code instant}, computed from its audit history up to then (see
     * {@link TreeAsOf}); close it when done.
     */
    public TreeAsOf asOf(String domain, Instant instant) {
        return TreeAsOf.fold(queries, eventJson, domain, instant);
    }

    /** The stored position of the source, if any of its events was applied. */
    public Optional<ProjectionPosition> position(String source) {
        Require.nonBlank(source, "source");
        return store.guarded("read the position of " + source, () -> {
            try (ReadView view = store.snapshotView()) {
                byte[] stored = view.get(Family.POSITIONS, Keys.text(source));
                return Optional.ofNullable(stored == null ? null : EventApplier.decode(source, stored));
            }
        });
    }

    /**
     * The stored position when the store is fed by one source, as it normally is; empty before
     * the first event.
     *
     * @throws IllegalStateException if it holds positions of several sources: ask by source
     */
    public Optional<ProjectionPosition> position() {
        List<ProjectionPosition> all = positions();
        if (all.size() > 1) {
            throw new IllegalStateException(store.name() + " holds positions of " + all.size()
                    + " sources " + all.stream().map(ProjectionPosition::source).toList() + "; ask for one by name");
        }
        return all.stream().findFirst();
    }

    /** Every stored position, by source name. */
    public List<ProjectionPosition> positions() {
        return store.guarded("read the positions", () -> {
            try (ReadView view = store.snapshotView()) {
                List<ProjectionPosition> positions = new ArrayList<>();
                view.scan(Family.POSITIONS, new byte[0],
                        (key, value) -> positions.add(EventApplier.decode(Keys.text(key), value)));
                return positions;
            }
        });
    }

    /** The whole projection but its positions, as canonical JSON (see {@link #dump(OutputStream)}). */
    public String dump() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        dump(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Writes the whole projection but its positions as canonical UTF-8 JSON: every column family
     * in name order, entries in key order, object properties sorted, {@code \n} line ends. Two
     * stores that applied the same events, from any source and in any batches, write the same
     * bytes. Does not close {@code out}.
     */
    public void dump(OutputStream out) {
        Require.nonNull(out, "out");
        store.guarded("dump the projection", () -> {
            try (ReadView view = store.snapshotView()) {
                new CanonicalDump(json).write(view, out);
                return null;
            }
        });
    }

    /** Deletes all data and every position in one write batch, to replay from the start. */
    public synchronized void reset() {
        store.guarded("reset", () -> {
            try (WriteBatch batch = new WriteBatch()) {
                store.deleteEverything(batch);
                batch.put(store.handle(Family.DEFAULT), FORMAT_KEY, FORMAT);
                store.write(batch);
            }
            lineage.clear();
            return null;
        });
    }

    /** Closes the store after running calls finish; later calls fail with a {@link ProjectionException}. */
    @Override
    public void close() {
        lineage.clear();
        store.close();
    }
}
