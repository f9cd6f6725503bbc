package io.snapledger.query;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.model.Require;

/** An event with the position of the source it was read from; the unit of {@link SnapshotProjection#applyAll}. */
public record PositionedEvent(ProjectionPosition position, DomainEvent event) {

    public PositionedEvent {
        Require.nonNull(position, "position");
        Require.nonNull(event, "event");
    }
}
