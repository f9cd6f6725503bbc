package io.snapledger.app.ledger;

import io.snapledger.events.DomainEvent;
import io.snapledger.query.PositionedEvent;
import io.snapledger.query.ProjectionPosition;
import io.snapledger.query.SnapshotProjection;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Feeds the RocksDB projection from the event store. Deliveries are numbered here, not by the
 * store's global index: Axon's gap-aware tokens can deliver a late event with an index below one
 * already seen. The projection also records each event's id, so an event delivered again after a
 * crash (Axon's token lagging the projection) is skipped there.
 */
public final class ProjectionFeeder {
    public static final String GROUP = "projection";
    static final String SOURCE = "axon:" + GROUP;
    /** Events per write batch in a rebuild: one RocksDB write per batch, not per event. */
    private static final int REBUILD_BATCH = 1_000;
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

    /** How many events the projection has been fed since it was last cleared. */
    synchronized long delivered() {
        return delivered;
    }

    @EventHandler
    public synchronized void on(DomainEvent event, TrackingToken token) {
        projection.apply(position(token), event);
    }

    /**
     * Clears the projection and applies the whole history read from {@code stream}, in store
     * order, a batch at a time. The processor cannot deliver meanwhile (this holds the feeder);
     * afterwards it goes on from its own token, and an event it delivers again is dropped by its id.
     *
     * @param progress told how many events were applied so far, after each batch
     * @return how many events were applied
     */
    synchronized long rebuild(BlockingStream<TrackedEventMessage<?>> stream, LongConsumer progress)
            throws InterruptedException {
        onReset();
        List<PositionedEvent> batch = new ArrayList<>(REBUILD_BATCH);
        while (stream.hasNextAvailable()) {
            TrackedEventMessage<?> message = stream.nextAvailable();
            if (message.getPayload() instanceof DomainEvent event) {
                batch.add(new PositionedEvent(position(message.trackingToken()), event));
            }
            if (batch.size() == REBUILD_BATCH) {
                applyBatch(batch, progress);
            }
        }
        applyBatch(batch, progress);
        return delivered;
    }

    private void applyBatch(List<PositionedEvent> batch, LongConsumer progress) {
        if (!batch.isEmpty()) {
            projection.applyAll(batch);
            batch.clear();
            progress.accept(delivered);
        }
    }

    /** The next delivery's number, with the store's index in the token bytes for whoever investigates. */
    private ProjectionPosition position(TrackingToken token) {
        long index = token.position().orElse(-1L);
        byte[] where = ByteBuffer.allocate(8).putLong(index).array();
        return new ProjectionPosition(SOURCE, ++delivered, where);
    }

    @ResetHandler
    public synchronized void onReset() {
        projection.reset();
        delivered = 0;
    }
}
