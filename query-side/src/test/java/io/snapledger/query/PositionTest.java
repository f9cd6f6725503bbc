package io.snapledger.query;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.DomainLifecycleEvent.DomainDefined;
import io.snapledger.events.EventMetadata;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.snapledger.query.TestEvents.uuid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The position is written in the same batch as the data: both survive a restart together, an
 * event at or before the stored position is skipped, and a batch that fails writes neither.
 */
class PositionTest {

    private static final String SOURCE = "kafka:snapledger.events.v1-0";
    private static final String DOMAIN = "web01";

    @TempDir
    Path directory;

    private final TestEvents events = new TestEvents(DOMAIN);
    private final DomainSequences sequences = new DomainSequences();

    private static byte[] token(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private List<PositionedEvent> threeSnapshots() {
        List<DomainEvent> made = List.of(events.defined(), events.started(uuid(1), "one", null),
                events.completed(uuid(1)), events.started(uuid(2), "two", uuid(1)), events.completed(uuid(2)));
        List<PositionedEvent> positioned = new ArrayList<>();
        for (int i = 0; i < made.size(); i++) {
            positioned.add(sequences.at(new ProjectionPosition(SOURCE, 100 + i, token("offset-" + (100 + i))),
                    made.get(i)));
        }
        return positioned;
    }

    @Test
    void aNewStoreHasNoPosition() {
        try (SnapshotProjection projection = SnapshotProjection.open(directory)) {
            assertEquals(Optional.empty(), projection.position());
            assertEquals(Optional.empty(), projection.position(SOURCE));
            assertEquals(List.of(), projection.positions());
        }
    }

    @Test
    void thePositionAndTheDataItProducedSurviveARestartTogether() {
        List<PositionedEvent> batch = threeSnapshots();
        try (SnapshotProjection projection = SnapshotProjection.open(directory)) {
            assertEquals(5, projection.applyAll(batch));
        }

        try (SnapshotProjection reopened = SnapshotProjection.open(directory)) {
            ProjectionPosition position = reopened.position().orElseThrow();
            assertEquals(104, position.sequence());
            assertArrayEquals(token("offset-104"), position.token());
            assertEquals(Optional.of(uuid(2)), reopened.queries().current(DOMAIN).map(SnapshotNode::uuid));
            assertEquals(5, reopened.queries().history(HistoryQuery.everything()).size());
        }
    }

    @Test
    void eventsResentAfterARestartAreSkippedAndChangeNothing() {
        List<PositionedEvent> batch = threeSnapshots();
        String dumped;
        try (SnapshotProjection projection = SnapshotProjection.open(directory)) {
            projection.applyAll(batch.subList(0, 3));
            dumped = projection.dump();
        }

        try (SnapshotProjection reopened = SnapshotProjection.open(directory)) {
            assertEquals(0, reopened.applyAll(batch.subList(0, 3)));
            assertEquals(dumped, reopened.dump());
            assertFalse(reopened.apply(batch.get(2)));

            assertEquals(2, reopened.applyAll(batch), "the resent part is skipped, the rest applied");
            assertEquals(104, reopened.position(SOURCE).orElseThrow().sequence());
            assertEquals(2, reopened.queries().list(DOMAIN, ListFilter.all()).size());
        }
    }

    @Test
    void anEventBeforeTheStoredPositionIsSkippedEvenWhenItIsADifferentEvent() {
        try (SnapshotProjection projection = SnapshotProjection.open(directory)) {
            projection.apply(sequences.at(ProjectionPosition.of(SOURCE, 7), events.defined()));

            assertFalse(projection.apply(sequences.at(ProjectionPosition.of(SOURCE, 6),
                    events.started(uuid(1), "late", null))));

            assertTrue(projection.queries().list(DOMAIN, ListFilter.all()).isEmpty());
            assertEquals(7, projection.position(SOURCE).orElseThrow().sequence());
        }
    }

    @Test
    void withinOneBatchAPositionThatGoesBackIsSkipped() {
        try (SnapshotProjection projection = SnapshotProjection.open(directory)) {
            int applied = projection.applyAll(List.of(
                    sequences.at(ProjectionPosition.of(SOURCE, 1), events.defined()),
                    sequences.at(ProjectionPosition.of(SOURCE, 3), events.started(uuid(1), "one", null)),
                    sequences.at(ProjectionPosition.of(SOURCE, 2), events.started(uuid(2), "two", null))));

            assertEquals(2, applied);
            assertEquals(List.of("one"),
                    projection.queries().list(DOMAIN, ListFilter.all()).stream().map(SnapshotNode::name).toList());
            assertEquals(3, projection.position(SOURCE).orElseThrow().sequence());
        }
    }

    @Test
    void theSameEventDeliveredAgainAtANewPositionIsAppliedOnceAndThePositionMovesOn() {
        DomainEvent started = events.started(uuid(1), "one", null);
        try (SnapshotProjection projection = SnapshotProjection.open(directory)) {
            projection.apply(sequences.at(ProjectionPosition.of(SOURCE, 1), events.defined()));
            assertTrue(projection.apply(sequences.at(ProjectionPosition.of(SOURCE, 2), started)));
            projection.apply(sequences.at(ProjectionPosition.of(SOURCE, 3), events.completed(uuid(1))));

            assertFalse(projection.apply(sequences.at(ProjectionPosition.of(SOURCE, 4), started)), "a retried publish");

            assertEquals(SnapshotState.READY, projection.queries().resolve(DOMAIN, "one").orElseThrow().state());
            assertEquals(3, projection.queries().history(HistoryQuery.everything()).size());
            assertEquals(4, projection.position(SOURCE).orElseThrow().sequence());
        }
    }

    @Test
    void eachSourceKeepsItsOwnPosition() {
        try (SnapshotProjection projection = SnapshotProjection.open(directory)) {
            projection.apply(sequences.at(new ProjectionPosition("kafka:events-0", 10, token("p0")), events.defined()));
            projection.apply(sequences.at(new ProjectionPosition("kafka:events-1", 3, token("p1")),
                    new TestEvents("db01").defined()));

            assertTrue(projection.apply(sequences.at(ProjectionPosition.of("kafka:events-1", 4),
                            new TestEvents("db02").defined())),
                    "sequence 4 is new for its own source though below the other's");
            assertEquals(List.of("kafka:events-0", "kafka:events-1"),
                    projection.positions().stream().map(ProjectionPosition::source).toList());
            assertThrows(IllegalStateException.class, projection::position);
        }
    }

    @Test
    void aBatchThatFailsWritesNeitherItsDataNorItsPosition() {
        EventMetadata meta = events.meta();
        DomainEvent unstorable = new DomainDefined("bad\0name",
                List.of(new DeviceSpec("vda", "/images/bad.qcow2", ImageFormat.QCOW2)), false,
                new EventMetadata(UUID.randomUUID(), meta.occurredAt(), "alice", null, meta.correlationId()));
        try (SnapshotProjection projection = SnapshotProjection.open(directory)) {
            String empty = projection.dump();

            assertThrows(IllegalArgumentException.class, () -> projection.applyAll(List.of(
                    sequences.at(ProjectionPosition.of(SOURCE, 1), events.defined()),
                    sequences.at(ProjectionPosition.of(SOURCE, 2), unstorable))));

            assertEquals(Optional.empty(), projection.position(SOURCE));
            assertEquals(empty, projection.dump());
        }
    }

    @Test
    void resetClearsTheDataAndEveryPositionSoTheSameEventsReplayToTheSameProjection() {
        List<PositionedEvent> batch = threeSnapshots();
        try (SnapshotProjection projection = SnapshotProjection.open(directory)) {
            String empty = projection.dump();
            projection.applyAll(batch);
            String full = projection.dump();
            projection.queries().lineage(DOMAIN, uuid(2));

            projection.reset();

            assertEquals(empty, projection.dump());
            assertEquals(List.of(), projection.positions());
            assertEquals(List.of(), projection.queries().lineage(DOMAIN, uuid(2)));
            assertEquals(5, projection.applyAll(batch));
            assertEquals(full, projection.dump());
        }
    }

    @Test
    void aClosedStoreRefusesWithItsNameAndWhatWasAsked() {
        SnapshotProjection projection = SnapshotProjection.open(directory);
        projection.close();

        ProjectionException refused = assertThrows(ProjectionException.class, () -> projection.queries().domains());

        assertTrue(refused.getMessage().contains(directory.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("list domains"), refused.getMessage());
        projection.close();
    }

    @Test
    void aStoreThatIsAlreadyOpenCannotBeOpenedTwice() {
        try (SnapshotProjection projection = SnapshotProjection.open(directory)) {
            ProjectionException refused = assertThrows(ProjectionException.class,
                    () -> SnapshotProjection.open(directory));
            assertTrue(refused.getMessage().startsWith("projection store " + directory + ": cannot open"),
                    refused.getMessage());
            assertEquals(List.of(), projection.positions(), "the first one stays usable");
        }
    }

    @Test
    void positionsCompareBySourceSequenceAndToken() {
        ProjectionPosition position = new ProjectionPosition(SOURCE, 5, token("t"));

        assertEquals(position, new ProjectionPosition(SOURCE, 5, token("t")));
        assertFalse(position.equals(new ProjectionPosition(SOURCE, 5, token("u"))));
        assertTrue(ProjectionPosition.of(SOURCE, 5).notAfter(position));
        assertFalse(ProjectionPosition.of(SOURCE, 6).notAfter(position));
        assertFalse(ProjectionPosition.of("other", 1).notAfter(position));
        assertThrows(IllegalArgumentException.class, () -> ProjectionPosition.of(SOURCE, -1));
    }
}
