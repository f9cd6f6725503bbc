package io.snapledger.query;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.EventTypes;
import io.snapledger.events.RegisteredEventType;
import io.snapledger.events.json.EventJson;

import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A history entry is stored as the JSON of {@link HistoryEntry}, whose event is the event's own JSON. */
class HistoryEncodingTest {

    @Test
    void givenEventsOfEveryRule_whenRecorded_thenEachEntryIsStoredAsHistoryEntrysJson() throws RocksDBException {
        SnapshotScript script = new SnapshotScript(new TestEvents("web01"));
        List<DomainEvent> events = new ArrayList<>(script.virshSessionTree());
        events.addAll(script.delete("b"));
        events.addAll(script.revert("root"));
        events.add(script.events().drift());
        events.add(script.events().undefined());
        StoreJson json = new StoreJson("test store");
        EventJson eventJson = EventJson.standard();

        try (RocksStore store = RocksStore.inMemory("history encoding");
             ProjectionWrite write = ProjectionWrite.overEmptyStore(store, json)) {
            HistoryWriter history = new HistoryWriter(write);
            for (int i = 0; i < events.size(); i++) {
                DomainEvent event = events.get(i);
                history.record(event);

                RegisteredEventType type = EventTypes.of(event);
                HistoryEntry expected = new HistoryEntry(event.domain(), i + 1, event.meta().occurredAt(), type.name(),
                        type.revision(), EventSubjects.snapshotOf(event), event.meta().actor(), event.meta().reason(),
                        event.meta().correlationId(), event.meta().eventId(), eventJson.mapper().valueToTree(event));
                byte[] stored = write.get(Family.HISTORY,
                        Keys.history(new Keys.HistoryKey(event.domain(), event.meta().occurredAt(), i + 1)));
                assertEquals(new String(json.write(expected), StandardCharsets.UTF_8),
                        new String(stored, StandardCharsets.UTF_8));
            }
        }
    }
}
