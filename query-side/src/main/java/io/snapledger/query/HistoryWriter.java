package io.snapledger.query;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.EventMetadata;
import io.snapledger.events.EventTypes;
import io.snapledger.events.RegisteredEventType;
import io.snapledger.events.json.EventJson;

import org.rocksdb.RocksDBException;

import java.util.UUID;

/**
 * Appends events to the audit history inside a {@link ProjectionWrite}: the entry under its
 * domain and time, a pointer in the all-domains time index, the event id (so a duplicate
 * delivered at a new position is recognised), and the domain's entry counter. Entries are
 * numbered per domain, not per store, so the history is the same whether the events arrived
 * interleaved from the event store or per partition from Kafka.
 */
final class HistoryWriter {

    private static final byte[] NO_VALUE = new byte[0];

    private final ProjectionWrite write;
    private final EventJson eventJson;

    HistoryWriter(ProjectionWrite write, EventJson eventJson) {
        this.write = write;
        this.eventJson = eventJson;
    }

    boolean alreadyRecorded(UUID eventId) throws RocksDBException {
        return write.get(Family.EVENT_IDS, Keys.uuid(eventId)) != null;
    }

    void record(DomainEvent event) throws RocksDBException {
        EventMetadata meta = event.meta();
        byte[] counterKey = Keys.text(event.domain());
        byte[] counter = write.get(Family.HISTORY_SEQUENCES, counterKey);
        long sequence = (counter == null ? 0 : Keys.longValue(counter)) + 1;
        Keys.HistoryKey key = new Keys.HistoryKey(event.domain(), meta.occurredAt(), sequence);
        RegisteredEventType type = EventTypes.of(event);
        HistoryEntry entry = new HistoryEntry(event.domain(), sequence, meta.occurredAt(), type.name(),
                type.revision(), EventSubjects.snapshotOf(event), meta.actor(), meta.reason(), meta.correlationId(),
                meta.eventId(), eventJson.mapper().valueToTree(event));
        byte[] historyKey = Keys.history(key);
        write.put(Family.HISTORY, historyKey, write.json().write(entry));
        write.put(Family.HISTORY_BY_TIME, Keys.historyByTime(key), NO_VALUE);
        write.put(Family.EVENT_IDS, Keys.uuid(meta.eventId()), historyKey);
        write.put(Family.HISTORY_SEQUENCES, counterKey, Keys.longValue(sequence));
    }
}
