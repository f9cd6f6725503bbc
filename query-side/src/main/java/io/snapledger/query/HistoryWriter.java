package io.snapledger.query;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.EventMetadata;
import io.snapledger.events.EventTypes;
import io.snapledger.events.RegisteredEventType;

import org.rocksdb.RocksDBException;

import java.util.HashMap;
import java.util.Map;

/**
 * Appends events to the audit history inside a {@link ProjectionWrite}: the entry under its
 * domain, time and sequence, a pointer in the all-domains time index, and the domain's count of
 * recorded events. An entry's sequence is its event's aggregate sequence plus one: entries are
 * numbered per domain, not per store, so the history is the same whether the events arrived
 * interleaved from the event store or per partition from Kafka, and an event delivered again is
 * recognised by the same rule every consumer of the topic applies (docs/kafka.md): its aggregate
 * sequence is not past the last one recorded for its domain. The counts are kept here and put in
 * the unit by {@link #writeCounts()}, before it commits.
 */
final class HistoryWriter {

    private static final byte[] NO_VALUE = new byte[0];

    private final ProjectionWrite write;
    /** Per domain seen in this unit: its keys' bytes and its count, read from the store once. */
    private final Map<String, DomainHistory> domains = new HashMap<>();

    HistoryWriter(ProjectionWrite write) {
        this.write = write;
    }

    /** Whether the event is past the last one its domain's history recorded. */
    boolean isNew(PositionedEvent positioned) throws RocksDBException {
        return positioned.aggregateSequence() >= domain(positioned.event().domain()).recorded;
    }

    void record(PositionedEvent positioned) throws RocksDBException {
        DomainEvent event = positioned.event();
        EventMetadata meta = event.meta();
        DomainHistory domain = domain(event.domain());
        long sequence = positioned.aggregateSequence() + 1;
        RegisteredEventType type = EventTypes.of(event);
        byte[] value = HistoryValue.encode(type.name(), type.revision(), EventSubjects.snapshotOf(event), meta.actor(),
                meta.reason(), meta.correlationId(), meta.eventId(),
                positioned.json() != null ? positioned.json() : write.json().write(event));
        write.put(Family.HISTORY, Keys.history(domain.prefix, meta.occurredAt(), sequence), value);
        write.put(Family.HISTORY_BY_TIME, Keys.historyByTime(domain.prefix, meta.occurredAt(), sequence), NO_VALUE);
        domain.recorded = sequence;
        domain.counted = false;
    }

    /** Writes the count of every domain recorded since the last call (once, not once per event). */
    void writeCounts() {
        for (DomainHistory domain : domains.values()) {
            if (!domain.counted) {
                write.put(Family.HISTORY_SEQUENCES, domain.name, Keys.longValue(domain.recorded));
                domain.counted = true;
            }
        }
    }

    private DomainHistory domain(String name) throws RocksDBException {
        DomainHistory domain = domains.get(name);
        if (domain == null) {
            byte[] key = Keys.text(name);
            byte[] counter = write.get(Family.HISTORY_SEQUENCES, key);
            domain = new DomainHistory(key, Keys.domainPrefix(name), counter == null ? 0 : Keys.longValue(counter));
            domains.put(name, domain);
        }
        return domain;
    }

    /**
     * A domain's name and key prefix as bytes, and how many of its events were recorded: the
     * next new one has this aggregate sequence or later.
     */
    private static final class DomainHistory {
        final byte[] name;
        final byte[] prefix;
        long recorded;
        /** Whether {@link #recorded} is in the unit's writes. */
        boolean counted = true;

        DomainHistory(byte[] name, byte[] prefix, long recorded) {
            this.name = name;
            this.prefix = prefix;
            this.recorded = recorded;
        }
    }
}
