package io.snapledger.kafka;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.RegisteredEventType;
import io.snapledger.events.EventTypes;
import io.snapledger.events.json.EventJson;
import io.snapledger.events.kafka.KafkaContract;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * The record of one event on {@link KafkaContract#EVENTS_TOPIC}: key = domain name (so a domain's
 * events share a partition and keep their order), value = the events-schema JSON payload,
 * headers as {@link KafkaContract} lists them, all UTF-8 text.
 */
public final class EventRecords {
    private final EventJson json;

    public EventRecords(EventJson json) {
        this.json = json;
    }

    public ProducerRecord<byte[], byte[]> of(DomainEvent event, long aggregateSequence) {
        RegisteredEventType type = EventTypes.of(event);
        RecordHeaders headers = new RecordHeaders();
        add(headers, KafkaContract.HEADER_EVENT_ID, event.meta().eventId().toString());
        add(headers, KafkaContract.HEADER_CORRELATION_ID, event.meta().correlationId().toString());
        add(headers, KafkaContract.HEADER_ACTOR, event.meta().actor());
        // last, the three every reader needs: a consumer's lastHeader() searches from the end and
        // decodes each key it passes, so these are found without decoding the others
        add(headers, KafkaContract.HEADER_TYPE, type.name());
        add(headers, KafkaContract.HEADER_REVISION, String.valueOf(type.revision()));
        add(headers, KafkaContract.HEADER_AGGREGATE_SEQUENCE, String.valueOf(aggregateSequence));
        return new ProducerRecord<>(KafkaContract.EVENTS_TOPIC, null, utf8(event.domain()), json.writeBytes(event),
                headers);
    }

    private static void add(RecordHeaders headers, String key, String value) {
        headers.add(key, utf8(value));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
