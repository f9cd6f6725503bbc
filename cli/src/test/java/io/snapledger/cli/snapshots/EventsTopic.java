package io.snapledger.cli.snapshots;

import io.snapledger.events.kafka.KafkaContract;
import io.snapledger.examples.consumer.ReceivedEvent;
import io.snapledger.examples.consumer.SnapshotTopicsConsumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The events topic as the tests look at it: its raw records, open transactions, record size limit, and the truth check. */
final class EventsTopic {
    /** A record size limit above any batch of ordinary events (the producer's batches are 16 KiB). */
    static final int SMALL_RECORD_LIMIT = 20_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private EventsTopic() {
    }

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
    }

    /**
     * The last stable offset and the end of the log, summed over the partitions: the records in
     * between belong to a transaction still open.
     */
    record Ends(long stable, long end) {
        long pending() {
            return end - stable;
        }
    }

    static Ends ends(Admin admin) throws Exception {
        List<TopicPartition> partitions = partitions(admin);
        long stable = ends(admin, partitions, IsolationLevel.READ_COMMITTED).values().stream().mapToLong(l -> l).sum();
        long end = ends(admin, partitions, IsolationLevel.READ_UNCOMMITTED).values().stream().mapToLong(l -> l).sum();
        return new Ends(stable, end);
    }

    private static List<TopicPartition> partitions(Admin admin) throws Exception {
        return admin.describeTopics(List.of(KafkaContract.EVENTS_TOPIC)).allTopicNames().get()
                .get(KafkaContract.EVENTS_TOPIC).partitions().stream()
                .map(info -> new TopicPartition(KafkaContract.EVENTS_TOPIC, info.partition())).toList();
    }

    private static Map<TopicPartition, Long> ends(Admin admin, List<TopicPartition> partitions, IsolationLevel level)
            throws Exception {
        var latest = partitions.stream().collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest, new ListOffsetsOptions(level)).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    /** Every record a consumer with this isolation level reads from the whole topic (no duplicate rule). */
    static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, IsolationLevel level) {
        return read(bootstrap, KafkaContract.EVENTS_TOPIC, level);
    }

    /** Every record of {@code topic} as a consumer with this isolation level reads it from the beginning. */
    static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic, IsolationLevel level) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, level.toString().toLowerCase(Locale.ROOT),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
            });
        }
        return records;
    }

    /** Sets the topic's {@code max.message.bytes}, or with null removes the setting (the broker's default again). */
    static void limitRecordSize(Admin admin, Integer bytes) throws ExecutionException, InterruptedException,
            TimeoutException {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, KafkaContract.EVENTS_TOPIC);
        ConfigEntry entry = new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, bytes == null ? "" : bytes.toString());
        AlterConfigOp op = new AlterConfigOp(entry, bytes == null ? AlterConfigOp.OpType.DELETE : AlterConfigOp.OpType.SET);
        admin.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * A {@code read_committed} consumer applying the duplicate rule receives every stored event of
     * each domain once, in store order: aggregate sequences 0 to n-1 without a gap.
     */
    static void assertEveryEventOnceInOrder(String bootstrap, Path home, List<String> domains) {
        Map<String, List<StoredEvents>> stored = domains.stream()
                .collect(Collectors.toMap(Function.identity(), domain -> StoredEvents.of(home, domain)));
        int total = stored.values().stream().mapToInt(List::size).sum();
        List<ReceivedEvent> received = new ArrayList<>();
        try (SnapshotTopicsConsumer consumer = new SnapshotTopicsConsumer(bootstrap)) {
            await().atMost(TIMEOUT).until(() -> {
                received.addAll(consumer.poll(Duration.ofMillis(200)));
                return received.size() >= total;
            });
            received.addAll(consumer.poll(Duration.ofMillis(500)));
        }
        for (String domain : domains) {
            List<ReceivedEvent> ofDomain = received.stream().filter(event -> event.domain().equals(domain)).toList();
            List<StoredEvents> expected = stored.get(domain);
            assertEquals(LongStream.range(0, expected.size()).boxed().toList(),
                    ofDomain.stream().map(ReceivedEvent::aggregateSequence).toList(), domain + ": aggregate sequences");
            assertEquals(expected.stream().map(StoredEvents::event).toList(),
                    ofDomain.stream().map(ReceivedEvent::event).toList(), domain + ": events");
        }
        assertEquals(total, received.size(), "events of other domains on the topic");
    }
}
