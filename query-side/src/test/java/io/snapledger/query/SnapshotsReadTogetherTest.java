package io.snapledger.query;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.snapledger.query.TestEvents.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Many snapshots read at once ({@link SnapshotQueries#snapshots}) answer as one read each would. */
class SnapshotsReadTogetherTest {

    private static final String DOMAIN = "web01";

    @TempDir
    Path directory;

    private ProjectionHarness harness;
    private final TestEvents events = new TestEvents(DOMAIN);

    @BeforeEach
    void givenAChainOfThreeSnapshots() {
        harness = new ProjectionHarness(directory);
        harness.feed(events.defined(),
                events.started(uuid(1), "base", null), events.completed(uuid(1)),
                events.started(uuid(2), "middle", uuid(1)), events.completed(uuid(2)),
                events.started(uuid(3), "tip", uuid(2)), events.completed(uuid(3)));
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void heldSnapshotsAreFoundAndAnUnknownOneOrOneAskedUnderAnotherDomainIsLeftOut() {
        SnapshotQueries queries = harness.queries();
        Map<UUID, String> wanted = new LinkedHashMap<>();
        wanted.put(uuid(3), DOMAIN);
        wanted.put(uuid(9), DOMAIN);
        wanted.put(uuid(1), DOMAIN);
        wanted.put(uuid(2), "db01");

        Map<UUID, SnapshotNode> found = queries.snapshots(wanted);

        assertEquals(Map.of(uuid(3), queries.snapshot(DOMAIN, uuid(3)).orElseThrow(),
                uuid(1), queries.snapshot(DOMAIN, uuid(1)).orElseThrow()), found);
    }
}
