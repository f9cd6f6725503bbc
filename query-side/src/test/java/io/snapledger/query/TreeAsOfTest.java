package io.snapledger.query;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.model.DeleteMode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.snapledger.query.TestEvents.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tree as of an instant, folded from the history: compared with what the live projection
 * held at that instant, and one rule at a time.
 */
class TreeAsOfTest {

    private static final UUID S1 = uuid(1);
    private static final UUID S2 = uuid(2);
    private static final UUID S3 = uuid(3);
    private static final UUID S4 = uuid(4);
    private static final UUID S5 = uuid(5);
    private static final UUID S6 = uuid(6);

    @TempDir
    Path directory;

    private ProjectionHarness live;
    private final TestEvents vm = new TestEvents("vm");
    private final TestEvents other = new TestEvents("other");

    @BeforeEach
    void open() {
        live = new ProjectionHarness(directory);
    }

    @AfterEach
    void close() {
        live.close();
    }

    /**
     * s1 ← s2 ← s3, s1 ← s4 ← s5, s1 ← s6; then s2 renamed, a revert, a plain delete of s2
     * (s3 re-parented to s1), s4 deleted with its children, s6's children-only delete (none),
     * a snapshot aborted, and another domain's events interleaved.
     */
    private List<DomainEvent> history() {
        List<DomainEvent> events = new ArrayList<>(List.of(vm.defined(), other.defined(),
                vm.started(S1, "s1", null), vm.completed(S1),
                vm.started(S2, "s2", S1), vm.completed(S2),
                other.started(uuid(90), "o1", null),
                vm.started(S3, "s3", S2), vm.completed(S3),
                vm.started(S4, "s4", S1), vm.completed(S4),
                vm.started(S5, "s5", S4), vm.completed(S5),
                vm.renamed(S2, "s2", "s2b"),
                vm.revertStarted(S1, 1, S5), vm.revertCompleted(S1),
                vm.started(S6, "s6", S1), vm.completed(S6),
                vm.deletionStarted(S2, DeleteMode.MERGE, List.of(S2)), vm.merged(S2),
                vm.reparented(S3, S2, S1), vm.deleted(S2),
                vm.deletionStarted(S4, DeleteMode.CHILDREN, List.of(S4, S5)), vm.deleted(S5), vm.deleted(S4),
                vm.deletionStarted(S6, DeleteMode.CHILDREN_ONLY, List.of()),
                vm.started(uuid(7), "s7", S6), vm.aborted(uuid(7)),
                vm.renamed(S3, "s3", "s2")));
        return events;
    }

    @Test
    void atEveryInstantTheFoldedTreeIsWhatTheLiveProjectionHeldThen() {
        Map<Instant, String> recorded = new LinkedHashMap<>();
        for (DomainEvent event : history()) {
            live.feed(event);
            if (event.domain().equals("vm")) {
                recorded.put(event.meta().occurredAt(), domainState(live.queries()));
            }
        }

        recorded.forEach((instant, expected) -> {
            try (TreeAsOf past = live.projection().asOf("vm", instant)) {
                assertEquals(expected, domainState(past.queries()), "as of " + instant);
            }
        });
    }

    @Test
    void aDeletedSnapshotShowsWhileItExisted() {
        live.feed(history());

        assertTrue(names(instantOf("SnapshotStarted", "s2")).contains("s2"));
        assertTrue(names(instantOf("DeletionStarted", S2)).contains("s2b"));
        assertFalse(names(instantOf("SnapshotDeleted", S2)).contains("s2b"));
    }

    @Test
    void aRenamedSnapshotHasTheNameItHadThen() {
        live.feed(history());

        try (TreeAsOf past = live.projection().asOf("vm", instantOf("SnapshotRenamed", S2).minusNanos(1))) {
            assertEquals("s2", past.queries().snapshot("vm", S2).orElseThrow().name());
            assertEquals(S2, past.queries().resolve("vm", "s2").orElseThrow().uuid());
        }
        try (TreeAsOf past = live.projection().asOf("vm", instantOf("SnapshotRenamed", S2))) {
            assertEquals("s2b", past.queries().snapshot("vm", S2).orElseThrow().name());
        }
    }

    @Test
    void childrenMoveToTheDeletedSnapshotsParentOnlyAfterTheDelete() {
        live.feed(history());

        try (TreeAsOf past = live.projection().asOf("vm", instantOf("DeletionStarted", S2))) {
            assertEquals(S2, past.queries().snapshot("vm", S3).orElseThrow().parentUuid());
        }
        try (TreeAsOf past = live.projection().asOf("vm", instantOf("SnapshotDeleted", S2))) {
            assertEquals(S1, past.queries().snapshot("vm", S3).orElseThrow().parentUuid());
        }
    }

    @Test
    void currentIsTheSnapshotThatWasCurrentThen() {
        live.feed(history());

        try (TreeAsOf past = live.projection().asOf("vm", instantOf("SnapshotCompleted", S5))) {
            assertEquals(S5, past.queries().current("vm").orElseThrow().uuid());
        }
        try (TreeAsOf past = live.projection().asOf("vm", instantOf("RevertCompleted", S1))) {
            assertEquals(S1, past.queries().current("vm").orElseThrow().uuid());
        }
    }

    @Test
    void beforeItsDefinitionTheDomainDidNotExist() {
        live.feed(history());
        Instant defined = instantOf("DomainDefined", null);

        try (TreeAsOf past = live.projection().asOf("vm", defined.minusSeconds(1))) {
            assertFalse(past.domainDefined());
            assertEquals(0, past.events());
        }
        assertEquals(defined, live.queries().historyStart("vm").orElseThrow());
        assertTrue(live.queries().historyStart("nosuch").isEmpty());
    }

    @Test
    void afterItWasUndefinedTheDomainIsGoneButBeforeItIsThere() {
        live.feed(history());
        live.feed(vm.deletionStarted(S1, DeleteMode.CHILDREN, List.of(S1, S3, S6)),
                vm.deleted(S3), vm.deleted(S6), vm.deleted(S1), vm.undefined());
        Instant undefined = vm.now();

        try (TreeAsOf past = live.projection().asOf("vm", undefined)) {
            assertFalse(past.domainDefined());
        }
        try (TreeAsOf past = live.projection().asOf("vm", undefined.minusSeconds(1))) {
            assertTrue(past.domainDefined());
            assertTrue(past.queries().tree("vm").roots().isEmpty());
        }
    }

    /** The tree's outline, current, and each snapshot's name, parent and state: what a listing shows. */
    private static String domainState(SnapshotQueries queries) {
        StringBuilder state = new StringBuilder();
        outline(queries.tree("vm").roots(), "", state);
        state.append("current=").append(queries.current("vm").map(SnapshotNode::name).orElse("-")).append('\n');
        for (SnapshotNode node : queries.list("vm", ListFilter.all())) {
            state.append(node.name()).append(' ').append(node.parentUuid()).append(' ').append(node.state())
                    .append('\n');
        }
        return state.toString();
    }

    private static void outline(List<SnapshotTree.Node> nodes, String indent, StringBuilder into) {
        for (SnapshotTree.Node node : nodes) {
            into.append(indent).append(node.snapshot().name()).append('\n');
            outline(node.children(), indent + "  ", into);
        }
    }

    private List<String> names(Instant instant) {
        try (TreeAsOf past = live.projection().asOf("vm", instant)) {
            return past.queries().list("vm", ListFilter.all()).stream().map(SnapshotNode::name).toList();
        }
    }

    /** When the first event of this type about this snapshot (a UUID, or a name given at its start) occurred. */
    private Instant instantOf(String type, Object snapshot) {
        return live.queries().history(HistoryQuery.everything().domain("vm")).stream()
                .filter(entry -> entry.type().equals(type))
                .filter(entry -> snapshot == null || snapshot.equals(entry.snapshotUuid())
                        || snapshot.equals(entry.event().path("name").asText(null)))
                .findFirst().orElseThrow().time();
    }
}
