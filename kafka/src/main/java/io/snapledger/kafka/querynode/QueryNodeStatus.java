package io.snapledger.kafka.querynode;

import io.snapledger.events.kafka.KafkaContract;
import io.snapledger.query.ProjectionPosition;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code status} on a query node's home: what its projection holds, the offset it stored for each
 * partition of the events topic, which partitions it reads in a group and, given the brokers, how
 * many records each partition holds past that offset. Opened read-only: it answers while the node runs.
 */
public final class QueryNodeStatus {
    private static final int TIMEOUT_MS = 5_000;
    /** Up to this many records past the offsets, the lag is counted in events by reading them. */
    private static final long COUNTED_UP_TO = 10_000;

    private QueryNodeStatus() {
    }

    /** @param bootstrap the brokers to measure the lag against, or null */
    public static ObjectNode of(Path home, String bootstrap) {
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("home", home.toString()).put("queryNode", true);
        try (QueryNodeHome node = QueryNodeHome.openForQueries(home)) {
            status.put("domains", node.queries().domains().stream().filter(domain -> node.serves(domain.name())).count());
            status.putObject("projection").put("applied", node.queries().recordedEvents());
            Map<Integer, Long> offsets = storedOffsets(node);
            node.served().ifPresent(served -> status.putObject("group").put("id", served.group())
                    .put("partitions", served.partitions()).putPOJO("reads", served.served()));
            ObjectNode kafka = status.putObject("kafka").put("bootstrap", bootstrap);
            Map<Integer, Long> lags = bootstrap == null ? Map.of() : lags(bootstrap, offsets, kafka);
            var partitions = status.putArray("partitions");
            TreeMap<Integer, Long> all = new TreeMap<>(offsets);
            lags.keySet().forEach(partition -> all.putIfAbsent(partition, 0L));
            all.forEach((partition, next) -> {
                ObjectNode row = partitions.addObject().put("partition", partition).put("nextOffset", next);
                if (lags.containsKey(partition)) {
                    row.put("lag", lags.get(partition));
                }
            });
        }
        return status;
    }

    /** Partition → the offset the node reads next there (one past the last record it applied). */
    private static Map<Integer, Long> storedOffsets(QueryNodeHome node) {
        Map<Integer, Long> offsets = new TreeMap<>();
        for (ProjectionPosition position : node.projection().positions()) {
            TopicEvents.partitionOf(position.source())
                    .ifPresent(partition -> offsets.put(partition, position.sequence() + 1));
        }
        return offsets;
    }

    /**
     * Per partition, how many events lie past the node's offsets: counted by reading them while
     * they are few (the records past an offset include the transaction markers, which are no
     * events: a node that is caught up still has one after its last event), else the records, about.
     * An unreachable Kafka is noted in {@code kafka} and gives none.
     */
    private static Map<Integer, Long> lags(String bootstrap, Map<Integer, Long> offsets, ObjectNode kafka) {
        // the feed's own consumer settings (read_committed above all), with a status command's patience
        Map<String, Object> settings = TopicFeed.settings(bootstrap, null);
        settings.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        settings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings)) {
            List<TopicPartition> partitions = consumer.partitionsFor(KafkaContract.EVENTS_TOPIC).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long records = 0;
            for (TopicPartition partition : partitions) {
                records += ends.get(partition) - offsets.getOrDefault(partition.partition(), 0L);
            }
            boolean exact = records <= COUNTED_UP_TO;
            kafka.put("reachable", true).put("lagCounted", exact);
            Map<Integer, Long> lags = new TreeMap<>();
            for (TopicPartition partition : partitions) {
                long next = offsets.getOrDefault(partition.partition(), 0L);
                long end = ends.get(partition);
                lags.put(partition.partition(), exact ? eventsBetween(consumer, partition, next, end) : end - next);
            }
            return lags;
        } catch (KafkaException e) {
            kafka.put("reachable", false).put("error", String.valueOf(e.getMessage()));
            return Map.of();
        }
    }

    /** The events (not markers) a read-committed consumer gets from {@code next} up to {@code end}. */
    private static long eventsBetween(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long next,
                                      long end) {
        if (next >= end) {
            return 0;
        }
        consumer.assign(List.of(partition));
        consumer.seek(partition, next);
        long events = 0;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (consumer.position(partition) < end) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("reading partition " + partition.partition() + " took over " + TIMEOUT_MS + " ms");
            }
            events += consumer.poll(Duration.ofMillis(200)).count();
        }
        return events;
    }
}
