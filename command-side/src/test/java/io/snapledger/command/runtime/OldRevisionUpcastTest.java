package io.snapledger.command.runtime;

import io.snapledger.events.EditEvent.SnapshotRenamed;
import io.snapledger.events.json.EventUpcaster;
import io.snapledger.events.json.EventUpcasterChain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An event stored at an older revision is read as today's record, through the events-schema
 * upcasters. Revision 0 of {@code SnapshotRenamed} never existed: it and its upcaster are made up
 * for this test, and the row is written by hand as an older version of snapledger would have.
 */
class OldRevisionUpcastTest {

    private static final UUID SNAPSHOT = UUID.fromString("0b7e5c1a-1d2f-4a3b-8c4d-5e6f7a8b9c02");
    private static final String REVISION_0 = """
            {"domain":"web01","snapshot":"%s","from":"a","to":"kernel-6.1-baseline",
             "meta":{"eventId":"e0e0e0e0-0000-4000-8000-000000000001","occurredAt":"2024-05-01T10:15:30Z",
                     "actor":"alice","reason":null,"correlationId":"c0ffee00-0000-4000-8000-000000000001"}}
            """.formatted(SNAPSHOT);

    @TempDir
    Path home;

    @Test
    void aRevision0RowIsReadAsTheCurrentRecordByTheStoreTheAggregateAndTheProjections() {
        RuntimeSettings settings = TestRuntime.settings(home, 0)
                .withUpcasters(new EventUpcasterChain(List.of(new SnapshotRenamed0To1())));
        try (TestRuntime first = TestRuntime.start(settings)) {
            first.define();
            first.take("a");
        }
        StoreTables.update(home, "INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, type, "
                        + "eventIdentifier, metaData, payload, payloadRevision, payloadType, timeStamp) "
                        + "VALUES (?, 2, 'TestDomain', ?, ?, ?, '0', 'SnapshotRenamed', ?)",
                "web01", UUID.randomUUID().toString(), "{}".getBytes(StandardCharsets.UTF_8),
                REVISION_0.getBytes(StandardCharsets.UTF_8), Instant.parse("2024-05-01T10:15:30Z").toString());

        try (TestRuntime second = TestRuntime.start(settings)) {
            List<? extends DomainEventMessage<?>> stored =
                    second.runtime.eventStore().readEvents(TestRuntime.DOMAIN).asStream().toList();
            SnapshotRenamed renamed = (SnapshotRenamed) stored.get(2).getPayload();
            assertEquals(SNAPSHOT, renamed.snapshotUuid());
            assertEquals("a", renamed.oldName());
            assertEquals("kernel-6.1-baseline", renamed.newName());

            second.rename("kernel-6.1-baseline", "baseline");
            second.awaitProjection();
            assertEquals(List.of("a", "kernel-6.1-baseline"), second.projection.delivered().stream()
                    .filter(SnapshotRenamed.class::isInstance)
                    .map(event -> ((SnapshotRenamed) event).oldName()).toList());
        }
    }

    /** Test-only: the made-up revision 0 named the fields snapshot, from and to. */
    private static final class SnapshotRenamed0To1 implements EventUpcaster {

        @Override
        public String typeName() {
            return "SnapshotRenamed";
        }

        @Override
        public int fromRevision() {
            return 0;
        }

        @Override
        public ObjectNode upcast(ObjectNode payload) {
            ObjectNode next = payload.objectNode();
            next.set("domain", payload.get("domain"));
            next.set("snapshotUuid", payload.get("snapshot"));
            next.set("oldName", payload.get("from"));
            next.set("newName", payload.get("to"));
            next.set("meta", payload.get("meta"));
            return next;
        }
    }
}
