package io.snapledger.cli.kafka;

import io.snapledger.kafkadev.KafkaNodes;
import io.snapledger.cli.Cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A local cluster kept in a folder, as {@code kafka-dev --dir} keeps it. */
class KafkaNodesTest {
    @TempDir
    Path dir;

    @Test
    void givenAClusterStoppedInItsFolder_whenStartedThereAgain_thenItHasItsTopicsAndRecords() throws Exception {
        try (KafkaNodes kafka = KafkaNodes.start(1, dir)) {
            try (Admin admin = admin(kafka)) {
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                producer.send(new ProducerRecord<>("kept", "k", "v")).get(30, TimeUnit.SECONDS);
            }
        }

        try (KafkaNodes again = KafkaNodes.start(1, dir); Admin admin = admin(again)) {
            assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("kept"));
            TopicPartition partition = new TopicPartition("kept", 0);
            var latest = admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                    .partitionResult(partition).get(30, TimeUnit.SECONDS);
            assertEquals(1, latest.offset());
        }
    }

    @Test
    void givenAFolderOfAOneNodeCluster_whenKafkaDevAsksForThree_thenItSaysHowManyToStart() throws Exception {
        Path meta = Files.createDirectories(dir.resolve("node-1").resolve("data")).resolve("meta.properties");
        Files.writeString(meta, "cluster.id=AAAAAAAAAAAAAAAAAAAAAA\nnode.id=1\nversion=1\n");

        String error = Cli.run("--home", dir.resolve("home"), "kafka-dev", "--brokers", "3", "--dir", dir)
                .singleErrorLine(2);

        assertTrue(error.contains("holds a Kafka cluster of 1 node(s): start it with --brokers 1"), error);
    }

    private static Admin admin(KafkaNodes kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()));
    }
}
