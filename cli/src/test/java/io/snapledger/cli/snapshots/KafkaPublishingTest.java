package io.snapledger.cli.snapshots;

import io.snapledger.cli.Cli;
import io.snapledger.kafkadev.KafkaNodes;
import io.snapledger.kafka.KafkaSettings;
import io.snapledger.events.EventTypes;
import io.snapledger.examples.consumer.ReceivedEvent;
import io.snapledger.examples.consumer.SnapshotTopicsConsumer;
import io.snapledger.examples.consumer.WatchSnapshots;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Publishing to a real Kafka broker (a child JVM started for this class), driven through the CLI
 * on real qcow2 images, and read back by the example consumer, which knows only events-schema.
 */
class KafkaPublishingTest {
    @TempDir
    static Path cluster;
    @TempDir
    Path dir;
    private static KafkaNodes kafka;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaNodes.start(1, cluster);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    /** A domain of its own in the shared topics: its name is the record key. */
    private Vm publishingVm(String bootstrap) throws IOException {
        Vm vm = Vm.qcow2(dir, "vda", "vdb");
        configure(vm.home(), bootstrap, 10);
        return vm;
    }

    private static void configure(Path home, String bootstrap, int waitSeconds) throws IOException {
        Files.createDirectories(home);
        Files.writeString(home.resolve(KafkaSettings.FILE), KafkaSettings.BOOTSTRAP + "=" + bootstrap
                + "\nkafka.wait.seconds=" + waitSeconds + "\n");
    }

    @Test
    void everyOperationKindEndsOnTheEventsTopicInStoreOrderWithItsHeaders() throws IOException {
        Vm vm = publishingVm(kafka.bootstrap()).define();
        vm.ok("snapshot-create", Vm.NAME, "--name", "a");
        vm.ok("snapshot-create", Vm.NAME, "--name", "c");
        vm.ok("snapshot-revert", Vm.NAME, "a");
        vm.ok("snapshot-create", Vm.NAME, "--name", "d");
        vm.ok("snapshot-create", Vm.NAME, "--name", "e");
        vm.ok("snapshot-create", Vm.NAME, "--name", "f");
        vm.ok("snapshot-edit", Vm.NAME, "d", "--rename", "d2", "--description", "renamed");
        vm.ok("snapshot-delete", Vm.NAME, "c");
        vm.ok("snapshot-delete", Vm.NAME, "f", "--metadata");
        vm.ok("snapshot-delete", Vm.NAME, "d2", "--children");
        vm.ok("snapshot-create", Vm.NAME, "--name", "g");
        vm.ok("snapshot-create", Vm.NAME, "--name", "h");
        vm.ok("snapshot-delete", Vm.NAME, "g");
        vm.ok("snapshot-create", Vm.NAME, "--name", "b", "--disk-only", "--diskspec", "vdb,snapshot=external");

        List<StoredEvents> stored = StoredEvents.of(vm.home(), Vm.NAME);
        List<ReceivedEvent> received = receive(Vm.NAME, stored.size());
        assertEquals(stored.size(), received.size());
        for (int i = 0; i < stored.size(); i++) {
            StoredEvents expected = stored.get(i);
            ReceivedEvent actual = received.get(i);
            assertEquals(expected.sequence(), actual.aggregateSequence());
            assertEquals(expected.event(), actual.event(), "event " + i + " decoded from its JSON");
            assertEquals(EventTypes.of(expected.event()).name(), actual.type());
            assertEquals(EventTypes.of(expected.event()).revision(), actual.revision());
            assertEquals(expected.event().meta().eventId(), actual.eventId());
            assertEquals(expected.event().meta().correlationId(), actual.correlationId());
            assertEquals(expected.event().meta().actor(), actual.actor());
        }
        List<String> kinds = received.stream().map(ReceivedEvent::type).distinct().toList();
        for (String kind : List.of("DomainDefined", "SnapshotStarted", "DeviceSnapshotPrepared", "SnapshotCompleted",
                "RevertStarted", "RevertCompleted", "SnapshotRenamed", "SnapshotDescribed", "DeletionStarted",
                "ChildReparented", "SnapshotDeleted")) {
            assertTrue(kinds.contains(kind), kind + " not among " + kinds);
        }
        LineageTopic.assertIsTheLiveTree(kafka.bootstrap(), vm.home(), Vm.NAME);
    }

    @Test
    void withoutABootstrapNothingIsPublishedAndTurningItOnPublishesTheHistory() {
        Vm vm = Vm.qcow2(dir, "vda");
        vm.cli("define", "late", "--disk", "vda=" + vm.disk("vda")).ok();
        vm.ok("snapshot-create", "late", "--name", "quiet");
        assertFalse(Files.exists(vm.home().resolve("kafka")), "the publisher's tree exists without Kafka");
        var status = vm.json("status", "--json");
        assertFalse(status.get("kafka").get("publishing").asBoolean(), status.toString());
        assertTrue(vm.ok("status").contains("Kafka:        off"));

        // a publisher added to a home with history publishes that history: it is not a replay
        assertEquals("", vm.cli("--kafka", kafka.bootstrap(), "domains").ok().err());
        List<StoredEvents> stored = StoredEvents.of(vm.home(), "late");
        assertEquals(stored.stream().map(StoredEvents::event).toList(),
                receive("late", stored.size()).stream().map(ReceivedEvent::event).toList());
    }

    @Test
    void aCommandSucceedsWhileKafkaIsAwayAndTheNextOnePublishesTheBacklog() throws IOException {
        Vm vm = Vm.qcow2(dir, "vda");
        configure(vm.home(), "localhost:" + unusedPort(), 2);
        var defined = vm.cli("define", "away", "--disk", "vda=" + vm.disk("vda")).ok();
        assertEquals(1, defined.errLines().size(), defined.err());
        assertTrue(defined.err().startsWith("warning: 1 events are not yet published to Kafka"), defined.err());

        var status = vm.json("status", "--json");
        assertEquals(1, status.get("events").asLong(), status.toString());
        assertEquals(1, status.get("kafka").get("unpublished").asLong(), status.toString());

        vm.ok("config", KafkaSettings.BOOTSTRAP, kafka.bootstrap());
        assertEquals(kafka.bootstrap() + "\n", vm.ok("config", KafkaSettings.BOOTSTRAP));
        assertEquals("", vm.cli("domains").ok().err());
        assertEquals(0, vm.json("status", "--json").get("kafka").get("unpublished").asLong());
        List<StoredEvents> stored = StoredEvents.of(vm.home(), "away");
        assertEquals(List.of(stored.get(0).event()), receive("away", 1).stream().map(ReceivedEvent::event).toList());
    }

    @Test
    void aConsumerBootstrappedFromTheLineageHasTheTreeAndThenOnlyTheNewEvents() {
        Vm vm = Vm.qcow2(dir, "vda");
        vm.cli("--kafka", kafka.bootstrap(), "define", "watched", "--disk", "vda=" + vm.disk("vda")).ok();
        vm.ok("--kafka", kafka.bootstrap(), "snapshot-create", "watched", "--name", "base");
        int before = StoredEvents.of(vm.home(), "watched").size();

        try (SnapshotTopicsConsumer consumer = new SnapshotTopicsConsumer(kafka.bootstrap())) {
            consumer.skipHistory();
            String baseLine = "watched  #1 base  parent: (root)  ready";
            await().atMost(Duration.ofSeconds(30)).until(() -> WatchSnapshots.tree(consumer.readLineage()).contains(baseLine));
            vm.ok("--kafka", kafka.bootstrap(), "snapshot-create", "watched", "--name", "next");

            List<StoredEvents> all = StoredEvents.of(vm.home(), "watched");
            List<StoredEvents> after = all.subList(before, all.size());
            List<ReceivedEvent> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).stream().filter(event -> event.domain().equals("watched"))
                        .forEach(received::add);
                return received.size() >= after.size();
            });
            assertEquals(after.stream().map(StoredEvents::event).toList(),
                    received.stream().map(ReceivedEvent::event).toList());
        }
    }

    @Test
    void theDemoWithKafkaPublishesEveryEventItStores() {
        Path demo = dir.resolve("demo");

        String out = Cli.run("--home", dir.resolve("home"), "--kafka", kafka.bootstrap(), "demo", "--keep", demo).ok().out();

        assertTrue(out.contains("(every event above is on snapledger.events.v1 at " + kafka.bootstrap() + ")"), out);
        List<StoredEvents> stored = StoredEvents.of(demo.resolve("home"), "demo");
        assertEquals(stored.stream().map(StoredEvents::event).toList(),
                receive("demo", stored.size()).stream().map(ReceivedEvent::event).toList());
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Reads the events topic until {@code count} new events of the domain arrived. */
    private static List<ReceivedEvent> receive(String domain, int count) {
        List<ReceivedEvent> received = new ArrayList<>();
        try (SnapshotTopicsConsumer consumer = new SnapshotTopicsConsumer(kafka.bootstrap())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).stream().filter(event -> event.domain().equals(domain))
                        .forEach(received::add);
                return received.size() >= count;
            });
        }
        return received;
    }
}
