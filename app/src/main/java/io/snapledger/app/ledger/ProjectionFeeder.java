package io.snapledger.app.ledger;

import io.snapledger.events.DomainEvent;
import io.snapledger.query.ProjectionPosition;
import io.snapledger.query.SnapshotProjection;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;

import java.nio.ByteBuffer;

/**
 * Feeds the RocksDB projection from the event store. The projection keeps the position of each
 * event with the changes it made, so an event delivered again after a crash is skipped there.
 */
public final class ProjectionFeeder {
    public static final String GROUP = "projection";
    static final String SOURCE = "axon:" + GROUP;
    private final SnapshotProjection projection;

    public ProjectionFeeder(SnapshotProjection projection) {
        this.projection = projection;
    }

    @EventHandler
    public void on(DomainEvent event, TrackingToken token) {
        long index = token.position().orElseThrow(() -> new IllegalStateException("token without a position: " + token));
        byte[] bytes = ByteBuffer.allocate(8).putLong(index).array();
        projection.apply(new ProjectionPosition(SOURCE, index, bytes), event);
    }
}
