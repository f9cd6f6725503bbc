package io.snapledger.command.runtime;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.DeletionEvent.DeletionStarted;
import io.snapledger.events.EditEvent.SnapshotRenamed;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plain JDBC read of the whole history a rebuild uses gives what Axon's event stream gives. */
class StoredEventReaderTest {

    @TempDir
    Path home;

    @Test
    void givenAHistoryWithAnOldRevisionRow_whenReadInPages_thenEveryEventComesInStoreOrderAsAxonStreamsIt()
            throws Exception {
        try (TestRuntime first = TestRuntime.start(home)) {
            first.define();
            first.take("a");
            first.take("b");
            first.rename("b", "c");
        }
        // an event as an older version of snapledger stored it, below the revision the record reads today
        StoreTables.update(home, "INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, type, "
                        + "eventIdentifier, metaData, payload, payloadRevision, payloadType, timeStamp) "
                        + "VALUES (?, 100, 'TestDomain', ?, ?, ?, '1', 'DeletionStarted', ?)",
                TestRuntime.DOMAIN, UUID.randomUUID().toString(), "{}".getBytes(StandardCharsets.UTF_8),
                deletionStartedRevision1().getBytes(StandardCharsets.UTF_8), Instant.EPOCH.toString());

        try (TestRuntime second = TestRuntime.start(home)) {
            List<DomainEvent> streamed = new ArrayList<>();
            List<Long> indexes = new ArrayList<>();
            try (var stream = second.runtime.eventStore().openStream(null)) {
                while (stream.hasNextAvailable()) {
                    TrackedEventMessage<?> message = stream.nextAvailable();
                    streamed.add((DomainEvent) message.getPayload());
                    indexes.add(message.trackingToken().position().orElseThrow());
                }
            }
            List<StoredEvent> read = new ArrayList<>();
            List<Integer> pages = new ArrayList<>();

            long count = second.runtime.storedEvents(2).readAll(page -> {
                pages.add(page.size());
                read.addAll(page);
            });

            assertEquals(streamed.size(), count);
            assertEquals(streamed, read.stream().map(StoredEvent::event).toList());
            assertEquals(indexes, read.stream().map(StoredEvent::globalIndex).toList());
            assertTrue(pages.size() >= 3 && pages.stream().allMatch(size -> size <= 2), pages.toString());
            assertTrue(read.stream().anyMatch(e -> e.event() instanceof SnapshotRenamed), "renamed is in the history");
            assertTrue(read.stream().anyMatch(e -> e.event() instanceof DeletionStarted d && d.deviceLayers().isEmpty()),
                    "the revision 1 row is read, upcast");
        }
    }

    @Test
    void givenAHistory_whenCounted_thenAsManyAsAReadHandsOver() throws Exception {
        try (TestRuntime runtime = TestRuntime.start(home)) {
            assertEquals(0, runtime.runtime.storedEvents().count());
            runtime.define();
            runtime.take("a");
            runtime.rename("a", "b");

            assertEquals(runtime.runtime.storedEvents().readAll(page -> { }), runtime.runtime.storedEvents().count());
        }
    }

    @Test
    void givenAHistory_whenCountedAfterAPositionWithGaps_thenTheEventsPastItAndInItsGapsCount() throws Exception {
        try (TestRuntime runtime = TestRuntime.start(home)) {
            runtime.define();
            runtime.take("a");
            runtime.rename("a", "b");
            List<Long> indexes = new ArrayList<>();
            runtime.runtime.storedEvents().readAll(page -> page.forEach(e -> indexes.add(e.globalIndex())));
            StoredEventReader reader = runtime.runtime.storedEvents();
            long last = indexes.get(indexes.size() - 1);

            assertEquals(indexes.size(), reader.countAfter(-1, List.of()));
            assertEquals(0, reader.countAfter(last, List.of()));
            assertEquals(1, reader.countAfter(indexes.get(indexes.size() - 2), List.of()));
            assertEquals(3, reader.countAfter(indexes.get(indexes.size() - 2), List.of(indexes.get(0), indexes.get(1))));
            assertEquals(1, reader.countAfter(last, List.of(indexes.get(0), last + 100)), "a gap no event filled counts nothing");
        }
    }

    /** DeletionStarted as revision 1 wrote it: no device layers yet. */
    private static String deletionStartedRevision1() {
        return """
                {"domain":"web01","snapshotUuid":"0b7e5c1a-1d2f-4a3b-8c4d-5e6f7a8b9c02","mode":"metadata",
                 "affectedSnapshotUuids":["0b7e5c1a-1d2f-4a3b-8c4d-5e6f7a8b9c02"],"work":[],
                 "meta":{"eventId":"e0e0e0e0-0000-4000-8000-000000000001","occurredAt":"2024-05-01T10:15:30Z",
                         "actor":"alice","reason":null,"correlationId":"c0ffee00-0000-4000-8000-000000000001"}}
                """;
    }
}
