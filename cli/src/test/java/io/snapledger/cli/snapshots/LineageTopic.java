package io.snapledger.cli.snapshots;

import io.snapledger.core.EventOutlet;
import java.time.Clock;
import io.snapledger.kafka.KafkaSettings;
import io.snapledger.kafka.LineageFeed;
import io.snapledger.core.LocalLedger;
import io.snapledger.events.kafka.LineageNode;
import io.snapledger.examples.consumer.SnapshotTopicsConsumer;
import io.snapledger.query.ListFilter;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the compacted lineage topic says of a domain, beside what the home's projection holds. */
final class LineageTopic {
    private LineageTopic() {
    }

    /** The lineage topic read to its end holds exactly the projection's live nodes of the domain. */
    static void assertIsTheLiveTree(String bootstrap, Path home, String domain) {
        Map<UUID, LineageNode> expected;
        try (LocalLedger ledger = LocalLedger.open(home, Clock.systemUTC(), h -> EventOutlet.NONE, System.err)) {
            expected = ledger.queries().list(domain, ListFilter.all()).stream().map(LineageFeed::toLineage)
                    .collect(Collectors.toMap(LineageNode::uuid, node -> node));
        }
        try (SnapshotTopicsConsumer consumer = new SnapshotTopicsConsumer(bootstrap)) {
            Map<UUID, LineageNode> lineage = consumer.readLineage().entrySet().stream()
                    .filter(entry -> entry.getValue().domain().equals(domain))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertEquals(expected, lineage);
        }
    }
}
