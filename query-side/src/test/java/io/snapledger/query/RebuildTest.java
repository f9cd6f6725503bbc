package io.snapledger.query;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.model.DeleteMode;

import org.junit.jupiter.api.Test;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A rebuild from a whole history ends where applying the same events one at a time ends, byte for byte. */
class RebuildTest {

    private static final String SOURCE = "test:rebuild";

    @TempDir
    Path incremental;

    @TempDir
    Path rebuilt;

    private final SnapshotScript web = new SnapshotScript(new TestEvents("web01"));
    private final SnapshotScript db = new SnapshotScript(new TestEvents("db01"));
    private final SnapshotScript gone = new SnapshotScript(new TestEvents("gone01"));

    /** Every kind of rule: trees, deletes of each mode, renames, imports, drift, an undefined and redefined domain, a duplicate. */
    private List<DomainEvent> history() {
        List<DomainEvent> events = new ArrayList<>(web.virshSessionTree());
        events.addAll(db.virshSessionTree());
        events.addAll(gone.virshSessionTree());
        events.addAll(web.delete("b"));
        events.addAll(web.deleteWithChildren("Zed"));
        events.addAll(db.deleteChildrenOnly("root"));
        events.addAll(db.revert("root"));
        TestEvents edits = web.events();
        events.add(edits.renamed(web.uuid("root"), "root", "base"));
        events.add(edits.described(web.uuid("root"), "the first one"));
        events.add(edits.imported(TestEvents.uuid(900), 900, "adopted", web.uuid("root"), Instant.EPOCH));
        events.add(edits.deletionStarted(TestEvents.uuid(900), DeleteMode.METADATA, List.of(TestEvents.uuid(900))));
        events.add(edits.deletionAborted(TestEvents.uuid(900)));
        events.add(edits.drift());
        events.add(gone.events().undefined());
        events.add(events.get(3)); // delivered twice: dropped by its aggregate sequence
        events.addAll(gone.define());
        events.addAll(gone.take("again"));
        return events;
    }

    @Test
    void givenAWholeHistory_whenRebuilt_thenTheStoreDumpsTheBytesOfOneFedAnEventAtATime() {
        List<DomainEvent> events = history();
        String expected;
        try (SnapshotProjection projection = SnapshotProjection.open(incremental)) {
            positioned(events).forEach(projection::apply);
            expected = projection.dump();
        }

        try (SnapshotProjection projection = SnapshotProjection.open(rebuilt)) {
            rebuildInBatches(projection, events, 4);

            assertEquals(expected, projection.dump());
            assertEquals(Optional.of(events.size()), projection.position(SOURCE).map(p -> (int) p.sequence()));
        }
        assertTrue(expected.contains("\"adopted\"") && expected.contains("\"again\""), "the dump holds the data");
    }

    @Test
    void givenAStoreWithOtherData_whenRebuilt_thenNothingOfTheOldDataRemains() {
        List<DomainEvent> events = history();
        List<DomainEvent> old = new SnapshotScript(new TestEvents("old01")).virshSessionTree();
        String expected;
        try (SnapshotProjection projection = SnapshotProjection.open(incremental)) {
            rebuildInBatches(projection, events, 6);
            expected = projection.dump();
        }
        try (SnapshotProjection projection = SnapshotProjection.open(rebuilt)) {
            rebuildInBatches(projection, old, 6);
        }

        try (SnapshotProjection reopened = SnapshotProjection.open(rebuilt)) { // the old data is in files now
            rebuildInBatches(reopened, events, 6);

            assertEquals(expected, reopened.dump());
        }
    }

    /** Old files go at once, level 0 too (where the overlapping history runs land), not through compactions. */
    @Test
    void givenAStoreRebuiltBefore_whenARebuildStarts_thenNoTableFileOfTheOldDataRemains() throws RocksDBException {
        try (SnapshotProjection projection = SnapshotProjection.open(rebuilt)) {
            rebuildInBatches(projection, history(), 6);
        }
        assertTrue(tableFilesOf(rebuilt, Family.HISTORY) > 1, "the history is in several files");

        try (SnapshotProjection reopened = SnapshotProjection.open(rebuilt)) {
            reopened.startRebuild().close();
        }

        for (Family family : Family.values()) {
            if (family != Family.DEFAULT && family != Family.POSITIONS) {
                assertEquals(0, tableFilesOf(rebuilt, family), family.familyName());
            }
        }
    }

    @Test
    void givenAFinishedRebuild_whenTheStoreIsOpenedAgain_thenEverythingIsThere() {
        List<DomainEvent> events = history();
        String dump;
        try (SnapshotProjection projection = SnapshotProjection.open(rebuilt)) {
            rebuildInBatches(projection, events, 10);
            dump = projection.dump();
        }

        try (SnapshotProjection reopened = SnapshotProjection.open(rebuilt)) {
            assertEquals(dump, reopened.dump());
            assertEquals(events.size(), reopened.position(SOURCE).orElseThrow().sequence());
        }
    }

    @Test
    void givenAHistoryWithAnEventDeliveredTwice_whenCounted_thenEachEventIsRecordedOnce() {
        List<DomainEvent> events = history();
        try (SnapshotProjection projection = SnapshotProjection.open(rebuilt)) {
            rebuildInBatches(projection, events, 4);

            assertEquals(events.size() - 1, projection.queries().recordedEvents());
        }
    }

    @Test
    void givenARebuildClosedBeforeItFinished_thenTheStoreHoldsNoPositionSoItsAdapterRebuildsFromScratch() {
        List<DomainEvent> events = history();
        try (SnapshotProjection projection = SnapshotProjection.open(rebuilt)) {
            projection.apply(positioned(events).get(0));
            try (ProjectionRebuild rebuild = projection.startRebuild(3)) {
                rebuild.applyAll(positioned(events).subList(0, 20));
            }

            assertEquals(List.of(), projection.positions());
        }
    }

    @Test
    void givenARebuildUnderWay_whenAnAdapterAppliesAnEvent_thenItIsRefusedUntilTheRebuildEnds() {
        List<DomainEvent> events = history();
        try (SnapshotProjection projection = SnapshotProjection.open(rebuilt)) {
            try (ProjectionRebuild rebuild = projection.startRebuild()) {
                IllegalStateException refused = assertThrows(IllegalStateException.class,
                        () -> projection.apply(positioned(events).get(0)));
                assertTrue(refused.getMessage().contains("is being rebuilt"), refused.getMessage());
                rebuild.applyAll(positioned(events).subList(0, 1));
                rebuild.finish();
            }

            assertTrue(projection.apply(positioned(events).get(1)));
        }
    }

    /** Through a rebuild that loads its history in runs of a few entries, fed in batches of {@code size}. */
    private static void rebuildInBatches(SnapshotProjection projection, List<DomainEvent> events, int size) {
        List<PositionedEvent> positioned = positioned(events);
        try (ProjectionRebuild rebuild = projection.startRebuild(2_000)) {
            for (int start = 0; start < positioned.size(); start += size) {
                rebuild.applyAll(positioned.subList(start, Math.min(positioned.size(), start + size)));
            }
            rebuild.finish();
        }
    }

    /** How many table files of the closed store at {@code directory} hold the family's data. */
    private static long tableFilesOf(Path directory, Family family) throws RocksDBException {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        try (Options options = new Options()) {
            RocksDB.listColumnFamilies(options, directory.toString())
                    .forEach(name -> descriptors.add(new ColumnFamilyDescriptor(name)));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions();
             RocksDB db = RocksDB.openReadOnly(options, directory.toString(), descriptors, handles)) {
            try {
                return db.getLiveFilesMetaData().stream()
                        .filter(file -> Arrays.equals(file.columnFamilyName(), family.nameBytes())).count();
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
        }
    }

    /** The events at positions 1, 2, ..., each with its domain's aggregate sequence. */
    private static List<PositionedEvent> positioned(List<DomainEvent> events) {
        return DomainSequences.positioned(SOURCE, 1, events);
    }
}
