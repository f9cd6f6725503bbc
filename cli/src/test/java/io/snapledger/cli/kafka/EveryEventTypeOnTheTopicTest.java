package io.snapledger.cli.kafka;

import io.snapledger.kafka.EventRecords;
import io.snapledger.kafka.KafkaSettings;
import io.snapledger.kafka.KafkaTopics;
import io.snapledger.kafkadev.KafkaNodes;
import io.snapledger.events.DomainEvent;
import io.snapledger.events.EventSamples;
import io.snapledger.events.EventTypes;
import io.snapledger.events.RegisteredEventType;
import io.snapledger.events.json.EventJson;
import io.snapledger.examples.consumer.ReceivedEvent;
import io.snapledger.examples.consumer.SnapshotTopicsConsumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The consumer contract for every event type there is: a sample of each (events-schema's
 * {@link EventSamples}, the golden files' events) written as the publisher writes its records,
 * through a real broker, and read back by the example consumer, which knows only events-schema
 * and kafka-clients.
 */
class EveryEventTypeOnTheTopicTest {
    @TempDir
    Path dir;

    @Test
    void givenASampleOfEveryEventTypeOnTheTopic_whenTheExampleConsumerReadsIt_thenEachDecodesToTheEventSent()
            throws Exception {
        List<DomainEvent> samples = EventSamples.all();
        assertEquals(EventTypes.all().stream().map(RegisteredEventType::name).sorted().toList(),
                samples.stream().map(event -> EventTypes.of(event).name()).sorted().toList(),
                "a sample of every registered type");

        try (KafkaNodes kafka = KafkaNodes.start(1, dir)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
                KafkaTopics.ensure(admin, KafkaSettings.off().withBootstrap(kafka.bootstrap()));
            }
            EventRecords records = new EventRecords(EventJson.standard());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
                for (int i = 0; i < samples.size(); i++) {
                    producer.send(records.of(samples.get(i), i)).get(30, TimeUnit.SECONDS);
                }
            }

            List<ReceivedEvent> received = new ArrayList<>();
            try (SnapshotTopicsConsumer consumer = new SnapshotTopicsConsumer(kafka.bootstrap())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    received.addAll(consumer.poll(Duration.ofMillis(200)));
                    return received.size() >= samples.size();
                });
            }

            assertEquals(samples, received.stream().map(ReceivedEvent::event).toList());
            for (int i = 0; i < samples.size(); i++) {
                RegisteredEventType type = EventTypes.of(samples.get(i));
                ReceivedEvent event = received.get(i);
                assertEquals(type.name(), event.type());
                assertEquals(type.revision(), event.revision());
                assertEquals(i, event.aggregateSequence());
                assertEquals(samples.get(i).meta().eventId(), event.eventId());
                assertEquals(samples.get(i).meta().actor(), event.actor());
            }
        }
    }
}
