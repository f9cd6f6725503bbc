package io.snapledger.command.runtime;

import io.snapledger.events.DomainEvent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The events {@link TestDomain} instances were built from or applied, in the order they came. */
public final class SourcedEvents {

    private final List<DomainEvent> events = new CopyOnWriteArrayList<>();

    void add(DomainEvent event) {
        events.add(event);
    }

    List<DomainEvent> events() {
        return List.copyOf(events);
    }
}
