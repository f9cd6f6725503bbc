package io.snapledger.app.kafka;

import io.snapledger.events.model.Nullable;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.common.stream.BlockingStream;

/** Counts events in the store by reading them: exact, and cheap for the backlogs a status reports. */
public final class StoreCounts {
    private StoreCounts() {
    }

    /** How many events the store holds after {@code token} (null: all of them). */
    public static long after(EventStore store, @Nullable TrackingToken token) {
        long count = 0;
        try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(token)) {
            while (stream.hasNextAvailable()) {
                stream.nextAvailable();
                count++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting events", e);
        }
        return count;
    }
}
