package io.snapledger.command.runtime;

import io.snapledger.events.DomainEvent;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends a history that was decided elsewhere straight to an empty event store, many events per
 * commit, without the aggregates: how benchmarks fill a home, and the write pattern of a bulk
 * load (large commits of events with random identifiers) that {@link StoreCompaction} is about.
 * Each domain's events get sequence numbers from 0 in the order given.
 */
public final class HistoryAppender {

    /** The aggregate type the {@code Domain} aggregate's events are stored under. */
    private static final String AGGREGATE_TYPE = "Domain";

    private HistoryAppender() {
    }

    public static void append(EventStore store, List<? extends DomainEvent> history, int eventsPerCommit) {
        Map<String, Long> sequences = new HashMap<>();
        List<EventMessage<?>> commit = new ArrayList<>(eventsPerCommit);
        for (DomainEvent event : history) {
            long sequence = sequences.merge(event.domain(), 1L, Long::sum) - 1;
            commit.add(new GenericDomainEventMessage<>(AGGREGATE_TYPE, event.domain(), sequence, event));
            if (commit.size() == eventsPerCommit) {
                store.publish(commit);
                commit.clear();
            }
        }
        if (!commit.isEmpty()) {
            store.publish(commit);
        }
    }
}
