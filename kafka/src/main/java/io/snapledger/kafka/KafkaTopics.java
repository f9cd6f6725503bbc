package io.snapledger.kafka;

import io.snapledger.events.kafka.KafkaContract;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates snapledger's topics when they are missing: the events topic keeps everything for ever
 * ({@code retention.ms=-1}), the lineage topic is compacted. Existing topics are left as they are.
 */
public final class KafkaTopics {
    private static final long TIMEOUT_SECONDS = 10;

    private KafkaTopics() {
    }

    public static void ensure(Admin admin, KafkaSettings settings) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            short replication = (short) (settings.replication() > 0 ? settings.replication()
                    : Math.min(3, admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size()));
            List<NewTopic> missing = List.of(
                            new NewTopic(KafkaContract.EVENTS_TOPIC, settings.partitions(), replication)
                                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")),
                            new NewTopic(KafkaContract.LINEAGE_TOPIC, settings.partitions(), replication)
                                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))
                    .stream().filter(topic -> !existing.contains(topic.name())).toList();
            if (!missing.isEmpty()) {
                createIgnoringRaces(admin, missing);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while creating the topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailableException("cannot create the topics: " + rootMessage(e), e);
        }
    }

    /** Another process may create a topic between the listing and the creation: that is fine. */
    private static void createIgnoringRaces(Admin admin, List<NewTopic> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        for (var result : admin.createTopics(topics).values().values()) {
            try {
                result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
