package io.snapledger.query;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.snapledger.query.TestEvents.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A store left by another format is cleared when opened, so its adapter rebuilds it from the events. */
class StoreFormatTest {

    @TempDir
    Path directory;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A store as an earlier version left it: no format marker, a family this version does not know. */
    private void givenAStoreOfAnotherFormat() throws RocksDBException {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (String family : List.of("default", "positions", "nodes", "events")) {
            descriptors.add(new ColumnFamilyDescriptor(bytes(family)));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
             RocksDB db = RocksDB.open(options, directory.toString(), descriptors, handles)) {
            db.put(handles.get(1), bytes("axon:projection"), new byte[8]);
            db.put(handles.get(2), bytes("web01\0whatever"), bytes("{\"not\":\"a node\"}"));
            db.put(handles.get(3), bytes("an event id"), bytes("a history key"));
            handles.forEach(ColumnFamilyHandle::close);
        }
    }

    @Test
    void aStoreOfAnotherFormatOpensClearedWithoutPositionsOrFamiliesOfItsOwn() throws RocksDBException {
        givenAStoreOfAnotherFormat();

        try (SnapshotProjection projection = SnapshotProjection.open(directory)) {
            assertEquals(List.of(), projection.positions());
            assertEquals(List.of(), projection.queries().list("web01", ListFilter.all()));
            TestEvents events = new TestEvents("web01");
            assertTrue(projection.apply(new PositionedEvent(ProjectionPosition.of("axon:projection", 0),
                    events.defined(), 0)));
        }
        try (Options options = new Options()) {
            List<String> families = RocksDB.listColumnFamilies(options, directory.toString()).stream()
                    .map(name -> new String(name, StandardCharsets.UTF_8)).toList();
            assertTrue(!families.contains("events"), families.toString());
            assertTrue(families.contains("links"), families.toString());
        }
    }

    @Test
    void aStoreOfThisFormatKeepsItsDataWhenOpenedAgainAlsoAfterAReset() {
        TestEvents events = new TestEvents("web01");
        try (SnapshotProjection projection = SnapshotProjection.open(directory)) {
            projection.apply(new PositionedEvent(ProjectionPosition.of("s", 1), events.defined(), 0));
            projection.reset();
            projection.apply(new PositionedEvent(ProjectionPosition.of("s", 1), events.started(uuid(1), "one", null), 1));
        }

        try (SnapshotProjection reopened = SnapshotProjection.open(directory)) {
            assertEquals(Optional.of(1L), reopened.position("s").map(ProjectionPosition::sequence));
            assertEquals(List.of("one"),
                    reopened.queries().list("web01", ListFilter.all()).stream().map(SnapshotNode::name).toList());
        }
    }
}
