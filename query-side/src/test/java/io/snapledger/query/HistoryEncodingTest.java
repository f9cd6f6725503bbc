package io.snapledger.query;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.EventTypes;
import io.snapledger.events.RegisteredEventType;
import io.snapledger.events.json.EventJson;

import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static io.snapledger.query.TestEvents.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A history entry is stored as a binary summary followed by the event's own JSON, and reads back
 * as the {@link HistoryEntry} its event makes, whatever the event.
 */
class HistoryEncodingTest {

    private final StoreJson json = new StoreJson("test store");

    @Test
    void givenEventsOfEveryRule_whenRecorded_thenEachEntryReadsBackWithTheEventsOwnJson() throws RocksDBException {
        SnapshotScript script = new SnapshotScript(new TestEvents("web01"));
        List<DomainEvent> events = new ArrayList<>(script.virshSessionTree());
        events.addAll(script.delete("b"));
        events.addAll(script.revert("root"));
        events.add(script.events().drift());
        events.add(script.events().undefined());
        EventJson eventJson = EventJson.standard();

        try (RocksStore store = RocksStore.inMemory("history encoding");
             ProjectionWrite write = new ProjectionWrite(store, json)) {
            HistoryWriter history = new HistoryWriter(write);
            for (int i = 0; i < events.size(); i++) {
                DomainEvent event = events.get(i);
                history.record(new PositionedEvent(ProjectionPosition.of("test", i + 1), event, i));

                RegisteredEventType type = EventTypes.of(event);
                HistoryEntry expected = new HistoryEntry(event.domain(), i + 1, event.meta().occurredAt(), type.name(),
                        type.revision(), EventSubjects.snapshotOf(event), event.meta().actor(), event.meta().reason(),
                        event.meta().correlationId(), event.meta().eventId(), eventJson.mapper().valueToTree(event));
                Keys.HistoryKey key = new Keys.HistoryKey(event.domain(), event.meta().occurredAt(), i + 1);
                byte[] stored = write.get(Family.HISTORY, Keys.history(key));
                assertEquals(new String(json.write(expected), StandardCharsets.UTF_8),
                        new String(json.write(HistoryValue.entry(key, stored, json)), StandardCharsets.UTF_8));
                assertEquals(eventJson.write(event), eventJsonOf(stored), "the event's JSON, byte for byte");
            }
        }
    }

    @Test
    void givenAnEntryWithoutSnapshotOrReason_whenReadBack_thenBothAreAbsent() {
        byte[] value = HistoryValue.encode("DomainDefined", 1, null, "alice", null, uuid(7), uuid(8),
                "{}".getBytes(StandardCharsets.UTF_8));

        HistoryValue.Summary summary = HistoryValue.summary(value);

        assertEquals(new HistoryValue.Summary("DomainDefined", 1, null, "alice", null, uuid(7), uuid(8),
                value.length - 2), summary);
    }

    @Test
    void givenAValueCutShort_whenRead_thenItIsRefusedAsCutShort() {
        byte[] value = HistoryValue.encode("SnapshotRenamed", 3, uuid(1), "bob", "tidy up", UUID.randomUUID(),
                UUID.randomUUID(), "{}".getBytes(StandardCharsets.UTF_8));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> HistoryValue.summary(Arrays.copyOf(value, 30)));

        assertTrue(refused.getMessage().contains("cut short"), refused.getMessage());
    }

    @Test
    void givenAValueOfAnotherLayout_whenRead_thenItIsRefusedByItsLayout() {
        byte[] value = HistoryValue.encode("SnapshotRenamed", 3, uuid(1), "bob", null, uuid(2), uuid(3),
                "{}".getBytes(StandardCharsets.UTF_8));
        value[0] = 9;

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> HistoryValue.summary(value));

        assertTrue(refused.getMessage().contains("layout 9"), refused.getMessage());
    }

    private static String eventJsonOf(byte[] stored) {
        int offset = HistoryValue.summary(stored).eventOffset();
        return new String(stored, offset, stored.length - offset, StandardCharsets.UTF_8);
    }
}
