package io.snapledger.cli.snapshots;

import io.snapledger.cli.Cli;
import io.snapledger.kafkadev.KafkaNodes;
import io.snapledger.kafka.KafkaSettings;
import io.snapledger.kafka.querynode.QueryNodeHome;
import io.snapledger.kafka.querynode.ServedPartitions;
import io.snapledger.cli.reliability.ChildCli;
import io.snapledger.image.testing.Qemu;
import io.snapledger.query.SnapshotProjection;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A query node (its own home, no event store) fed from a real broker (a child JVM per test, so
 * the topic holds only that test's events) ends with the same projection, byte for byte, as the
 * home that published the events, and answers the same queries.
 */
class QueryNodeTest {
    @TempDir
    Path dir;
    private KafkaNodes kafka;
    private Vm vm;
    private Path node;

    @BeforeEach
    void publishingHome() {
        kafka = KafkaNodes.start(1, dir.resolve("kafka"));
        vm = Vm.qcow2(dir, "vda", "vdb");
        vm.ok("config", KafkaSettings.BOOTSTRAP, kafka.bootstrap());
        vm.define();
        node = dir.resolve("query-node");
    }

    @AfterEach
    void stopBroker() {
        kafka.close();
    }

    @Test
    void aQueryNodeProjectsEveryOperationKindAsTheEmbeddedProjectionDoes() {
        everyOperationKind();

        String applied = queryNodeOnce().out();

        assertEquals("applied " + events() + " events from " + kafka.bootstrap() + "\n", applied);
        assertEquals(dump(vm.home()), dump(node));
        for (List<Object> query : List.of(List.<Object>of("snapshot-list", Vm.NAME, "--tree"),
                List.<Object>of("snapshot-list", Vm.NAME, "--json"), List.<Object>of("snapshot-info", Vm.NAME, "h"),
                List.<Object>of("history", Vm.NAME, "--json"), List.<Object>of("snapshot-current", Vm.NAME, "--json"),
                List.<Object>of("snapshot-parent", Vm.NAME, "h"), List.<Object>of("snapshot-dumpxml", Vm.NAME, "h"),
                List.<Object>of("domains", "--json"))) {
            assertEquals(vm.ok(query.toArray()), onNode(query.toArray()).ok().out(), query.toString());
        }
    }

    @Test
    void aQueryNodeInAConsumerGroupReadsThePartitionsItIsGiven() {
        everyOperationKind();

        onNode("query-node", "--kafka", kafka.bootstrap(), "--group", "query-nodes", "--once").ok();

        assertEquals(dump(vm.home()), dump(node));
        var group = Qemu.json(onNode("status", "--json").ok().out()).get("group");
        assertEquals("query-nodes", group.get("id").asText(), group.toString());
        assertEquals(PARTITIONS, group.get("reads").size(), group.toString());
    }

    @Test
    void aGroupMemberAnswersOnlyForTheDomainsOfThePartitionsItReadsNowAndReadsAGivenBackOneFromItsOffset()
            throws Exception {
        List<String> domains = domainsInEveryPartition();
        Path second = dir.resolve("second-node");
        Process first = ChildCli.start(node, "query-node", "--kafka", kafka.bootstrap(), "--group", "nodes");
        Process other = null;
        try {
            // alone in the group, the first member reads every partition and answers for every domain
            String everyDomain = vm.ok("domains", "--json");
            await().atMost(Duration.ofSeconds(60)).until(() -> served(node).size() == PARTITIONS
                    && everyDomain.equals(onNode("domains", "--json").out()));

            other = ChildCli.start(second, "query-node", "--kafka", kafka.bootstrap(), "--group", "nodes");
            await().atMost(Duration.ofSeconds(60)).until(() -> !served(second).isEmpty()
                    && !served(node).isEmpty() && served(node).size() + served(second).size() == PARTITIONS);
            String moved = domains.stream().filter(d -> servedBy(second, d)).findFirst().orElseThrow();
            vm.ok("snapshot-create", moved, "--name", "while-moved");
            String tree = vm.ok("snapshot-list", moved, "--tree");
            await().atMost(Duration.ofSeconds(60)).until(() -> tree.equals(onHome(second, "snapshot-list", moved,
                    "--tree").out()));
            for (String domain : domains) {
                Path answering = servedBy(node, domain) ? node : second;
                Path refusing = answering == node ? second : node;
                await().atMost(Duration.ofSeconds(60)).until(() -> vm.ok("snapshot-list", domain, "--tree")
                        .equals(onHome(answering, "snapshot-list", domain, "--tree").out()));
                assertEquals("snapledger: domain " + domain + " is not served by this query node now: its partition "
                        + ServedPartitions.partitionOf(domain, PARTITIONS) + " of snapledger.events.v1 is read by "
                        + "another member of consumer group nodes; ask that member",
                        onHome(refusing, "snapshot-list", domain).singleErrorLine(1));
            }
            assertEquals(domains.stream().filter(d -> servedBy(node, d)).sorted().toList(),
                    Vm.names(Qemu.json(onNode("domains", "--json").out())));
        } finally {
            if (other != null) {
                other.destroy();
                assertTrue(other.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the second member did not stop");
            }
        }
        try {
            // the partitions come back to the first member, which reads them on from where it stopped
            String now = vm.ok("domains", "--json");
            await().atMost(Duration.ofSeconds(60)).until(() -> served(node).size() == PARTITIONS
                    && now.equals(onNode("domains", "--json").out()));
        } finally {
            first.destroy();
        }
        assertTrue(first.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the first member did not stop");
        assertEquals(dump(vm.home()), dump(node));
    }

    private static final int PARTITIONS = 3;

    /** The test's domain and more, defined until each of the topic's partitions holds one. */
    private List<String> domainsInEveryPartition() {
        List<String> domains = new ArrayList<>(List.of(Vm.NAME));
        Set<Integer> covered = new java.util.TreeSet<>(Set.of(ServedPartitions.partitionOf(Vm.NAME, PARTITIONS)));
        for (int i = 0; covered.size() < PARTITIONS; i++) {
            String domain = "d" + i;
            Path disk = dir.resolve(domain + ".qcow2");
            Qemu.create(disk, "16M");
            vm.ok("define", domain, "--disk", "vda=" + disk);
            domains.add(domain);
            covered.add(ServedPartitions.partitionOf(domain, PARTITIONS));
        }
        return domains;
    }

    private static Set<Integer> served(Path home) {
        return ServedPartitions.read(home).map(ServedPartitions::served).orElse(Set.of());
    }

    private static boolean servedBy(Path home, String domain) {
        return served(home).contains(ServedPartitions.partitionOf(domain, PARTITIONS));
    }

    @Test
    void aRestartedQueryNodeResumesAfterItsStoredOffsets() {
        long before = snapshotAReadByTheNode();
        vm.ok("snapshot-create", Vm.NAME, "--name", "b");
        vm.ok("snapshot-revert", Vm.NAME, "a");
        vm.ok("snapshot-delete", Vm.NAME, "b");

        String applied = queryNodeOnce().out();

        assertEquals("applied " + (events() - before) + " events from " + kafka.bootstrap() + "\n", applied);
        assertEquals(dump(vm.home()), dump(node));
    }

    @Test
    void eventsPublishedAgainByARetryAreDroppedByTheDuplicateRule() {
        vm.ok("snapshot-create", Vm.NAME, "--name", "a");
        vm.ok("snapshot-edit", Vm.NAME, "a", "--description", "first");
        queryNodeOnce();
        String projected = dump(node);

        republishWholeTopic();
        String applied = queryNodeOnce().out();

        assertEquals("applied 0 events from " + kafka.bootstrap() + "\n", applied);
        assertEquals(projected, dump(node));
    }

    @Test
    void aQueryNodeRefusesAHomeWithAnEventStoreAndOtherCommandsRefuseItsHome() {
        queryNodeOnce();

        String refused = vm.cli("query-node", "--kafka", kafka.bootstrap(), "--once").singleErrorLine(1);
        String refusing = onNode("snapshot-create", Vm.NAME, "--name", "x").singleErrorLine(1);

        assertTrue(refused.contains("has an event store; give the query node a home of its own"), refused);
        assertTrue(refusing.contains("belongs to a query node"), refusing);
    }

    @Test
    void aQueryNodeWithoutBrokersIsBadUsage() {
        assertTrue(onNode("query-node", "--once").singleErrorLine(2).contains("--kafka HOST:PORT"));
    }

    @Test
    void queriesAnswerWhileTheQueryNodeHoldsItsHome() {
        vm.ok("snapshot-create", Vm.NAME, "--name", "a");
        queryNodeOnce();

        try (QueryNodeHome running = QueryNodeHome.open(node)) {
            assertEquals(vm.ok("snapshot-list", Vm.NAME, "--tree"), onNode("snapshot-list", Vm.NAME, "--tree").ok().out());
        }
    }

    @Test
    void aFollowingQueryNodeAppliesNewEventsAsTheyComeAndStopsCleanlyOnSigterm() throws Exception {
        vm.ok("snapshot-create", Vm.NAME, "--name", "a");
        Process following = ChildCli.start(node, "query-node", "--kafka", kafka.bootstrap());
        try {
            vm.ok("snapshot-create", Vm.NAME, "--name", "b");
            vm.ok("snapshot-revert", Vm.NAME, "a");
            String tree = vm.ok("snapshot-list", Vm.NAME, "--tree");

            await().atMost(Duration.ofSeconds(60)).until(() -> QueryNodeHome.is(node)
                    && tree.equals(onNode("snapshot-list", Vm.NAME, "--tree").out()));
        } finally {
            following.destroy();
        }
        assertTrue(following.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the query node did not stop");
        assertEquals(dump(vm.home()), dump(node));
    }

    @Test
    void aFollowingQueryNodeSaysWhenKafkaStopsAnsweringAndReadsOnWhenItIsBack() throws Exception {
        vm.ok("snapshot-create", Vm.NAME, "--name", "a");
        String before = vm.ok("snapshot-list", Vm.NAME, "--tree");
        Process following = ChildCli.start(node, "query-node", "--kafka", kafka.bootstrap());
        List<String> said = linesOf(following);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> QueryNodeHome.is(node)
                    && before.equals(onNode("snapshot-list", Vm.NAME, "--tree").out()));

            kafka.kill(0);
            await().atMost(Duration.ofSeconds(60)).until(() -> said.stream().anyMatch(line -> line.equals(
                    "query node: Kafka at " + kafka.bootstrap() + " does not answer; the projection stays as it is, "
                            + "and reading goes on when it is back")));
            kafka.restart(0);
            vm.ok("snapshot-create", Vm.NAME, "--name", "b");
            String after = vm.ok("snapshot-list", Vm.NAME, "--tree");

            await().atMost(Duration.ofSeconds(90)).until(() -> after.equals(onNode("snapshot-list", Vm.NAME, "--tree").out()));
            assertTrue(said.contains("query node: Kafka at " + kafka.bootstrap() + " answers again; reading on"),
                    String.join("\n", said));
        } finally {
            following.destroy();
        }
        assertTrue(following.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the query node did not stop");
        assertEquals(dump(vm.home()), dump(node));
    }

    /** The lines a child process writes, collected as they come. */
    private static List<String> linesOf(Process process) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            } catch (IOException | UncheckedIOException e) {
                // the process ended
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    @Test
    void statusOnAQueryNodesHomeTellsWhatItAppliedAndHowManyEventsItHasStillToRead() {
        long applied = snapshotAReadByTheNode();
        vm.ok("snapshot-create", Vm.NAME, "--name", "b");
        long unread = events() - applied;
        String withoutBrokers = onNode("status").ok().out();
        onNode("config", KafkaSettings.BOOTSTRAP, kafka.bootstrap()).ok(); // kept in the node's home from now on

        var status = Qemu.json(onNode("status", "--json").ok().out());

        assertTrue(status.get("queryNode").asBoolean(), status.toString());
        assertEquals(applied, status.get("projection").get("applied").asLong(), status.toString());
        long lag = 0;
        for (var partition : status.get("partitions")) {
            lag += partition.get("lag").asLong();
        }
        assertEquals(unread, lag, status.toString());
        assertTrue(withoutBrokers.contains("Projection:   " + applied + " events applied"), withoutBrokers);
        assertTrue(withoutBrokers.contains("Kafka:        not given"), withoutBrokers);
    }

    @Test
    void replayFromTheStoreAndFromKafkaGiveTheSameProjection() {
        everyOperationKind();
        vm.ok("replay");
        String fromStore = dump(vm.home());

        var result = vm.cli("replay", "--from-kafka", kafka.bootstrap()).ok();

        String replayed = result.out();
        assertTrue(replayed.matches("replayed " + events() + " events in \\d+\\.\\d\\d s \\(\\d+ events/s\\)\n"),
                replayed);
        // the topic's transaction markers count as records, not events: the progress still ends whole
        assertTrue(result.err().endsWith("replay: " + events() + " of " + events() + " events (100%)\n"), result.err());
        assertEquals(fromStore, dump(vm.home()));
        assertEquals("h\n", vm.ok("snapshot-current", Vm.NAME));
        assertEquals(fromStore, dump(vm.home()));
    }

    @Test
    void aQueryNodeReplaysItsProjectionFromKafka() {
        everyOperationKind();
        queryNodeOnce();

        var replayed = onNode("replay", "--from-kafka", kafka.bootstrap(), "--json").ok().out();

        assertEquals(events(), Qemu.json(replayed).get("events").asLong());
        assertEquals(dump(vm.home()), dump(node));
    }

    private void everyOperationKind() {
        vm.ok("snapshot-create", Vm.NAME, "--name", "a");
        vm.ok("snapshot-create", Vm.NAME, "--name", "c");
        vm.ok("snapshot-revert", Vm.NAME, "a");
        vm.ok("snapshot-create", Vm.NAME, "--name", "d");
        vm.ok("snapshot-create", Vm.NAME, "--name", "e");
        vm.ok("snapshot-edit", Vm.NAME, "d", "--rename", "d2", "--description", "renamed");
        vm.ok("snapshot-delete", Vm.NAME, "c");
        vm.ok("snapshot-delete", Vm.NAME, "e", "--metadata");
        vm.ok("snapshot-create", Vm.NAME, "--name", "g");
        vm.ok("snapshot-create", Vm.NAME, "--name", "h", "--disk-only", "--diskspec", "vdb,snapshot=external");
        vm.ok("snapshot-delete", Vm.NAME, "g");
    }

    /** Given: snapshot {@code a} taken and read by the node to the topic's end; returns the events it holds. */
    private long snapshotAReadByTheNode() {
        vm.ok("snapshot-create", Vm.NAME, "--name", "a");
        queryNodeOnce();
        return events();
    }

    private Cli.Result queryNodeOnce() {
        return onNode("query-node", "--kafka", kafka.bootstrap(), "--once").ok();
    }

    private Cli.Result onNode(Object... args) {
        return onHome(node, args);
    }

    private static Cli.Result onHome(Path home, Object... args) {
        List<Object> withHome = new ArrayList<>(List.of("--home", home));
        withHome.addAll(List.of(args));
        return Cli.run(withHome.toArray());
    }

    private long events() {
        return vm.json("history", "--json").size();
    }

    /** The canonical dump of a home's projection, read while no command runs. */
    static String dump(Path home) {
        try (SnapshotProjection projection = SnapshotProjection.open(home.resolve("projection"))) {
            return projection.dump();
        }
    }

    /** What a publisher retrying every batch would do: each record sent again, with its key, value and headers. */
    private void republishWholeTopic() {
        List<ConsumerRecord<byte[], byte[]>> records = EventsTopic.read(kafka.bootstrap(), IsolationLevel.READ_UNCOMMITTED);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                producer.send(new ProducerRecord<>(record.topic(), record.partition(), record.key(), record.value(),
                        record.headers()));
            }
            producer.flush();
        }
    }
}
