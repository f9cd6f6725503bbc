package io.snapledger.core;

import io.snapledger.command.runtime.StoredEvent;
import io.snapledger.command.runtime.StoredEventReader;
import io.snapledger.events.DomainEvent;
import io.snapledger.query.PositionedEvent;
import io.snapledger.query.ProjectionPosition;
import io.snapledger.query.ProjectionRebuild;
import io.snapledger.query.SnapshotProjection;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongConsumer;

/**
 * Feeds the RocksDB projection from the event store. Deliveries are numbered here, not by the
 * store's global index: Axon's gap-aware tokens can deliver a late event with an index below one
 * already seen. The projection also knows each domain's last recorded aggregate sequence, so an
 * event delivered again after a crash (Axon's token lagging the projection) is skipped there.
 */
public final class ProjectionFeeder {
    public static final String GROUP = "projection";
    /**
     * Events per unit of work of the processor. After a rebuild read the store directly, the
     * processor delivers again what the rebuild applied (the projection drops each one); one
     * token update per event made that take about as long as the rebuild itself.
     */
    static final int BATCH_SIZE = 500;
    static final String SOURCE = "axon:" + GROUP;
    private final SnapshotProjection projection;
    private long delivered;

    public ProjectionFeeder(SnapshotProjection projection) {
        this.projection = projection;
        this.delivered = storedSequence(projection);
    }

    private static long storedSequence(SnapshotProjection projection) {
        return projection.position(SOURCE).map(ProjectionPosition::sequence).orElse(0L);
    }

    /** Whether the projection has seen any event of the store yet. */
    boolean empty() {
        return projection.position(SOURCE).isEmpty();
    }

    /**
     * Whether the projection holds less than the processor's token says it was given: the
     * processor stores its token only after the projection applied the event, so this happens
     * only if the projection lost writes it had made (its write-ahead log is not synced: a power
     * cut, not a killed process). Read the processor's position first, then this: the projection
     * is never behind a position it was given.
     *
     * @param processed where the processor stands ({@code CommandRuntime#processedPosition})
     */
    boolean lostEventsBefore(OptionalLong processed) {
        if (processed.isEmpty()) {
            return false;
        }
        long stored = projection.position(SOURCE).map(p -> ByteBuffer.wrap(p.token()).getLong()).orElse(-1L);
        return stored < processed.getAsLong();
    }

    @EventHandler
    public synchronized void on(DomainEvent event, @SequenceNumber long aggregateSequence, TrackingToken token) {
        projection.apply(new PositionedEvent(position(token), event, aggregateSequence));
    }

    /**
     * Clears the projection and applies the whole history read straight from the store's table,
     * in store order, reading the next pages while applying the last ones (see
     * {@link ProjectionRebuild} and {@link ReadAhead}). The processor cannot deliver meanwhile
     * (this holds the feeder); afterwards it goes on from its own token, so an event committed
     * while this read is delivered then, and one it delivers again is dropped by its aggregate sequence. A
     * rebuild that fails or is killed leaves no position, so the next start rebuilds again.
     *
     * @param progress told how many events were applied so far, after each page
     * @return how many events were applied
     */
    synchronized long rebuild(StoredEventReader store, LongConsumer progress) throws InterruptedException {
        delivered = 0;
        try (ProjectionRebuild rebuild = projection.startRebuild()) {
            ReadAhead.<StoredEvent>readAndApply(sink -> store.readAll(sink::accept), page -> {
                List<PositionedEvent> batch = new ArrayList<>(page.size());
                page.forEach(stored -> batch.add(new PositionedEvent(position(stored.globalIndex()), stored.event(),
                        stored.aggregateSequence(), stored.json())));
                rebuild.applyAll(batch);
                progress.accept(delivered);
            });
            rebuild.finish();
        }
        return delivered;
    }

    /** The next delivery's number, with the store's index in the token bytes for whoever investigates. */
    private ProjectionPosition position(TrackingToken token) {
        return position(token.position().orElse(-1L));
    }

    private ProjectionPosition position(long index) {
        byte[] where = ByteBuffer.allocate(8).putLong(index).array();
        return new ProjectionPosition(SOURCE, ++delivered, where);
    }

    @ResetHandler
    public synchronized void onReset() {
        projection.reset();
        delivered = 0;
    }
}
