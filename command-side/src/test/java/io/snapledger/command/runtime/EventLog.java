package io.snapledger.command.runtime;

import io.snapledger.events.DomainEvent;

import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A projection stand-in: notes every event it is handed and every reset. */
public final class EventLog {

    private final List<DomainEvent> delivered = new CopyOnWriteArrayList<>();
    private final AtomicInteger resets = new AtomicInteger();

    @EventHandler
    public void on(DomainEvent event) {
        delivered.add(event);
    }

    @ResetHandler
    public void onReset() {
        resets.incrementAndGet();
    }

    List<DomainEvent> delivered() {
        return List.copyOf(delivered);
    }

    int resets() {
        return resets.get();
    }
}
