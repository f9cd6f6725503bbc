package io.snapledger.app.domain;

import io.snapledger.app.kafka.KafkaSettings;
import io.snapledger.app.kafka.LineageFeed;
import io.snapledger.app.ledger.Ledger;
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
        try (Ledger ledger = Ledger.open(home, KafkaSettings.off(), System.err)) {
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
