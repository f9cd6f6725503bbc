package io.snapledger.kafka.querynode;

import io.snapledger.kafka.KafkaUnavailableException;
import io.snapledger.core.LedgerService;
import io.snapledger.image.ProgressListener;
import io.snapledger.query.SnapshotProjection;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * {@code replay --from-kafka}: the home's projection cleared and read again from the whole events
 * topic. A query node's home has nothing else. A home with an event store keeps the store as its
 * truth: the topic must hold exactly the events stored there, and the projection keeps no store
 * position afterwards, so the next command that opens the store checks it against the store once more.
 */
public final class KafkaReplay {
    private KafkaReplay() {
    }

    /** How many events were applied (duplicates dropped), in how long (opening the home not counted). */
    public record Replayed(long events, long nanos) {
    }

    /** @param ledger opens {@code home} when it has an event store */
    public static Replayed rebuild(Path home, Supplier<LedgerService> ledger, String bootstrap,
                                   ProgressListener progress) {
        if (QueryNodeHome.is(home)) {
            try (QueryNodeHome node = QueryNodeHome.openExisting(home)) {
                return refill(node.projection(), bootstrap, progress);
            }
        }
        try (LedgerService opened = ledger.get()) {
            long stored = opened.storedEvents();
            Replayed replayed = refill(opened.projection(), bootstrap, progress);
            if (replayed.events() != stored) {
                throw new KafkaUnavailableException("the events topic at " + bootstrap + " holds " + replayed.events()
                        + " events for " + stored + " in this home's store (not all published yet, or another "
                        + "home's too); run 'snapledger replay' to rebuild from the store", null);
            }
            return replayed;
        }
    }

    private static Replayed refill(SnapshotProjection projection, String bootstrap, ProgressListener progress) {
        // elapsed time, not a time of day: the monotonic timer
        long start = System.nanoTime();
        projection.reset();
        try (TopicFeed feed = TopicFeed.start(bootstrap, null, projection)) {
            long records = feed.remaining();
            long events = feed.catchUp(done -> progress.progress(done, records));
            // the records counted at the start include the topic's transaction markers, which
            // are no events: the end is told with the exact count, so the display ends at 100%
            progress.progress(events, events);
            return new Replayed(events, System.nanoTime() - start);
        }
    }
}
