package io.snapledger.command.runtime;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.EditEvent.SnapshotRenamed;
import io.snapledger.events.EventMetadata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bulk appends leave the embedded store's file mostly old page copies; closing the runtime
 * compacts it to about its data, and nothing stored is lost. A real H2 file throughout.
 */
class StoreCompactionTest {

    private static final int EVENTS = 6_000;
    private static final int EVENTS_PER_COMMIT = 1_000;
    /** A threshold this short history passes; the default's 64 MiB takes a history of about 50,000 events. */
    private static final StoreCompaction SMALL_STORES_TOO = new StoreCompaction(1024 * 1024, 50, Long.MAX_VALUE, true);

    @TempDir
    Path home;

    @Test
    void givenAHistoryAppendedInLargeCommits_whenTheRuntimeCloses_thenTheFileShrinksToItsDataAndEveryEventReads()
            throws IOException, InterruptedException {
        List<DomainEvent> history = renames(EVENTS);
        StoreSpace bloated;
        try (TestRuntime runtime = TestRuntime.start(home)) {
            HistoryAppender.append(runtime.runtime.eventStore(), history, EVENTS_PER_COMMIT);
            runtime.awaitProjection(); // the event processors idle, as after an import, before the close
            bloated = runtime.runtime.storeSpace().orElseThrow();
            runtime.runtime.compactStoreOnClose(SMALL_STORES_TOO);
        }
        assertTrue(bloated.wasteBytes() > bloated.liveBytes(), "bulk appends leave more waste than data: " + bloated);

        long compacted = Files.size(home.resolve("store").resolve("events.mv.db"));

        assertTrue(compacted < bloated.fileBytes() / 2, compacted + " bytes after, " + bloated + " before");
        assertTrue(compacted <= bloated.liveBytes() * 5 / 4, compacted + " bytes after, about its data: " + bloated);
        try (TestRuntime reopened = TestRuntime.start(home)) {
            assertEquals(history, storedEvents(reopened));
            reopened.define();
            assertEquals(EVENTS + 1, reopened.runtime.storedEvents().count());
            StoreSpace space = reopened.runtime.storeSpace().orElseThrow();
            assertTrue(space.wasteBytes() < space.liveBytes(), "the reopened file is mostly data: " + space);
        }
    }

    @Test
    void givenTheStoreOfOrdinaryCommands_whenItCloses_thenTheDefaultThresholdKeepsItAPlainClose() throws IOException {
        StoreSpace before;
        try (TestRuntime runtime = TestRuntime.start(home)) {
            runtime.define();
            runtime.take("a");
            before = runtime.runtime.storeSpace().orElseThrow();
        }

        assertTrue(!StoreCompaction.ON_CLOSE.wanted(before), "an ordinary command's waste is far below the default: "
                + before);
    }

    private static List<DomainEvent> storedEvents(TestRuntime runtime) throws InterruptedException {
        List<DomainEvent> read = new ArrayList<>();
        runtime.runtime.storedEvents().readAll(page -> page.forEach(stored -> read.add(stored.event())));
        return read;
    }

    /** One domain's snapshots renamed over and over, each event with its own random identity, as imports write them. */
    private static List<DomainEvent> renames(int count) {
        List<DomainEvent> events = new ArrayList<>(count);
        UUID snapshot = UUID.randomUUID();
        for (int i = 0; i < count; i++) {
            events.add(new SnapshotRenamed("bulk01", snapshot, "name-" + i, "name-" + (i + 1),
                    new EventMetadata(UUID.randomUUID(), Instant.EPOCH.plusSeconds(i), "importer", null, UUID.randomUUID())));
        }
        return events;
    }
}
