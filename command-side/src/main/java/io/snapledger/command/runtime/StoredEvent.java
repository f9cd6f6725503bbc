package io.snapledger.command.runtime;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.model.Nullable;

import java.util.Objects;

/**
 * An event as the store holds it: its place in the store's order and the event itself.
 *
 * @param globalIndex       the store's global index of the event: the order of the whole history
 * @param aggregateSequence the event's number in its domain's stream, from 0
 * @param event             the event, read at its current revision
 * @param json              the event's JSON as stored when that is its current revision (what
 *                          {@code EventJson} writes for it), so it need not be written again;
 *                          null when it was stored at an older revision
 */
public record StoredEvent(long globalIndex, long aggregateSequence, DomainEvent event, @Nullable byte[] json) {

    public StoredEvent {
        Objects.requireNonNull(event, "event");
    }
}
