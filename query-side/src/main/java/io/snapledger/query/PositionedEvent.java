package io.snapledger.query;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.model.Nullable;
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
 * @param json              the event's JSON as {@code EventJson} writes it, when the source
 *                          already holds it (a payload stored at the current revision, a Kafka
 *                          record's value), so the history need not write it again; or null
 */
public record PositionedEvent(ProjectionPosition position, DomainEvent event, long aggregateSequence,
                              @Nullable byte[] json) {

    public PositionedEvent {
        Require.nonNull(position, "position");
        Require.nonNull(event, "event");
        Require.notNegative(aggregateSequence, "aggregateSequence");
    }

    /** An event whose JSON the history writes itself. */
    public PositionedEvent(ProjectionPosition position, DomainEvent event, long aggregateSequence) {
        this(position, event, aggregateSequence, null);
    }
}
