package io.snapledger.kafka.querynode;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.EventTypes;
import io.snapledger.events.json.EventJson;
import io.snapledger.events.kafka.KafkaContract;
import io.snapledger.query.PositionedEvent;
import io.snapledger.query.ProjectionPosition;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * Turns records of {@link KafkaContract#EVENTS_TOPIC} into positioned events for the projection:
 * the record's offset is the position of source {@code kafka:snapledger.events.v1:PARTITION},
 * stored in the write batch that applies the event, so the node resumes where it stopped. The
 * aggregate-sequence header goes with the event: the projection drops an event whose aggregate
 * sequence is not past the last one its domain recorded, which is exactly the duplicate rule of
 * {@code docs/kafka.md}, kept with the data so it survives restarts.
 */
final class TopicEvents {
    static final String SOURCE_PREFIX = "kafka:" + KafkaContract.EVENTS_TOPIC + ":";

    private final EventJson json;

    TopicEvents(EventJson json) {
        this.json = json;
    }

    /** The source whose position is the offset of {@code partition}'s last applied record. */
    static String partitionSource(int partition) {
        return SOURCE_PREFIX + partition;
    }

    /** The partition a position's source names, if it is one of {@link #partitionSource}'s. */
    static OptionalInt partitionOf(String source) {
        return source.startsWith(SOURCE_PREFIX)
                ? OptionalInt.of(Integer.parseInt(source.substring(SOURCE_PREFIX.length()))) : OptionalInt.empty();
    }

    /** The record decoded by its type and revision headers, at its partition's offset. */
    PositionedEvent of(ConsumerRecord<byte[], byte[]> record) {
        String type = header(record, KafkaContract.HEADER_TYPE);
        int revision = Integer.parseInt(header(record, KafkaContract.HEADER_REVISION));
        long aggregateSequence = Long.parseLong(header(record, KafkaContract.HEADER_AGGREGATE_SEQUENCE));
        DomainEvent event = json.read(type, revision, record.value());
        boolean current = revision == EventTypes.byName(type).revision();
        return new PositionedEvent(ProjectionPosition.of(partitionSource(record.partition()), record.offset()), event,
                aggregateSequence, current ? record.value() : null);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null) {
            throw new IllegalArgumentException("the record at offset " + record.offset() + " of partition "
                    + record.partition() + " of " + record.topic() + " has no " + name
                    + " header: it was not written by snapledger");
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
