package io.snapledger.query;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.EventMetadata;
import io.snapledger.events.EventTypes;
import io.snapledger.events.RegisteredEventType;

import org.rocksdb.RocksDBException;

/**
 * Appends events to the audit history inside a {@link ProjectionWrite}: the entry under its
 * domain, time and sequence, a pointer in the all-domains time index, and the domain's count of
 * recorded events. An entry's sequence is its event's aggregate sequence plus one: entries are
 * numbered per domain, not per store, so the history is the same whether the events arrived
 * interleaved from the event store or per partition from Kafka, and an event delivered again is
 * recognised by the same rule every consumer of the topic applies (docs/kafka.md): its aggregate
 * sequence is not past the last one recorded for its domain.
 */
final class HistoryWriter {

    private static final byte[] NO_VALUE = new byte[0];

    private final ProjectionWrite write;

    HistoryWriter(ProjectionWrite write) {
        this.write = write;
    }

    /** Whether the event is past the last one its domain's history recorded. */
    boolean isNew(PositionedEvent positioned) throws RocksDBException {
        return positioned.aggregateSequence() >= recorded(positioned.event().domain());
    }

    void record(PositionedEvent positioned) throws RocksDBException {
        DomainEvent event = positioned.event();
        EventMetadata meta = event.meta();
        long sequence = positioned.aggregateSequence() + 1;
        Keys.HistoryKey key = new Keys.HistoryKey(event.domain(), meta.occurredAt(), sequence);
        RegisteredEventType type = EventTypes.of(event);
        byte[] value = HistoryValue.encode(type.name(), type.revision(), EventSubjects.snapshotOf(event), meta.actor(),
                meta.reason(), meta.correlationId(), meta.eventId(),
                positioned.json() != null ? positioned.json() : write.json().write(event));
        write.put(Family.HISTORY, Keys.history(key), value);
        write.put(Family.HISTORY_BY_TIME, Keys.historyByTime(key), NO_VALUE);
        write.put(Family.HISTORY_SEQUENCES, Keys.text(event.domain()), Keys.longValue(sequence));
    }

    /** How many of the domain's events were recorded: the next new one has this aggregate sequence or later. */
    private long recorded(String domain) throws RocksDBException {
        byte[] counter = write.get(Family.HISTORY_SEQUENCES, Keys.text(domain));
        return counter == null ? 0 : Keys.longValue(counter);
    }
}
