package io.snapledger.query;

import io.snapledger.events.DomainEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Numbers events as the event store does: each domain's events from 0, in the order they are
 * asked for. An event asked for again (by its id) keeps the number it had: a delivery repeated.
 */
final class DomainSequences {

    private final Map<String, Long> next = new HashMap<>();
    private final Map<UUID, Long> given = new HashMap<>();

    /** The event at the position, with its aggregate sequence. */
    PositionedEvent at(ProjectionPosition position, DomainEvent event) {
        long sequence = given.computeIfAbsent(event.meta().eventId(),
                id -> next.merge(event.domain(), 1L, Long::sum) - 1);
        return new PositionedEvent(position, event, sequence);
    }

    /** The events at positions {@code first}, {@code first + 1}, ... of the source, numbered in order. */
    static List<PositionedEvent> positioned(String source, long first, List<? extends DomainEvent> events) {
        DomainSequences sequences = new DomainSequences();
        List<PositionedEvent> positioned = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            positioned.add(sequences.at(ProjectionPosition.of(source, first + i), events.get(i)));
        }
        return positioned;
    }
}
