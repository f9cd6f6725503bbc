package io.snapledger.query;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

import static io.snapledger.query.TestEvents.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A snapshot named as an operator names it: by name, UUID or number; plus info and current. */
class ResolveTest {

    private static final String DOMAIN = "web01";

    @TempDir
    Path directory;

    private ProjectionHarness harness;
    private SnapshotQueries queries;
    private final TestEvents events = new TestEvents(DOMAIN);

    @BeforeEach
    void givenThreeSnapshotsOneNamedLikeAnotherOnesNumber() {
        harness = new ProjectionHarness(directory);
        harness.feed(events.defined(),
                events.started(uuid(1), "base", null), events.completed(uuid(1)),
                events.started(uuid(2), "1", uuid(1)), events.completed(uuid(2)),
                events.started(uuid(3), "tip", uuid(2)), events.completed(uuid(3)));
        queries = harness.queries();
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private Optional<UUID> resolve(String reference) {
        return queries.resolve(DOMAIN, reference).map(SnapshotNode::uuid);
    }

    @Test
    void byName() {
        assertEquals(Optional.of(uuid(3)), resolve("tip"));
    }

    @Test
    void byUuidInEitherCase() {
        assertEquals(Optional.of(uuid(3)), resolve(uuid(3).toString()));
        assertEquals(Optional.of(uuid(3)), resolve(uuid(3).toString().toUpperCase()));
    }

    @Test
    void byNumber() {
        assertEquals(Optional.of(uuid(3)), resolve("3"));
    }

    @Test
    void aNameWinsOverTheNumberItLooksLike() {
        assertEquals(Optional.of(uuid(2)), resolve("1"), "snapshot named 1, not snapshot number 1");
        assertEquals(Optional.of(uuid(2)), resolve("2"));
    }

    @Test
    void nothingForWhatNamesNoSnapshot() {
        assertTrue(resolve("nope").isEmpty());
        assertTrue(resolve("99").isEmpty());
        assertTrue(resolve(UUID.randomUUID().toString()).isEmpty());
        assertTrue(queries.resolve("other-domain", "tip").isEmpty());
    }

    @Test
    void infoSaysCurrentParentChildrenAndDescendants() {
        SnapshotInfo base = queries.info(DOMAIN, uuid(1)).orElseThrow();
        SnapshotInfo tip = queries.info(DOMAIN, uuid(3)).orElseThrow();

        assertFalse(base.current());
        assertEquals(null, base.parent());
        assertEquals(1, base.children());
        assertEquals(2, base.descendants());
        assertTrue(tip.current());
        assertEquals(new SnapshotRef(uuid(2), 2, "1"), tip.parent());
        assertEquals(0, tip.descendants());
        assertTrue(queries.info(DOMAIN, UUID.randomUUID()).isEmpty());
    }

    @Test
    void theDomainNamesItsCurrentSnapshot() {
        assertEquals(uuid(3), queries.domain(DOMAIN).orElseThrow().currentSnapshot());
        assertEquals(Optional.of("tip"), queries.current(DOMAIN).map(SnapshotNode::name));
    }
}
