package io.snapledger.query;

import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.MemoryMode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.snapledger.query.TestEvents.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One rule per test: given events already applied, when one more is applied, then the projection shows. */
class EventRulesTest {

    private static final String DOMAIN = "web01";
    private static final UUID ROOT = uuid(1);
    private static final UUID CHILD = uuid(2);
    private static final UUID OTHER = uuid(3);

    @TempDir
    Path directory;

    private ProjectionHarness harness;
    private SnapshotQueries queries;
    private final TestEvents events = new TestEvents(DOMAIN);

    @BeforeEach
    void open() {
        harness = new ProjectionHarness(directory);
        queries = harness.queries();
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private void givenRootAndChild() {
        harness.feed(events.defined(), events.started(ROOT, "root", null), events.completed(ROOT),
                events.started(CHILD, "child", ROOT), events.completed(CHILD));
    }

    private SnapshotNode node(UUID uuid) {
        return queries.snapshot(DOMAIN, uuid).orElseThrow(() -> new AssertionError("no snapshot " + uuid));
    }

    private Optional<UUID> current() {
        return queries.current(DOMAIN).map(SnapshotNode::uuid);
    }

    @Test
    void domainDefinedRecordsTheDevicesAndTheirImages() {
        harness.feed(events.defined());

        DomainView domain = queries.domain(DOMAIN).orElseThrow();
        assertEquals(List.of(new DeviceImage("vda", "/images/web01-vda.qcow2", ImageFormat.QCOW2),
                new DeviceImage("vdb", "/images/web01-vdb.raw", ImageFormat.RAW)), domain.devices());
        assertFalse(domain.online());
        assertNull(domain.currentSnapshot());
        assertEquals(List.of(domain), queries.domains());
    }

    @Test
    void domainDefinedAgainReplacesTheRecordAndKeepsTheTree() {
        givenRootAndChild();

        harness.feed(events.defined());

        assertEquals(2, queries.list(DOMAIN, ListFilter.all()).size());
        assertEquals(Optional.of(CHILD), current());
    }

    @Test
    void domainUndefinedRemovesTheTreeAndIndexesButKeepsTheHistory() {
        givenRootAndChild();

        harness.feed(events.undefined());

        assertTrue(queries.domain(DOMAIN).isEmpty());
        assertTrue(queries.list(DOMAIN, ListFilter.all()).isEmpty());
        assertTrue(queries.current(DOMAIN).isEmpty());
        assertTrue(queries.resolve(DOMAIN, "root").isEmpty());
        assertTrue(queries.resolve(DOMAIN, "1").isEmpty());
        assertEquals(6, queries.history(HistoryQuery.everything().domain(DOMAIN)).size());
    }

    @Test
    void deviceImageChangedMovesTheDevicesActiveLayer() {
        harness.feed(events.defined());

        harness.feed(events.imageChanged("vdb", "/images/web01-vdb.raw", "/overlays/vdb.1.qcow2"));

        assertEquals(new DeviceImage("vdb", "/overlays/vdb.1.qcow2", ImageFormat.QCOW2),
                queries.domain(DOMAIN).orElseThrow().devices().get(1));
    }

    @Test
    void snapshotStartedAddsACreatingNodeUnderItsParentThatIsNotYetCurrent() {
        harness.feed(events.defined(), events.started(ROOT, "root", null), events.completed(ROOT));

        harness.feed(events.startedExternal(CHILD, "child", ROOT, "/overlays/vdb.child.qcow2"));

        SnapshotNode child = node(CHILD);
        assertEquals(SnapshotState.CREATING, child.state());
        assertEquals(ROOT, child.parentUuid());
        assertEquals(2, child.id());
        assertEquals("before upgrade", child.description());
        assertEquals(List.of(new SnapshotDevice("vda", DiskSnapshotMode.INTERNAL, events.vda(), ImageFormat.QCOW2, null),
                new SnapshotDevice("vdb", DiskSnapshotMode.EXTERNAL, events.vdb(), ImageFormat.RAW,
                        "/overlays/vdb.child.qcow2")), child.devices());
        assertEquals(MemoryMode.NO, child.memoryMode());
        assertEquals(events.now(), child.creationTime());
        assertNull(child.completedTime());
        assertEquals(List.of(CHILD), node(ROOT).children());
        assertEquals(Optional.of(ROOT), current());
    }

    @Test
    void snapshotStartedUnderAParentTheDomainDoesNotHoldMakesARoot() {
        harness.feed(events.defined());

        harness.feed(events.started(CHILD, "child", uuid(99)));

        assertNull(node(CHILD).parentUuid());
        assertEquals(List.of(CHILD), queries.list(DOMAIN, ListFilter.roots()).stream().map(SnapshotNode::uuid).toList());
    }

    @Test
    void deviceSnapshotPreparedRecordsWhereTheDevicesPartLives() {
        harness.feed(events.defined(), events.startedExternal(ROOT, "root", null, "/overlays/vdb.root.qcow2"));

        harness.feed(events.prepared(ROOT, "vdb", DiskSnapshotMode.EXTERNAL, "/overlays/vdb.root.2.qcow2"));

        assertEquals(new SnapshotDevice("vdb", DiskSnapshotMode.EXTERNAL, events.vdb(), ImageFormat.RAW,
                "/overlays/vdb.root.2.qcow2"), node(ROOT).devices().get(1));
    }

    @Test
    void deviceSnapshotPreparedKeepsTheDigestTheWriterReported() {
        harness.feed(events.defined(), events.started(ROOT, "root", null));

        harness.feed(events.prepared(ROOT, "vda", DiskSnapshotMode.INTERNAL, null, "crc32c64:0123456789abcdef"));

        assertEquals("crc32c64:0123456789abcdef", node(ROOT).devices().get(0).contentDigest());
    }

    @Test
    void snapshotCompletedMakesTheSnapshotReadyAndCurrent() {
        harness.feed(events.defined(), events.started(ROOT, "root", null));

        harness.feed(events.completed(ROOT));

        assertEquals(SnapshotState.READY, node(ROOT).state());
        assertEquals(events.now(), node(ROOT).completedTime());
        assertEquals(Optional.of(ROOT), current());
    }

    @Test
    void snapshotAbortedRemovesTheNodeAndItsIndexesWhileTheHistoryKeepsTheFacts() {
        harness.feed(events.defined(), events.started(ROOT, "root", null), events.completed(ROOT),
                events.started(CHILD, "child", ROOT));

        harness.feed(events.aborted(CHILD));

        assertTrue(queries.snapshot(DOMAIN, CHILD).isEmpty());
        assertEquals(List.of(), node(ROOT).children());
        assertTrue(queries.resolve(DOMAIN, "child").isEmpty());
        assertTrue(queries.resolve(DOMAIN, "2").isEmpty());
        assertEquals(Optional.of(ROOT), current());
        assertEquals(List.of("SnapshotStarted", "SnapshotAborted"),
                queries.history(HistoryQuery.everything().snapshot(CHILD)).stream().map(HistoryEntry::type).toList());
    }

    @Test
    void revertCompletedMakesTheSnapshotCurrentWhileRevertStartedDoesNot() {
        givenRootAndChild();

        harness.feed(events.revertStarted(ROOT, 1, CHILD));
        assertEquals(Optional.of(CHILD), current());

        harness.feed(events.revertCompleted(ROOT));
        assertEquals(Optional.of(ROOT), current());
    }

    @Test
    void deletionStartedMarksEveryAffectedSnapshotDeleting() {
        givenRootAndChild();

        harness.feed(events.deletionStarted(ROOT, DeleteMode.CHILDREN, List.of(ROOT, CHILD)));

        assertEquals(SnapshotState.DELETING, node(ROOT).state());
        assertEquals(SnapshotState.DELETING, node(CHILD).state());
    }

    @Test
    void deletionAbortedMakesTheDeletingSnapshotsReadyAgain() {
        givenRootAndChild();
        harness.feed(events.deletionStarted(ROOT, DeleteMode.CHILDREN_ONLY, List.of(CHILD)));

        harness.feed(events.deletionAborted(ROOT));

        assertEquals(SnapshotState.READY, node(ROOT).state());
        assertEquals(SnapshotState.READY, node(CHILD).state());
    }

    @Test
    void childReparentedMovesTheChildAndBothChildrenLists() {
        givenRootAndChild();
        harness.feed(events.started(OTHER, "other", CHILD), events.completed(OTHER));

        harness.feed(events.reparented(OTHER, CHILD, ROOT));

        assertEquals(ROOT, node(OTHER).parentUuid());
        assertEquals(List.of(CHILD, OTHER), node(ROOT).children());
        assertEquals(List.of(), node(CHILD).children());
    }

    @Test
    void childReparentedToNoParentMakesARoot() {
        givenRootAndChild();

        harness.feed(events.reparented(CHILD, ROOT, null));

        assertNull(node(CHILD).parentUuid());
        assertEquals(List.of(), node(ROOT).children());
    }

    @Test
    void childReparentedBelowItselfIsIgnoredBecauseTheTreeWouldGetACycle() {
        givenRootAndChild();

        harness.feed(events.reparented(ROOT, uuid(50), CHILD));

        assertNull(node(ROOT).parentUuid());
        assertEquals(List.of(CHILD), node(ROOT).children());
        assertEquals(ROOT, node(CHILD).parentUuid());
    }

    @Test
    void snapshotDeletedRemovesTheNodeFromTheTreeTheIndexesAndItsParent() {
        givenRootAndChild();
        harness.feed(events.currentSet(ROOT, CHILD));

        harness.feed(events.deleted(CHILD));

        assertTrue(queries.snapshot(DOMAIN, CHILD).isEmpty());
        assertEquals(List.of(), node(ROOT).children());
        assertTrue(queries.resolve(DOMAIN, "child").isEmpty());
        assertTrue(queries.resolve(DOMAIN, "2").isEmpty());
    }

    @Test
    void snapshotDeletedClearsACurrentPointerThatPointedAtIt() {
        givenRootAndChild();

        harness.feed(events.deleted(CHILD));

        assertEquals(Optional.empty(), current());
    }

    @Test
    void currentSnapshotSetMovesCurrentAndNullLeavesNone() {
        givenRootAndChild();

        harness.feed(events.currentSet(ROOT, CHILD));
        assertEquals(Optional.of(ROOT), current());

        harness.feed(events.currentSet(null, ROOT));
        assertEquals(Optional.empty(), current());
    }

    @Test
    void currentSnapshotSetToASnapshotTheDomainDoesNotHoldIsIgnored() {
        givenRootAndChild();

        harness.feed(events.currentSet(uuid(99), CHILD));

        assertEquals(Optional.of(CHILD), current());
    }

    @Test
    void snapshotRenamedChangesTheNameTheIndexAndThePlaceAmongSiblings() {
        givenRootAndChild();
        harness.feed(events.revertCompleted(ROOT), events.started(OTHER, "other", ROOT), events.completed(OTHER));
        assertEquals(List.of(CHILD, OTHER), node(ROOT).children());

        harness.feed(events.renamed(CHILD, "child", "zebra"));

        assertEquals("zebra", node(CHILD).name());
        assertEquals(Optional.of(CHILD), queries.resolve(DOMAIN, "zebra").map(SnapshotNode::uuid));
        assertTrue(queries.resolve(DOMAIN, "child").isEmpty());
        assertEquals(List.of(OTHER, CHILD), node(ROOT).children());
    }

    @Test
    void snapshotDescribedChangesTheDescriptionAndNullRemovesIt() {
        givenRootAndChild();

        harness.feed(events.described(CHILD, "kernel 6.8 installed"));
        assertEquals("kernel 6.8 installed", node(CHILD).description());

        harness.feed(events.described(CHILD, null));
        assertNull(node(CHILD).description());
    }

    @Test
    void snapshotImportedAddsAReadyNodeWithTheGivenParentAndCreationTimeWithoutMovingCurrent() {
        givenRootAndChild();
        Instant takenLongAgo = Instant.parse("2020-01-01T00:00:00Z");

        harness.feed(events.imported(OTHER, 7, "adopted", ROOT, takenLongAgo));

        SnapshotNode adopted = node(OTHER);
        assertEquals(SnapshotState.READY, adopted.state());
        assertEquals(ROOT, adopted.parentUuid());
        assertEquals(takenLongAgo, adopted.creationTime());
        assertEquals(events.now(), adopted.completedTime());
        assertEquals(List.of(OTHER, CHILD), node(ROOT).children());
        assertEquals(Optional.of(OTHER), queries.resolve(DOMAIN, "7").map(SnapshotNode::uuid));
        assertEquals(Optional.of(CHILD), current());
    }

    @Test
    void snapshotImportedLiesInTheDevicesActiveImageAtThatPointOfTheHistory() {
        harness.feed(events.defined(), events.imageChanged("vda", events.vda(), "/images/vda.base.qcow2"));

        harness.feed(events.imported(OTHER, 7, "adopted", null, TestEvents.START));

        assertEquals(new SnapshotDevice("vda", DiskSnapshotMode.INTERNAL, "/images/vda.base.qcow2", ImageFormat.QCOW2,
                null), node(OTHER).devices().get(0));
    }

    @Test
    void snapshotImportedForAUuidTheTreeHoldsRedefinesItInPlaceAndKeepsItsChildren() {
        givenRootAndChild();
        harness.feed(events.revertCompleted(ROOT), events.started(OTHER, "other", ROOT), events.completed(OTHER));

        harness.feed(events.imported(CHILD, 2, "child-redefined", OTHER, TestEvents.START));

        SnapshotNode redefined = node(CHILD);
        assertEquals("child-redefined", redefined.name());
        assertEquals(OTHER, redefined.parentUuid());
        assertEquals(List.of(OTHER), node(ROOT).children());
        assertEquals(List.of(CHILD), node(OTHER).children());
        assertEquals("found on disk", redefined.description());
        assertTrue(queries.resolve(DOMAIN, "child").isEmpty());
    }

    @Test
    void driftAndDeviceWorkChangeNothingButTheHistory() {
        givenRootAndChild();
        List<SnapshotNode> snapshotsBefore = queries.list(DOMAIN, ListFilter.all());
        DomainView domainBefore = queries.domain(DOMAIN).orElseThrow();
        int entriesBefore = queries.history(HistoryQuery.everything()).size();

        harness.feed(events.drift(), events.merged(CHILD));

        assertEquals(snapshotsBefore, queries.list(DOMAIN, ListFilter.all()));
        assertEquals(domainBefore, queries.domain(DOMAIN).orElseThrow());
        List<HistoryEntry> history = queries.history(HistoryQuery.everything());
        assertEquals(List.of("DriftDetected", "DeviceSnapshotMerged"),
                history.subList(entriesBefore, history.size()).stream().map(HistoryEntry::type).toList());
    }

    @Test
    void everyEventLandsInTheHistoryWithItsSummaryAndJson() {
        harness.feed(events.defined(), events.started(ROOT, "root", null));

        List<HistoryEntry> history = queries.history(HistoryQuery.everything());

        assertEquals(List.of("DomainDefined", "SnapshotStarted"), history.stream().map(HistoryEntry::type).toList());
        HistoryEntry started = history.get(1);
        assertEquals(DOMAIN, started.domain());
        assertEquals(2, started.sequence());
        assertEquals(ROOT, started.snapshotUuid());
        assertEquals("alice", started.actor());
        assertEquals(events.operation(), started.correlationId());
        assertEquals(1, started.revision());
        assertEquals("root", started.event().get("name").asText());
    }
}
