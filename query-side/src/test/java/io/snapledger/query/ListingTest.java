package io.snapledger.query;

import io.snapledger.events.DomainEvent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code snapshot-list} with virsh's filters, on the tree of virsh's test domain; orders as virsh printed them. */
class ListingTest {

    private static final String DOMAIN = "test";

    @TempDir
    Path directory;

    private ProjectionHarness harness;
    private SnapshotQueries queries;
    private final SnapshotScript script = new SnapshotScript(new TestEvents(DOMAIN));

    @BeforeEach
    void givenTheTreeOfTheVirshSession() {
        harness = new ProjectionHarness(directory);
        harness.feed(script.virshSessionTree());
        queries = harness.queries();
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private List<String> names(ListFilter filter) {
        return queries.list(DOMAIN, filter).stream().map(SnapshotNode::name).toList();
    }

    @Test
    void everySnapshotSortedByNameAsVirshSortsThem() {
        assertEquals(List.of("10", "_u", "a2", "Alpha", "b", "c1", "root", "Zed"), names(ListFilter.all()));
    }

    @Test
    void countIsHowManySnapshotsTheListingHoldsAndAnUnknownDomainHasNone() {
        assertEquals(queries.list(DOMAIN, ListFilter.all()).size(), queries.count(DOMAIN));
        assertEquals(0, queries.count("other"));
    }

    @Test
    void roots() {
        assertEquals(List.of("root"), names(ListFilter.roots()));
    }

    @Test
    void leaves() {
        assertEquals(List.of("10", "a2", "Alpha", "c1"), names(ListFilter.all().leavesOnly()));
    }

    @Test
    void fromASnapshotListsItsChildren() {
        assertEquals(List.of("_u", "b", "Zed"), names(ListFilter.childrenOf(script.uuid("root"))));
    }

    @Test
    void fromASnapshotWithDescendantsListsItsWholeSubtreeButItself() {
        assertEquals(List.of("10", "_u", "a2", "Alpha", "b", "c1", "Zed"),
                names(ListFilter.descendantsOf(script.uuid("root"))));
        assertEquals(List.of("Alpha", "c1"), names(ListFilter.descendantsOf(script.uuid("b"))));
    }

    @Test
    void leavesBelowASnapshot() {
        assertEquals(List.of("10", "a2", "Alpha", "c1"), names(ListFilter.descendantsOf(script.uuid("root")).leavesOnly()));
        assertEquals(List.of("Alpha", "c1"), names(ListFilter.childrenOf(script.uuid("b")).leavesOnly()));
    }

    @Test
    void topologicalOrderListsParentsBeforeChildrenDepthFirstWithSiblingsByName() {
        List<SnapshotNode> listed = queries.list(DOMAIN, ListFilter.all().topological());

        assertEquals(List.of("root", "_u", "10", "b", "Alpha", "c1", "Zed", "a2"),
                listed.stream().map(SnapshotNode::name).toList());
        Set<UUID> seen = new HashSet<>();
        for (SnapshotNode node : listed) {
            assertTrue(node.parentUuid() == null || seen.contains(node.parentUuid()), node.name());
            seen.add(node.uuid());
        }
    }

    @Test
    void topologicalOrderOfASubtree() {
        assertEquals(List.of("_u", "10", "b", "Alpha", "c1", "Zed", "a2"),
                names(ListFilter.descendantsOf(script.uuid("root")).topological()));
    }

    @Test
    void aTreeHasItsChildrenSortedByName() {
        SnapshotTree tree = queries.tree(DOMAIN);

        assertEquals(8, tree.size());
        SnapshotTree.Node root = tree.roots().get(0);
        assertEquals(List.of("_u", "b", "Zed"), root.children().stream().map(n -> n.snapshot().name()).toList());
    }

    @Test
    void anUnknownStartingSnapshotListsNothing() {
        assertEquals(List.of(), names(ListFilter.childrenOf(UUID.randomUUID())));
        assertEquals(List.of(), names(ListFilter.descendantsOf(UUID.randomUUID())));
    }

    @Test
    void anUnknownDomainHasAnEmptyTree() {
        assertEquals(List.of(), queries.list("nowhere", ListFilter.all()));
        assertTrue(queries.tree("nowhere").roots().isEmpty());
    }

    @Test
    void filtersThatNeedAStartingSnapshotRefuseToGoWithoutOne() {
        assertThrows(IllegalArgumentException.class, () -> new ListFilter(ListFilter.Scope.CHILDREN, null, false, false));
        assertThrows(IllegalArgumentException.class,
                () -> new ListFilter(ListFilter.Scope.ROOTS, UUID.randomUUID(), false, false));
    }

    @Test
    void aChainDeeperThanAnyCallStackLists() {
        TestEvents chain = new TestEvents("deep");
        List<DomainEvent> made = new ArrayList<>();
        made.add(chain.defined());
        UUID parent = null;
        for (int i = 1; i <= 5_000; i++) {
            UUID uuid = TestEvents.uuid(i);
            made.add(chain.started(uuid, "s" + i, parent));
            made.add(chain.completed(uuid));
            parent = uuid;
        }
        harness.feedBatch(made);

        assertEquals(5_000, queries.tree("deep").preorder().size());
        assertEquals(5_000, queries.list("deep", ListFilter.all().topological()).size());
        assertEquals(4_999, queries.lineage("deep", parent).size());
    }
}
