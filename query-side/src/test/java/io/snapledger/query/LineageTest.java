package io.snapledger.query;

import io.snapledger.events.DomainEvent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Lineage: a snapshot's ancestors, parent first; kept right while the tree changes, across restarts. */
class LineageTest {

    private static final String DOMAIN = "test";

    @TempDir
    Path directory;

    private ProjectionHarness harness;
    private final SnapshotScript script = new SnapshotScript(new TestEvents(DOMAIN));

    @BeforeEach
    void givenTheTreeOfTheVirshSession() {
        harness = new ProjectionHarness(directory);
        harness.feed(script.virshSessionTree());
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private List<String> lineage(String name) {
        return harness.queries().lineage(DOMAIN, script.uuid(name)).stream().map(SnapshotRef::name).toList();
    }

    @Test
    void theAncestorsUpToTheRootParentFirst() {
        assertEquals(List.of("b", "root"), lineage("Alpha"));
        assertEquals(List.of("root"), lineage("Zed"));
    }

    @Test
    void aRootHasNoAncestorsAndAnUnknownSnapshotNone() {
        assertEquals(List.of(), lineage("root"));
        assertEquals(List.of(), harness.queries().lineage(DOMAIN, UUID.randomUUID()));
        assertEquals(List.of(), harness.queries().lineage("nowhere", UUID.randomUUID()));
    }

    @Test
    void theRefsCarryUuidNumberAndName() {
        SnapshotRef root = harness.queries().lineage(DOMAIN, script.uuid("b")).get(0);

        assertEquals(new SnapshotRef(script.uuid("root"), 1, "root"), root);
    }

    @Test
    void aLineageAlreadyReadFollowsDeletesRenamesAndNewSnapshots() {
        assertEquals(List.of("b", "root"), lineage("c1"));

        harness.feed(script.delete("b"));
        assertEquals(List.of("root"), lineage("c1"));

        harness.feed(script.events().renamed(script.uuid("root"), "root", "base"));
        assertEquals(List.of("base"), lineage("c1"));

        harness.feed(script.take("d1"));
        assertEquals(List.of("c1", "base"), lineage("d1"));

        harness.feed(script.delete("root"));
        assertEquals(List.of("c1"), lineage("d1"));
    }

    @Test
    void aLineageDeeperThanTheWalkLimitLoadsTheDomainAndFollowsItsChanges() {
        TestEvents deep = new TestEvents("deep");
        List<DomainEvent> chain = new ArrayList<>(List.of(deep.defined()));
        int depth = LineageCache.WALK_BEFORE_LOADING * 3;
        for (int i = 1; i <= depth; i++) {
            chain.add(deep.started(TestEvents.uuid(i), "s" + i, i == 1 ? null : TestEvents.uuid(i - 1)));
            chain.add(deep.completed(TestEvents.uuid(i)));
        }
        harness.feedBatch(chain);
        SnapshotQueries queries = harness.queries();
        UUID tip = TestEvents.uuid(depth);

        assertEquals(depth - 1, queries.lineage("deep", tip).size());
        assertEquals("s" + (depth - 1), queries.lineage("deep", tip).get(0).name());

        harness.feed(deep.reparented(TestEvents.uuid(3), TestEvents.uuid(2), TestEvents.uuid(1)),
                deep.deleted(TestEvents.uuid(2)), deep.renamed(TestEvents.uuid(1), "s1", "origin"));
        List<SnapshotRef> after = queries.lineage("deep", tip);

        assertEquals(depth - 2, after.size());
        assertEquals(new SnapshotRef(TestEvents.uuid(1), 1, "origin"), after.get(after.size() - 1));
        assertEquals(TestEvents.uuid(3), after.get(after.size() - 2).uuid());
    }

    @Test
    void aLineageIsTheSameAfterARestart() {
        List<String> before = lineage("10");

        harness.reopen();

        assertEquals(before, lineage("10"));
        assertEquals(List.of("_u", "root"), before);
    }
}
