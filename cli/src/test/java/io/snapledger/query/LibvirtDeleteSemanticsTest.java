package io.snapledger.query;

import io.snapledger.cli.snapshots.SnapshotTreeRenderer;
import io.snapledger.events.DomainEvent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deletions as the command side writes them (see {@link SnapshotScript}) leave the tree that
 * virsh leaves for the same operations ({@link VirshTrees}), with current where virsh puts it.
 */
class LibvirtDeleteSemanticsTest {

    private static final String DOMAIN = "test";

    @TempDir
    Path directory;

    private ProjectionHarness harness;
    private final SnapshotScript script = new SnapshotScript(new TestEvents(DOMAIN));

    @BeforeEach
    void givenTheTreeOfTheVirshSession() {
        harness = new ProjectionHarness(directory);
        harness.feed(script.virshSessionTree());
        assertEquals(VirshTrees.FULL, rendered());
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @SafeVarargs
    private void run(List<DomainEvent>... operations) {
        for (List<DomainEvent> events : operations) {
            harness.feed(events);
        }
    }

    private String rendered() {
        return SnapshotTreeRenderer.render(harness.queries().tree(DOMAIN));
    }

    private Optional<String> currentName() {
        return harness.queries().current(DOMAIN).map(SnapshotNode::name);
    }

    @Test
    void aPlainDeleteMovesTheChildrenToTheDeletedSnapshotsParent() {
        run(script.delete("b"));

        assertEquals(VirshTrees.AFTER_DELETE_B, rendered());
        assertEquals(Optional.of("c1"), currentName());
    }

    @Test
    void aPlainDeleteOfTheCurrentSnapshotMovesCurrentToItsParent() {
        run(script.revert("b"), script.delete("b"));

        assertEquals(VirshTrees.AFTER_DELETE_B, rendered());
        assertEquals(Optional.of("root"), currentName());
    }

    @Test
    void deletingARootMakesItsChildrenRoots() {
        run(script.delete("root"));

        assertEquals(VirshTrees.AFTER_DELETE_ROOT, rendered());
        assertEquals(List.of("_u", "b", "Zed"),
                harness.queries().list(DOMAIN, ListFilter.roots()).stream().map(SnapshotNode::name).toList());
    }

    @Test
    void deletingTheCurrentRootLeavesNoCurrent() {
        run(script.revert("root"), script.delete("root"));

        assertEquals(VirshTrees.AFTER_DELETE_ROOT, rendered());
        assertEquals(Optional.empty(), currentName());
    }

    @Test
    void deletingWithChildrenRemovesTheSubtreeAndMovesCurrentFromInsideItToTheParent() {
        run(script.deleteWithChildren("b"));

        assertEquals(VirshTrees.AFTER_DELETE_B_WITH_CHILDREN, rendered());
        assertEquals(Optional.of("root"), currentName());
        assertTrue(harness.queries().resolve(DOMAIN, "Alpha").isEmpty());
    }

    @Test
    void deletingWithChildrenOutsideCurrentLeavesCurrentAlone() {
        run(script.deleteWithChildren("Zed"));

        assertEquals(Optional.of("c1"), currentName());
        assertEquals(List.of("10", "_u", "Alpha", "b", "c1", "root"),
                harness.queries().list(DOMAIN, ListFilter.all()).stream().map(SnapshotNode::name).toList());
    }

    @Test
    void deletingOnlyTheChildrenKeepsTheSnapshotAndMakesItCurrentIfCurrentWasBelow() {
        run(script.deleteChildrenOnly("root"));

        assertEquals(VirshTrees.AFTER_DELETE_ROOT_CHILDREN_ONLY, rendered());
        assertEquals(Optional.of("root"), currentName());
    }

    @Test
    void deletingOnlyTheChildrenOfALeafChangesNothing() {
        run(script.deleteChildrenOnly("a2"));

        assertEquals(VirshTrees.FULL, rendered());
        assertEquals(Optional.of("c1"), currentName());
    }

    @Test
    void deletedSnapshotsLeaveEveryIndex() {
        run(script.deleteWithChildren("b"));

        SnapshotQueries queries = harness.queries();
        for (String gone : List.of("b", "Alpha", "c1")) {
            assertTrue(queries.resolve(DOMAIN, gone).isEmpty(), gone);
        }
        assertTrue(queries.resolve(DOMAIN, "2").isEmpty(), "b was number 2");
        assertEquals(8 - 3, queries.list(DOMAIN, ListFilter.all()).size());
    }
}
