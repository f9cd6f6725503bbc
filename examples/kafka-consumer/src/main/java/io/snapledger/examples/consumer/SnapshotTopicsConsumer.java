package io.snapledger.examples.consumer;

import io.snapledger.events.json.EventJson;
import io.snapledger.events.kafka.KafkaContract;
import io.snapledger.events.kafka.LineageNode;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A downstream reader of snapledger's topics that needs nothing but events-schema and
 * kafka-clients. It follows the contract in {@code docs/kafka.md}:
 * <ol>
 * <li>{@link #readLineage()} reads the compacted lineage topic to its end and keeps the last value
 *     of each snapshot: the whole tree, without replaying history;
 * <li>{@link #poll(Duration)} follows the events topic, decodes every event by its {@code type}
 *     and {@code revision} headers, and drops duplicates by the {@link DuplicateRule}.
 * </ol>
 * It assigns itself every partition and keeps its positions in memory (no consumer group), which
 * is enough for an example; a service would commit offsets and store the rule's map with its data.
 */
public final class SnapshotTopicsConsumer implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> events;
    private final String bootstrap;
    private final EventJson json = EventJson.standard();
    private final ObjectMapper mapper = EventJson.newMapper();
    private final DuplicateRule duplicates = new DuplicateRule();

    /** Starts at the beginning of the events topic. */
    public SnapshotTopicsConsumer(String bootstrap) {
        this.bootstrap = bootstrap;
        this.events = consumer(bootstrap);
        List<TopicPartition> partitions = partitions(events, KafkaContract.EVENTS_TOPIC);
        events.assign(partitions);
        events.seekToBeginning(partitions);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    /**
     * Step 1 of bootstrapping: from now on {@link #poll} returns only events published after this
     * call. Call it before {@link #readLineage()}, so that nothing published while the lineage is
     * read is missed (an event may then be both in the tree and polled: applying it again is harmless).
     */
    public void skipHistory() {
        events.seekToEnd(events.assignment());
        events.assignment().forEach(events::position); // the end is looked up now, not at the next poll
    }

    /** The events that arrived, new ones only, in per-domain order. */
    public List<ReceivedEvent> poll(Duration timeout) {
        List<ReceivedEvent> received = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : events.poll(timeout)) {
            ReceivedEvent event = decode(record);
            if (duplicates.accept(event.domain(), event.aggregateSequence())) {
                received.add(event);
            }
        }
        return received;
    }

    /** Every live snapshot by UUID: the lineage topic read to its end, last value per key, tombstones removing. */
    public Map<UUID, LineageNode> readLineage() {
        Map<UUID, LineageNode> tree = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> lineage = consumer(bootstrap)) {
            List<TopicPartition> partitions = partitions(lineage, KafkaContract.LINEAGE_TOPIC);
            lineage.assign(partitions);
            lineage.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = lineage.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> lineage.position(partition) < end.get(partition))) {
                for (ConsumerRecord<byte[], byte[]> record : lineage.poll(POLL)) {
                    UUID uuid = UUID.fromString(text(record.key()));
                    if (record.value() == null) {
                        tree.remove(uuid);
                    } else {
                        tree.put(uuid, node(record.value()));
                    }
                }
            }
        }
        return tree;
    }

    private ReceivedEvent decode(ConsumerRecord<byte[], byte[]> record) {
        String type = header(record, KafkaContract.HEADER_TYPE);
        int revision = Integer.parseInt(header(record, KafkaContract.HEADER_REVISION));
        return new ReceivedEvent(text(record.key()),
                Long.parseLong(header(record, KafkaContract.HEADER_AGGREGATE_SEQUENCE)), type, revision,
                UUID.fromString(header(record, KafkaContract.HEADER_EVENT_ID)),
                UUID.fromString(header(record, KafkaContract.HEADER_CORRELATION_ID)),
                header(record, KafkaContract.HEADER_ACTOR),
                json.read(type, revision, record.value()));
    }

    private LineageNode node(byte[] value) {
        try {
            return mapper.readValue(value, LineageNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable lineage value", e);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null) {
            throw new IllegalArgumentException("record at offset " + record.offset() + " has no " + name + " header");
        }
        return text(header.value());
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        events.close();
    }
}
