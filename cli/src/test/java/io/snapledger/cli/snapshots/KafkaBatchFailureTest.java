package io.snapledger.cli.snapshots;

import io.snapledger.core.Caller;
import io.snapledger.core.EventOutlet;
import io.snapledger.kafka.Publishing;
import java.time.Clock;
import io.snapledger.kafkadev.KafkaNodes;
import io.snapledger.kafka.KafkaPublisher;
import io.snapledger.kafka.KafkaSettings;
import io.snapledger.core.LocalLedger;
import io.snapledger.events.command.DescribeSnapshot;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A publisher batch fails after some of its records reached the topic: the batch is aborted and
 * sent again whole, so a {@code read_committed} consumer applying the duplicate rule still sees
 * every event of every domain exactly once, without a gap. Each test first stores a backlog with
 * publishing off, so that the publisher takes it in big batches.
 *
 * <p>The refused record is the gap at its plainest: the records after it in the batch are
 * written, the retry brings it late, and the rule would drop it were the first attempt visible
 * (as it was with an idempotent producer without transactions).
 */
class KafkaBatchFailureTest {
    private static final List<String> DOMAINS = List.of("vm", "other");

    @TempDir
    Path dir;

    @Test
    void aBatchThatExpiresWhileTheBrokerIsPausedIsAbortedAndSentAgainWhole() {
        try (KafkaNodes kafka = KafkaNodes.start(1, dir.resolve("kafka"))) {
            Vm vm = twoDomains();
            describeWithPublishingOff(vm.home(), 3000, "backlog");
            // one partition: how far the open transaction got is one number
            vm.ok("config", "kafka.partitions", "1");
            vm.ok("config", "kafka.delivery.timeout.seconds", "2");
            vm.ok("config", KafkaSettings.BOOTSTRAP, kafka.bootstrap());

            try (LocalLedger ledger = LocalLedger.open(vm.home(), Clock.systemUTC(), Publishing.opener(KafkaSettings.of(vm.home())), System.err);
                 Admin admin = EventsTopic.admin(kafka.bootstrap())) {
                // a batch of 1,000 after the first (so the producer knows both topics) is on its way:
                // some of its records are in the log, most are still to be sent
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).ignoreExceptions()
                        .until(() -> EventsTopic.ends(admin),
                                ends -> ends.stable() > 0 && ends.pending() > 0 && ends.pending() < 300);
                long failedBefore = ((Publishing) ledger.outlet()).failedBatches();
                kafka.pause(0);
                // the records not acknowledged within the delivery timeout expire and fail the batch
                await().atMost(Duration.ofSeconds(60)).until(() -> ((Publishing) ledger.outlet()).failedBatches() > failedBefore);
                kafka.resume(0);
                ledger.runtime().awaitCaughtUp(KafkaPublisher.GROUP, Duration.ofSeconds(120));
            }
            assertTrue(EventsTopic.read(kafka.bootstrap(), IsolationLevel.READ_UNCOMMITTED).size()
                            > EventsTopic.read(kafka.bootstrap(), IsolationLevel.READ_COMMITTED).size(),
                    "no record of the failed batch reached the log: the batch did not fail midway");
            EventsTopic.assertEveryEventOnceInOrder(kafka.bootstrap(), vm.home(), DOMAINS);
        }
    }

    @Test
    void aRecordTheBrokerRefusesAmidABatchHoldsTheWholeBatchBackUntilTheBrokerTakesIt() throws Exception {
        try (KafkaNodes kafka = KafkaNodes.start(1, dir.resolve("kafka"))) {
            Vm vm = twoDomains();
            vm.ok("config", "kafka.partitions", "1");
            vm.ok("config", KafkaSettings.BOOTSTRAP, kafka.bootstrap());
            vm.ok("status"); // the topics exist, the domains' first events are published
            describeWithPublishingOff(vm.home(), 100, "before");
            describeWithPublishingOff(vm.home(), 1, "x".repeat(2 * EventsTopic.SMALL_RECORD_LIMIT));
            describeWithPublishingOff(vm.home(), 100, "after");

            try (Admin admin = EventsTopic.admin(kafka.bootstrap())) {
                EventsTopic.limitRecordSize(admin, EventsTopic.SMALL_RECORD_LIMIT);
                try (LocalLedger ledger = LocalLedger.open(vm.home(), Clock.systemUTC(), Publishing.opener(KafkaSettings.of(vm.home())), System.err)) {
                    // the big record is refused while records after it in the batch are written; the batch
                    // fails on every retry until the topic takes the record
                    await().atMost(Duration.ofSeconds(60)).until(() -> ((Publishing) ledger.outlet()).failedBatches() > 0);
                    EventsTopic.limitRecordSize(admin, null);
                    ledger.runtime().awaitCaughtUp(KafkaPublisher.GROUP, Duration.ofSeconds(120));
                }
            }
            EventsTopic.assertEveryEventOnceInOrder(kafka.bootstrap(), vm.home(), DOMAINS);
        }
    }

    /** Two domains, {@code vm} and {@code other}, each with one snapshot {@code s}. */
    private Vm twoDomains() {
        Vm vm = Vm.qcow2(dir, "vda", "vdb");
        vm.ok("define", DOMAINS.get(0), "--disk", "vda=" + vm.disk("vda"));
        vm.ok("define", DOMAINS.get(1), "--disk", "vda=" + vm.disk("vdb"));
        for (String domain : DOMAINS) {
            vm.ok("snapshot-create", domain, "--name", "s");
        }
        return vm;
    }

    /** Stores {@code count} description changes, alternating between the domains, none published yet. */
    private static void describeWithPublishingOff(Path home, int count, String description) {
        try (LocalLedger ledger = LocalLedger.open(home, Clock.systemUTC(), h -> EventOutlet.NONE, System.err)) {
            for (int i = 0; i < count; i++) {
                ledger.send(new DescribeSnapshot(DOMAINS.get(i % DOMAINS.size()), "s", description + " " + i,
                        Caller.osUser().meta(null)));
            }
        }
    }
}
