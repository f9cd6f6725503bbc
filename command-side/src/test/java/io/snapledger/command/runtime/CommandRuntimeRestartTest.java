package io.snapledger.command.runtime;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.DomainLifecycleEvent.DomainDefined;
import io.snapledger.events.EditEvent.SnapshotRenamed;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime over a real H2 file: what it stores, and what survives closing and starting again. */
class CommandRuntimeRestartTest {

    @TempDir
    Path home;

    @Test
    void storesEventsUnderTheirStableTypeNamesAndRevisions() {
        try (TestRuntime first = TestRuntime.start(home)) {
            first.define();
            first.take("before-upgrade");
        }

        List<Map<String, String>> rows = StoreTables.query(home,
                "SELECT aggregateIdentifier, sequenceNumber, payloadType, payloadRevision, payload "
                        + "FROM DomainEventEntry ORDER BY globalIndex");

        assertEquals(List.of("DomainDefined", "SnapshotStarted"), column(rows, "payloadtype"));
        assertEquals(List.of("1", "1"), column(rows, "payloadrevision"));
        assertEquals(List.of("web01", "web01"), column(rows, "aggregateidentifier"));
        assertEquals(List.of("0", "1"), column(rows, "sequencenumber"));
        assertTrue(rows.get(1).get("payload").contains("\"name\":\"before-upgrade\""),
                "the payload is the event's JSON: " + rows.get(1).get("payload"));
    }

    @Test
    void afterARestartTheAggregateHasItsStateAndTheProjectionResumesFromItsToken() {
        UUID first;
        try (TestRuntime before = TestRuntime.start(home)) {
            before.define();
            first = before.take("a");
            before.awaitProjection();
            assertEquals(List.of(DomainDefined.class, SnapshotStarted.class), types(before.projection.delivered()));
        }

        try (TestRuntime after = TestRuntime.start(home)) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> after.take("a"));
            assertEquals("domain web01 already has a snapshot named 'a'; choose another name", refused.getMessage());
            after.rename("a", "z");
            after.awaitProjection();

            List<DomainEvent> delivered = after.projection.delivered();
            assertEquals(List.of(SnapshotRenamed.class), types(delivered), "only the new event, nothing again");
            assertEquals(first, ((SnapshotRenamed) delivered.get(0)).snapshotUuid());
        }
    }

    @Test
    void resetAndReplayDeliversTheWholeStreamAgain() {
        try (TestRuntime before = TestRuntime.start(home)) {
            before.define();
            before.take("a");
            // delivery is at least once: only a position the projection stored is never delivered again
            before.awaitProjection();
        }
        try (TestRuntime after = TestRuntime.start(home)) {
            after.take("b");
            after.awaitProjection();
            assertEquals(1, after.projection.delivered().size());

            after.runtime.resetAndReplay(TestRuntime.PROJECTION);
            after.awaitProjection();

            assertEquals(1, after.projection.resets());
            assertEquals(List.of(SnapshotStarted.class, DomainDefined.class, SnapshotStarted.class, SnapshotStarted.class),
                    types(after.projection.delivered()));
            assertEquals(List.of("b", "a", "b"), after.projection.delivered().stream()
                    .filter(SnapshotStarted.class::isInstance)
                    .map(event -> ((SnapshotStarted) event).name()).toList());
        }
        try (TestRuntime afterTheReplay = TestRuntime.start(home)) {
            afterTheReplay.take("c");
            afterTheReplay.awaitProjection();

            assertEquals(List.of(SnapshotStarted.class), types(afterTheReplay.projection.delivered()),
                    "the replay's end position was stored");
        }
    }

    @Test
    void aStartOnAnExistingHomeFindsItsTablesAndKeepsTheEvents() {
        try (TestRuntime first = TestRuntime.start(home)) {
            first.define();
        }
        try (TestRuntime second = TestRuntime.start(home)) {
            second.take("a");
        }
        try (TestRuntime third = TestRuntime.start(home)) {
            assertEquals(2, third.runtime.eventStore().readEvents(TestRuntime.DOMAIN).asStream().count());
        }
    }

    private static List<String> column(List<Map<String, String>> rows, String column) {
        return rows.stream().map(row -> row.get(column)).toList();
    }

    private static List<Class<?>> types(List<DomainEvent> events) {
        return events.stream().<Class<?>>map(Object::getClass).toList();
    }
}
