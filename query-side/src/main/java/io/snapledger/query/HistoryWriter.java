package io.snapledger.query;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.EventMetadata;
import io.snapledger.events.EventTypes;
import io.snapledger.events.RegisteredEventType;
import io.snapledger.events.model.Nullable;

import org.rocksdb.RocksDBException;

import java.time.Instant;
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

    HistoryWriter(ProjectionWrite write) {
        this.write = write;
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
        StoredEntry entry = new StoredEntry(event.domain(), sequence, meta.occurredAt(), type.name(),
                type.revision(), EventSubjects.snapshotOf(event), meta.actor(), meta.reason(), meta.correlationId(),
                meta.eventId(), event);
        byte[] historyKey = Keys.history(key);
        write.put(Family.HISTORY, historyKey, write.json().write(entry));
        write.put(Family.HISTORY_BY_TIME, Keys.historyByTime(key), NO_VALUE);
        write.put(Family.EVENT_IDS, Keys.uuid(meta.eventId()), historyKey);
        write.put(Family.HISTORY_SEQUENCES, counterKey, Keys.longValue(sequence));
    }

    /**
     * A {@link HistoryEntry} as stored: the same properties in the same order, but the event is
     * written by its own serializer straight into the entry's JSON, where the entry holds it as a
     * JSON tree that would be built and then written again. The stored bytes are the same
     * (HistoryTest compares them); the events' mapper settings are the store's.
     */
    private record StoredEntry(String domain, long sequence, Instant time, String type, int revision,
                               @Nullable UUID snapshotUuid, String actor, @Nullable String reason, UUID correlationId,
                               UUID eventId, DomainEvent event) {
    }
}
