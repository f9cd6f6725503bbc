package io.snapledger.app.ledger;

import io.snapledger.events.DomainEvent;
import io.snapledger.query.ProjectionPosition;
import io.snapledger.query.SnapshotProjection;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;

import java.nio.ByteBuffer;

/**
 * Feeds the RocksDB projection from the event store. Deliveries are numbered here, not by the
 * store's global index: Axon's gap-aware tokens can deliver a late event with an index below one
 * already seen. The projection also records each event's id, so an event delivered again after a
 * crash (Axon's token lagging the projection) is skipped there.
 */
public final class ProjectionFeeder {
    public static final String GROUP = "projection";
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

    @EventHandler
    public synchronized void on(DomainEvent event, TrackingToken token) {
        long index = token.position().orElse(-1L);
        byte[] where = ByteBuffer.allocate(8).putLong(index).array();
        projection.apply(new ProjectionPosition(SOURCE, ++delivered, where), event);
    }

    @ResetHandler
    public synchronized void onReset() {
        projection.reset();
        delivered = 0;
    }
}
