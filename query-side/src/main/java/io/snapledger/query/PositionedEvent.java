package io.snapledger.query;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.model.Require;

/**
 * An event with the position of the source it was read from; the unit of {@link SnapshotProjection#applyAll}.
 *
 * @param position          where the source stands after this event
 * @param event             the event
 * @param aggregateSequence the event's number in its domain's stream, from 0 (the event store's
 *                          sequence number, the {@code aggregate-sequence} header on Kafka): an
 *                          event not past the last one the projection recorded for its domain is
 *                          a duplicate
 */
public record PositionedEvent(ProjectionPosition position, DomainEvent event, long aggregateSequence) {

    public PositionedEvent {
        Require.nonNull(position, "position");
        Require.nonNull(event, "event");
        Require.notNegative(aggregateSequence, "aggregateSequence");
    }
}
