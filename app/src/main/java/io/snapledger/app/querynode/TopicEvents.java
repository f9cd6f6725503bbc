package io.snapledger.app.querynode;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.json.EventJson;
import io.snapledger.events.kafka.KafkaContract;
import io.snapledger.query.PositionedEvent;
import io.snapledger.query.ProjectionPosition;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns records of {@link KafkaContract#EVENTS_TOPIC} into positioned events for the projection,
 * with two positions per event, both stored in the write batch that applies it:
 * <ul>
 * <li>the domain's aggregate sequence, as the position of source {@code kafka:...:domain:NAME}:
 *     the projection skips an event at or below its source's stored position, which is exactly
 *     the duplicate rule of {@code docs/kafka.md}, kept with the data so it survives restarts;
 * <li>the record's offset, as the position of source {@code kafka:snapledger.events.v1:PARTITION}:
 *     where the node resumes. The projection stores it after the event was applied under the
 *     first position; the event's id is then recorded, so this second entry only moves the offset.
 * </ul>
 */
final class TopicEvents {
    static final String SOURCE_PREFIX = "kafka:" + KafkaContract.EVENTS_TOPIC + ":";
    private static final String DOMAIN_PREFIX = SOURCE_PREFIX + "domain:";

    private final EventJson json;

    TopicEvents(EventJson json) {
        this.json = json;
    }

    /** The source whose position is the offset of {@code partition}'s last applied record. */
    static String partitionSource(int partition) {
        return SOURCE_PREFIX + partition;
    }

    /** The source whose position is the last aggregate sequence applied for {@code domain}. */
    static String domainSource(String domain) {
        return DOMAIN_PREFIX + domain;
    }

    /** The record decoded by its type and revision headers, as the two entries described above. */
    List<PositionedEvent> of(ConsumerRecord<byte[], byte[]> record) {
        String type = header(record, KafkaContract.HEADER_TYPE);
        int revision = Integer.parseInt(header(record, KafkaContract.HEADER_REVISION));
        long aggregateSequence = Long.parseLong(header(record, KafkaContract.HEADER_AGGREGATE_SEQUENCE));
        DomainEvent event = json.read(type, revision, record.value());
        return List.of(
                new PositionedEvent(ProjectionPosition.of(domainSource(event.domain()), aggregateSequence), event),
                new PositionedEvent(ProjectionPosition.of(partitionSource(record.partition()), record.offset()), event));
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
