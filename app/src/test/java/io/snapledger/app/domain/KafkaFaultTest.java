package io.snapledger.app.domain;

import io.snapledger.app.kafka.KafkaNodes;
import io.snapledger.app.kafka.KafkaSettings;
import io.snapledger.examples.consumer.ReceivedEvent;
import io.snapledger.examples.consumer.SnapshotTopicsConsumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker of a 3-node cluster crashes (SIGKILL) and comes back while snapshots are taken: the
 * consumer, after the duplicate rule, sees every stored event exactly once, in domain order.
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
}
