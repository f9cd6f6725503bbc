package io.snapledger.kafka.querynode;

import io.snapledger.kafka.KafkaUnavailableException;
import io.snapledger.core.ReadAhead;
import io.snapledger.events.json.EventJson;
import io.snapledger.events.kafka.KafkaContract;
import io.snapledger.query.PositionedEvent;
import io.snapledger.query.ProjectionRebuild;
import io.snapledger.query.SnapshotProjection;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Feeds a projection from {@link KafkaContract#EVENTS_TOPIC}. Each poll's records are applied in
 * one write batch together with each partition's offset ({@link TopicEvents}), and every
 * partition starts after the offset its projection stored (from the beginning if none): Kafka's
 * committed offsets are never read nor written, so a crash between the projection's write and a
 * commit cannot skip or repeat anything.
 *
 * <p>Without a group the feed assigns itself every partition; with one, Kafka spreads the
 * partitions over the group's members and each member seeks its share to the stored offsets when
 * it is assigned them, and tells which partitions it reads whenever a rebalance changes them
 * ({@link ServedPartitions}); the revocation of all of them when the feed closes is not such a
 * change.
 */
public final class TopicFeed implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int MAX_POLL_RECORDS = 5_000;
    private static final int API_TIMEOUT_MS = 15_000;
    /** How long a following feed waits without records before it asks whether Kafka still answers. */
    private static final Duration QUIET_CHECK = Duration.ofSeconds(5);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final SnapshotProjection projection;
    private final TopicEvents events = new TopicEvents(EventJson.standard());
    private final String bootstrap;
    private final boolean grouped;
    private final Consumer<ServedPartitions> servedChanged;
    private long applied;
    /** Only the consumer's thread reads or writes it (rebalance callbacks run inside its calls). */
    private boolean closing;

    private TopicFeed(KafkaConsumer<byte[], byte[]> consumer, SnapshotProjection projection, String bootstrap,
                      boolean grouped, Consumer<ServedPartitions> servedChanged) {
        this.consumer = consumer;
        this.projection = projection;
        this.bootstrap = bootstrap;
        this.grouped = grouped;
        this.servedChanged = servedChanged;
    }

    /**
     * Starts reading the topic into {@code projection} from its stored offsets.
     *
     * @param group a consumer group to share the partitions with, or null to read them all
     */
    public static TopicFeed start(String bootstrap, String group, SnapshotProjection projection) {
        return start(bootstrap, group, projection, served -> { });
    }

    /** @param servedChanged told, in a group, which partitions this member reads after each change */
    public static TopicFeed start(String bootstrap, String group, SnapshotProjection projection,
                           Consumer<ServedPartitions> servedChanged) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings(bootstrap, group));
        TopicFeed feed = new TopicFeed(consumer, projection, bootstrap, group != null, servedChanged);
        try {
            List<TopicPartition> partitions = feed.partitions();
            if (group == null) {
                consumer.assign(partitions);
                feed.seekToStored(partitions);
            } else {
                consumer.subscribe(List.of(KafkaContract.EVENTS_TOPIC),
                        feed.new SeekOnAssignment(group, partitions.size()));
            }
            return feed;
        } catch (RuntimeException e) {
            feed.close();
            throw e;
        }
    }

    /** The consumer settings of a feed: read_committed, no auto-commit (the offsets live in the projection). */
    static Map<String, Object> settings(String bootstrap, String group) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, API_TIMEOUT_MS,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        if (group != null) {
            settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return settings;
    }

    private List<TopicPartition> partitions() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(KafkaContract.EVENTS_TOPIC).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            if (partitions.isEmpty()) {
                throw new KafkaUnavailableException("Kafka at " + bootstrap + " has no topic " + KafkaContract.EVENTS_TOPIC
                        + "; publish to it first ('snapledger config kafka.bootstrap " + bootstrap + "')", null);
            }
            return partitions;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw unreachable(e);
        }
    }

    private KafkaUnavailableException unreachable(KafkaException e) {
        return new KafkaUnavailableException("cannot read " + KafkaContract.EVENTS_TOPIC + " from Kafka at " + bootstrap
                + " (" + e.getMessage() + "); check that the brokers run and the address is right", e);
    }

    /** Each partition goes on after the offset the projection stored for it, or from its beginning. */
    private void seekToStored(Collection<TopicPartition> partitions) {
        List<TopicPartition> fresh = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            var stored = projection.position(TopicEvents.partitionSource(partition.partition()));
            if (stored.isPresent()) {
                consumer.seek(partition, stored.get().sequence() + 1);
            } else {
                fresh.add(partition);
            }
        }
        consumer.seekToBeginning(fresh);
    }

    /**
     * A group member seeks to the stored offsets of the partitions it was given, and tells which
     * partitions it reads. Nothing to commit on a revocation: the offsets live in the projection.
     */
    private final class SeekOnAssignment implements ConsumerRebalanceListener {
        private final String group;
        private final int partitionCount;
        private final Set<Integer> served = new TreeSet<>();

        SeekOnAssignment(String group, int partitionCount) {
            this.group = group;
            this.partitionCount = partitionCount;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            seekToStored(partitions);
            partitions.forEach(partition -> served.add(partition.partition()));
            servedChanged.accept(new ServedPartitions(group, partitionCount, served));
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (closing) {
                return; // leaving the group: what this member read stays its answer, as of now
            }
            partitions.forEach(partition -> served.remove(partition.partition()));
            servedChanged.accept(new ServedPartitions(group, partitionCount, served));
        }
    }

    /**
     * Reads until every partition this feed reads reached the end offset it had when this was
     * called; returns how many events were applied. A projection that holds nothing yet, fed every
     * partition from its beginning, catches up through a {@link ProjectionRebuild}, many times
     * faster than batch by batch, with the records polled and decoded on a thread of their own
     * ({@link ReadAhead}) while the rebuild applies the batches before (a group member does not
     * rebuild: its partitions may move meanwhile).
     */
    public long catchUp(LongConsumer progress) {
        long before = applied;
        try {
            if (grouped || !projection.positions().isEmpty()) {
                readToEnd(batch -> {
                    applied += projection.applyAll(batch);
                    progress.accept(applied - before);
                });
            } else {
                rebuildToEnd(batch -> progress.accept(applied - before));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + KafkaContract.EVENTS_TOPIC, e);
        }
        return applied - before;
    }

    private void rebuildToEnd(Consumer<List<PositionedEvent>> afterBatch) throws InterruptedException {
        try (ProjectionRebuild rebuild = projection.startRebuild()) {
            ReadAhead.<PositionedEvent>readAndApply(this::readToEnd, batch -> {
                applied += rebuild.applyAll(batch);
                afterBatch.accept(batch);
            });
            rebuild.finish();
        }
    }

    /** Polls until every partition reached the end offset it had at the start, handing over each poll's events. */
    private void readToEnd(ReadAhead.PageSink<PositionedEvent> sink) throws InterruptedException {
        Set<TopicPartition> assigned = awaitAssignment();
        Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
        while (assigned.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
            List<PositionedEvent> batch = poll();
            if (!batch.isEmpty()) {
                sink.accept(batch);
            }
        }
    }

    /** How many records lie between the stored offsets and the end of the partitions this feed reads. */
    long remaining() {
        Set<TopicPartition> assigned = awaitAssignment();
        Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
        return assigned.stream().mapToLong(partition -> end.get(partition) - consumer.position(partition)).sum();
    }

    private Set<TopicPartition> awaitAssignment() {
        // a group member is given its partitions during a poll
        while (consumer.assignment().isEmpty()) {
            pollOnce();
        }
        return consumer.assignment();
    }

    /**
     * Reads until {@link #stop()} is called from another thread. A poll returns nothing both when
     * no event comes and when no broker answers, so after {@link #QUIET_CHECK} without records
     * the feed asks for the end offsets: {@code notices} is told once when Kafka stops answering
     * and once when it answers again (the consumer itself keeps retrying all along).
     */
    public void follow(Consumer<String> notices) {
        boolean answering = true;
        long quietSince = System.nanoTime(); // elapsed time, not a time of day: the monotonic timer
        try {
            while (true) {
                boolean received = pollOnce() > 0;
                boolean quietLongEnough = System.nanoTime() - quietSince >= QUIET_CHECK.toNanos();
                if (received || quietLongEnough) {
                    quietSince = System.nanoTime();
                    boolean answers = received || answers();
                    if (answers != answering) {
                        notices.accept(answers ? "Kafka at " + bootstrap + " answers again; reading on"
                                : "Kafka at " + bootstrap + " does not answer; the projection stays as it is, and "
                                + "reading goes on when it is back");
                        answering = answers;
                    }
                }
            }
        } catch (WakeupException stopped) {
            // stop() was called: the last batch was written whole, or not at all
        }
    }

    /** Whether a broker tells the end offsets of the partitions read now (true while none are assigned: nothing to ask). */
    private boolean answers() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return true;
        }
        try {
            consumer.endOffsets(assigned, QUIET_CHECK);
            return true;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return false;
        }
    }

    /** Makes {@link #follow} return; safe from any thread. */
    public void stop() {
        consumer.wakeup();
    }

    /** One poll applied; returns how many records it brought. */
    private int pollOnce() {
        List<PositionedEvent> batch = poll();
        if (!batch.isEmpty()) {
            applied += projection.applyAll(batch);
        }
        return batch.size();
    }

    /** The events of one poll, decoded. */
    private List<PositionedEvent> poll() {
        List<PositionedEvent> batch = new ArrayList<>();
        try {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                batch.add(events.of(record));
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw unreachable(e);
        }
        return batch;
    }

    /** Events applied since this feed started (duplicates not counted). */
    long applied() {
        return applied;
    }

    @Override
    public void close() {
        closing = true;
        consumer.close();
    }
}
