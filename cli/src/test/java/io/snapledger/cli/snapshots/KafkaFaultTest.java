package io.snapledger.cli.snapshots;

import io.snapledger.core.Caller;
import io.snapledger.kafka.Publishing;
import java.time.Clock;
import io.snapledger.kafkadev.KafkaNodes;
import io.snapledger.kafka.KafkaPublisher;
import io.snapledger.kafka.KafkaSettings;
import io.snapledger.core.LocalLedger;
import io.snapledger.events.command.DescribeSnapshot;
import io.snapledger.events.command.RenameSnapshot;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.examples.consumer.ReceivedEvent;
import io.snapledger.examples.consumer.SnapshotTopicsConsumer;

import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Brokers crash (SIGKILL) and come back while snapshots change: the consumer, after the duplicate
 * rule, sees every stored event exactly once, in domain order, and the lineage topic ends as the
 * live tree.
 */
class KafkaFaultTest {
    @TempDir
    Path dir;

    @Test
    void aBrokerKilledAndRestartedDuringOperationsLosesAndRepeatsNothing() {
        try (KafkaNodes kafka = KafkaNodes.start(3, dir.resolve("kafka"))) {
            Vm vm = Vm.qcow2(dir, "vda", "vdb");
            vm.ok("config", KafkaSettings.BOOTSTRAP, kafka.bootstrap());
            vm.ok("define", Vm.NAME, "--disk", "vda=" + vm.disk("vda"), "--disk", "vdb=" + vm.disk("vdb"));
            for (int i = 0; i < 9; i++) {
                if (i == 3) {
                    kafka.kill(0);
                }
                if (i == 6) {
                    kafka.restart(0);
                }
                vm.ok("snapshot-create", Vm.NAME, "--name", "s" + i);
            }
            vm.ok("status"); // publishes whatever a command left behind

            List<StoredEvents> stored = StoredEvents.of(vm.home(), Vm.NAME);
            List<ReceivedEvent> received = new ArrayList<>();
            try (SnapshotTopicsConsumer consumer = new SnapshotTopicsConsumer(kafka.bootstrap())) {
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    received.addAll(consumer.poll(Duration.ofMillis(200)));
                    return received.size() >= stored.size();
                });
                received.addAll(consumer.poll(Duration.ofMillis(500)));
            }
            assertEquals(stored.stream().map(StoredEvents::sequence).toList(),
                    received.stream().map(ReceivedEvent::aggregateSequence).toList());
            assertEquals(stored.stream().map(StoredEvents::event).toList(),
                    received.stream().map(ReceivedEvent::event).toList());
            Set<UUID> ids = new HashSet<>();
            received.forEach(event -> assertTrue(ids.add(event.eventId()), "seen twice: " + event));
        }
    }

    @Test
    void aBatchKafkaDidNotAcknowledgeMarksItsDomainAndTheDomainIsResentWholeWhenTheBrokerIsBack() throws Exception {
        try (KafkaNodes kafka = KafkaNodes.start(1, dir.resolve("kafka"))) {
            Vm vm = Vm.qcow2(dir, "vda");
            vm.ok("config", KafkaSettings.BOOTSTRAP, kafka.bootstrap());
            vm.ok("define", Vm.NAME, "--disk", "vda=" + vm.disk("vda"));
            for (String name : List.of("a", "b", "c")) {
                vm.ok("snapshot-create", Vm.NAME, "--name", name);
            }
            Path dirty = vm.home().resolve("kafka").resolve("lineage-dirty");
            try (LocalLedger ledger = LocalLedger.open(vm.home(), Clock.systemUTC(), Publishing.opener(KafkaSettings.of(vm.home())), System.err)) {
                // this process's publisher has reached the broker once: it knows the topics and their leaders
                ledger.send(new DescribeSnapshot(Vm.NAME, "c", "before the broker stops", Caller.osUser().meta(null)));
                ledger.runtime().awaitCaughtUp(KafkaPublisher.GROUP, Duration.ofSeconds(30));

                kafka.kill(0);
                // the first batch the broker does not acknowledge holds the rename: its retry finds the event
                // already in the tree and sees no change, so only re-sending the marked domain can send a2
                ledger.send(new RenameSnapshot(Vm.NAME, "a", "a2", Caller.osUser().meta(null)));
                ledger.delete(Caller.osUser(), Vm.NAME, "c", DeleteMode.MERGE); // a leaf: b loses its child, c is gone
                TrackingEventProcessor publisher = ledger.runtime().configuration().eventProcessingConfiguration()
                        .eventProcessorByProcessingGroup(KafkaPublisher.GROUP, TrackingEventProcessor.class)
                        .orElseThrow();
                // the batch failed: its segment is marked in error, or released while the processor waits to retry
                await().atMost(Duration.ofSeconds(60)).until(() -> failed(publisher) && Files.exists(dirty)
                        && Files.readAllLines(dirty).contains(Vm.NAME));

                kafka.restart(0);
                ledger.runtime().awaitCaughtUp(KafkaPublisher.GROUP, Duration.ofSeconds(120));
                assertFalse(Files.exists(dirty), "the domains stay marked after Kafka acknowledged them");
            }
            LineageTopic.assertIsTheLiveTree(kafka.bootstrap(), vm.home(), Vm.NAME);
        }
    }

    private static boolean failed(TrackingEventProcessor processor) {
        var status = processor.processingStatus().values();
        return status.isEmpty() || status.stream().anyMatch(EventTrackerStatus::isErrorState);
    }
}
