package io.snapledger.query;

import io.snapledger.events.DomainEvent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The canonical dump: the same bytes for the same events, whatever the source, batching or restarts. */
class DumpTest {

    @TempDir
    Path embedded;

    @TempDir
    Path rebuilt;

    private final SnapshotScript web = new SnapshotScript(new TestEvents("web01"));
    private final SnapshotScript db = new SnapshotScript(new TestEvents("db01"));

    /** Both domains' histories, interleaved as one event store would hold them. */
    private List<DomainEvent> interleaved(List<DomainEvent> first, List<DomainEvent> second) {
        List<DomainEvent> all = new ArrayList<>();
        for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
            if (i < first.size()) {
                all.add(first.get(i));
            }
            if (i < second.size()) {
                all.add(second.get(i));
            }
        }
        return all;
    }

    private List<DomainEvent> webEvents() {
        List<DomainEvent> events = new ArrayList<>(web.virshSessionTree());
        events.addAll(web.delete("b"));
        events.addAll(web.deleteWithChildren("Zed"));
        events.add(web.events().renamed(web.uuid("root"), "root", "base"));
        return events;
    }

    private List<DomainEvent> dbEvents() {
        List<DomainEvent> events = new ArrayList<>(db.virshSessionTree());
        events.addAll(db.deleteChildrenOnly("root"));
        return events;
    }

    @Test
    void theEmbeddedProjectionAndOneRebuiltPerPartitionDumpTheSameBytes() {
        List<DomainEvent> webEvents = webEvents();
        List<DomainEvent> dbEvents = dbEvents();
        String fromEventStore;
        try (ProjectionHarness store = new ProjectionHarness(embedded)) {
            store.feed(interleaved(webEvents, dbEvents));
            fromEventStore = store.projection().dump();
        }

        String fromKafka;
        try (SnapshotProjection projection = SnapshotProjection.open(rebuilt)) {
            feedPartition(projection, "kafka:events-0", dbEvents, 40);
            feedPartition(projection, "kafka:events-1", webEvents, 7);
            fromKafka = projection.dump();
        }

        assertEquals(fromEventStore, fromKafka);
        assertTrue(fromEventStore.contains("\"base\""), "the dump holds the data");
    }

    /** One partition, consumed in batches of the given size. */
    private static void feedPartition(SnapshotProjection projection, String source, List<DomainEvent> events,
                                      int batchSize) {
        DomainSequences sequences = new DomainSequences();
        for (int start = 0; start < events.size(); start += batchSize) {
            List<PositionedEvent> batch = new ArrayList<>();
            for (int i = start; i < Math.min(events.size(), start + batchSize); i++) {
                batch.add(sequences.at(ProjectionPosition.of(source, i), events.get(i)));
            }
            projection.applyAll(batch);
        }
    }

    @Test
    void theDumpIsTheSameAfterARestart() {
        try (ProjectionHarness store = new ProjectionHarness(embedded)) {
            store.feed(webEvents());
            String before = store.projection().dump();

            store.reopen();

            assertEquals(before, store.projection().dump());
        }
    }

    @Test
    void theDumpLeavesOutThePositions() {
        List<DomainEvent> events = dbEvents();
        try (ProjectionHarness one = new ProjectionHarness(embedded);
             SnapshotProjection other = SnapshotProjection.open(rebuilt)) {
            one.feed(events);
            feedPartition(other, "kafka:elsewhere", events, 1000);

            assertEquals(one.projection().dump(), other.dump());
            assertFalse(other.dump().contains("kafka:elsewhere"));
        }
    }

    @Test
    void everyObjectInTheDumpHasItsPropertiesSortedAndLinesEndInNewlines() throws Exception {
        try (ProjectionHarness store = new ProjectionHarness(embedded)) {
            store.feed(webEvents());
            String dump = store.projection().dump();

            assertFalse(dump.contains("\r"));
            assertTrue(dump.endsWith("}\n"));
            assertSorted(new ObjectMapper().readTree(dump));
        }
    }

    private static void assertSorted(JsonNode node) {
        if (node.isObject()) {
            String previous = "";
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                assertTrue(previous.compareTo(name) < 0, previous + " before " + name);
                previous = name;
                assertSorted(node.get(name));
            }
        } else if (node.isArray()) {
            node.forEach(DumpTest::assertSorted);
        }
    }
}
