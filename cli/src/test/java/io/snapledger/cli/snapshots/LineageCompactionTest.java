package io.snapledger.cli.snapshots;

import io.snapledger.kafkadev.KafkaNodes;
import io.snapledger.kafka.KafkaSettings;
import io.snapledger.events.json.EventJson;
import io.snapledger.events.kafka.KafkaContract;
import io.snapledger.events.kafka.LineageNode;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lineage topic after Kafka's log cleaner has run over it (a broker started by the test, the
 * topic set to compact at once): one record per snapshot, the latest state of every live one,
 * nothing but a tombstone for a deleted one. What a new consumer bootstraps from.
 */
class LineageCompactionTest {
    @TempDir
    Path dir;

    @Test
    void givenRenamesAndDeletes_whenTheCleanerHasRun_thenTheTopicHoldsOneRecordPerSnapshotAndTheLiveTree()
            throws Exception {
        try (KafkaNodes kafka = KafkaNodes.start(1, dir.resolve("kafka"))) {
            Vm vm = publishing(Vm.qcow2(Files.createDirectories(dir.resolve("web")), "vda"), kafka.bootstrap());
            vm.define();
            vm.ok("snapshot-create", Vm.NAME, "--name", "a");
            vm.ok("snapshot-create", Vm.NAME, "--name", "b");
            vm.ok("snapshot-create", Vm.NAME, "--name", "c");
            vm.ok("snapshot-edit", Vm.NAME, "a", "--rename", "a1");
            vm.ok("snapshot-edit", Vm.NAME, "a1", "--rename", "a2", "--description", "renamed twice");
            vm.ok("snapshot-delete", Vm.NAME, "b");
            Set<String> keys = keysOf(Vm.NAME, records(kafka.bootstrap()));
            assertTrue(records(kafka.bootstrap()).size() > keys.size(), "states written more than once before");

            compactAtOnce(kafka.bootstrap());
            // another home's writes to the same partition roll the segment that holds every record above
            Vm other = publishing(Vm.qcow2(Files.createDirectories(dir.resolve("other")), "vda"), kafka.bootstrap());
            other.cli("define", "other", "--disk", "vda=" + other.disk("vda")).ok();
            int[] rolls = {0};
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                other.ok("snapshot-create", "other", "--name", "roll" + rolls[0]++);
                return timesWritten(keys, records(kafka.bootstrap())).values().stream().allMatch(count -> count == 1);
            });

            LineageTopic.assertIsTheLiveTree(kafka.bootstrap(), vm.home(), Vm.NAME);
            assertEquals(Set.of("a2", "c"), lastValues(records(kafka.bootstrap())).values().stream()
                    .filter(node -> node.domain().equals(Vm.NAME)).map(LineageNode::name).collect(Collectors.toSet()));
        }
    }

    /** A home that publishes to one partition per topic. */
    private static Vm publishing(Vm vm, String bootstrap) {
        vm.ok("config", KafkaSettings.BOOTSTRAP, bootstrap);
        vm.ok("config", "kafka.partitions", "1");
        return vm;
    }

    /** The keys (snapshot UUIDs) with a value of the domain. */
    private static Set<String> keysOf(String domain, List<ConsumerRecord<byte[], byte[]>> records) throws IOException {
        Set<String> keys = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.value() != null && node(record).domain().equals(domain)) {
                keys.add(new String(record.key(), StandardCharsets.UTF_8));
            }
        }
        return keys;
    }

    /** How many records each of the keys has on the topic now. */
    private static Map<String, Integer> timesWritten(Set<String> keys, List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, Integer> times = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            if (keys.contains(key)) {
                times.merge(key, 1, Integer::sum);
            }
        }
        return times;
    }

    /** The cleaner may compact any segment but the active one, as soon as it looks. */
    private static void compactAtOnce(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, KafkaContract.LINEAGE_TOPIC);
            List<AlterConfigOp> settings = List.of(
                    set(TopicConfig.SEGMENT_MS_CONFIG, "100"),
                    set(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01"),
                    set(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0"));
            admin.incrementalAlterConfigs(Map.of(topic, settings)).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }

    private static List<ConsumerRecord<byte[], byte[]>> records(String bootstrap) {
        return EventsTopic.read(bootstrap, KafkaContract.LINEAGE_TOPIC, IsolationLevel.READ_COMMITTED);
    }

    private static Map<UUID, LineageNode> lastValues(List<ConsumerRecord<byte[], byte[]>> records) throws IOException {
        Map<UUID, LineageNode> nodes = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            UUID uuid = UUID.fromString(new String(record.key(), StandardCharsets.UTF_8));
            if (record.value() == null) {
                nodes.remove(uuid);
            } else {
                nodes.put(uuid, node(record));
            }
        }
        return nodes;
    }

    private static LineageNode node(ConsumerRecord<byte[], byte[]> record) throws IOException {
        return EventJson.standard().mapper().readValue(record.value(), LineageNode.class);
    }
}
