package io.snapledger.command.runtime;

import io.snapledger.events.DomainEvent;

import java.util.Objects;

/**
 * An event as the store holds it: its place in the store's order and the event itself.
 *
 * @param globalIndex       the store's global index of the event: the order of the whole history
 * @param aggregateSequence the event's number in its domain's stream, from 0
 * @param event             the event, read at its current revision
 */
public record StoredEvent(long globalIndex, long aggregateSequence, DomainEvent event) {

    public StoredEvent {
        Objects.requireNonNull(event, "event");
    }
}
