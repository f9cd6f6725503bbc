package io.snapledger.command.runtime;

import io.snapledger.command.domain.Domain;
import io.snapledger.command.domain.DomainRuleException;
import io.snapledger.command.domain.ResumedOperation;
import io.snapledger.events.DomainEvent;
import io.snapledger.events.DomainLifecycleEvent.DomainDefined;
import io.snapledger.events.SnapshotCreationEvent;
import io.snapledger.events.SnapshotCreationEvent.SnapshotAborted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotCompleted;

import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The production Domain's state checkpoints, through the runtime on a real H2 store: a new
 * runtime (an empty cache, as in a new CLI process) loads a domain from its latest checkpoint and
 * the events after it, to the same state as from all its events; an operation in flight is part
 * of that state; a checkpoint of another state revision is never read.
 */
class DomainCheckpointTest {

    private static final int EVERY = 10;

    @TempDir
    Path home;

    @TempDir
    Path withoutCheckpoints;

    @Test
    void givenMoreEventsThanTheInterval_whenANewRuntimeLoadsTheDomain_thenFromItsCheckpointToTheStateOfAllItsEvents()
            throws IOException {
        List<UUID> chain;
        try (DomainRuntime first = DomainRuntime.start(home, EVERY)) {
            chain = aHistoryOfImportsAndEdits(first);
        }
        Map<String, String> checkpoint = theOnlyCheckpoint();
        assertEquals(Domain.STATE_REVISION, checkpoint.get("payloadrevision"));
        try (DomainRuntime noCheckpointTaken = DomainRuntime.start(home, 0)) {
            noCheckpointTaken.rename("s2", "second");
            noCheckpointTaken.describe("s3", "after the checkpoint");
        }
        copyStore(home, withoutCheckpoints);
        StoreTables.update(withoutCheckpoints, "DELETE FROM SnapshotEventEntry");
        String fromAllEvents;
        try (DomainRuntime reference = DomainRuntime.start(withoutCheckpoints, 0)) {
            assertEquals(DomainDefined.class, reference.loadStart().getPayloadType());
            fromAllEvents = reference.state();
        }

        try (DomainRuntime fresh = DomainRuntime.start(home, EVERY)) {
            DomainEventMessage<?> start = fresh.loadStart();
            assertEquals(Domain.class, start.getPayloadType(), "the load starts from the checkpoint");
            assertEquals(Long.parseLong(checkpoint.get("sequencenumber")), start.getSequenceNumber());

            assertEquals(fromAllEvents, fresh.state());
            assertEquals("NAME_TAKEN", refusal(() -> fresh.rename("s4", "second")).code());
            assertEquals("NO_SUCH_SNAPSHOT", refusal(() -> fresh.describe("s2", "renamed away")).code());
            fresh.importSnapshot("child-of-s5", chain.get(4));
            fresh.setCurrent("child-of-s5");
        }
    }

    @Test
    void givenASnapshotInFlightWhenTheCheckpointIsTaken_whenANewRuntimeResumesIt_thenItIsUndoneAndTheNextOneTaken()
            throws IOException {
        try (DomainRuntime setup = DomainRuntime.start(home, 0)) {
            setup.define();
            UUID parent = null;
            for (int i = 1; i <= EVERY; i++) {
                parent = setup.importSnapshot("s" + i, parent);
            }
        }
        UUID inFlight;
        try (DomainRuntime dying = DomainRuntime.withoutDeviceWork(home, EVERY)) {
            inFlight = dying.take("in-flight");
        }
        assertEquals(String.valueOf(EVERY + 1), theOnlyCheckpoint().get("sequencenumber"),
                "the checkpoint holds the snapshot started (the last event)");

        try (DomainRuntime after = DomainRuntime.start(home, EVERY, new MeetingDeviceWriter(1))) {
            assertEquals(Domain.class, after.loadStart().getPayloadType());
            assertEquals(new ResumedOperation(inFlight, "take", List.of()), after.resume());
            assertEquals(SnapshotAborted.class, awaitEnd(after, inFlight).getClass());

            UUID next = after.take("next");
            assertEquals(SnapshotCompleted.class, awaitEnd(after, next).getClass());
        }
    }

    @Test
    void givenACheckpointOfAnotherStateRevision_whenANewRuntimeLoadsTheDomain_thenFromAllItsEventsAndANewCheckpoint() {
        String state;
        try (DomainRuntime first = DomainRuntime.start(home, EVERY)) {
            aHistoryOfImportsAndEdits(first);
            state = first.state();
        }
        // as if written by an older Domain whose state read differently: were it read, s1 would be 'ghost'
        Map<String, String> old = theOnlyCheckpoint();
        StoreTables.update(home, "UPDATE SnapshotEventEntry SET payloadRevision = ?, payload = ?", "0",
                old.get("payload").replace("\"name\":\"s1\"", "\"name\":\"ghost\"").getBytes(StandardCharsets.UTF_8));

        try (DomainRuntime fresh = DomainRuntime.start(home, EVERY)) {
            assertEquals(DomainDefined.class, fresh.loadStart().getPayloadType(), "the checkpoint is passed over");
            assertEquals(state, fresh.state());
            assertEquals("NO_SUCH_SNAPSHOT", refusal(() -> fresh.rename("ghost", "g")).code());
            fresh.rename("s1", "first");
        }
        assertEquals(Domain.STATE_REVISION, theOnlyCheckpoint().get("payloadrevision"),
                "the load from all events wrote a checkpoint of the current revision in its place");
    }

    /** 1 definition, 6 imports in a chain, 6 descriptions and a current: more events than {@link #EVERY}. */
    private static List<UUID> aHistoryOfImportsAndEdits(DomainRuntime runtime) {
        runtime.define();
        List<UUID> chain = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            chain.add(runtime.importSnapshot("s" + i, chain.isEmpty() ? null : chain.get(chain.size() - 1)));
            runtime.describe("s" + i, "snapshot " + i);
        }
        runtime.setCurrent("s4");
        return chain;
    }

    private Map<String, String> theOnlyCheckpoint() {
        List<Map<String, String>> rows = StoreTables.query(home,
                "SELECT sequenceNumber, payloadRevision, payload FROM SnapshotEventEntry");
        assertEquals(1, rows.size(), "one checkpoint row: " + rows);
        return rows.get(0);
    }

    private static DomainRuleException refusal(Runnable command) {
        return assertThrows(DomainRuleException.class, command::run);
    }

    private static DomainEvent awaitEnd(DomainRuntime runtime, UUID snapshot) {
        return await().atMost(TestRuntime.WAIT).until(() -> endOf(runtime, snapshot), Optional::isPresent)
                .orElseThrow();
    }

    private static Optional<DomainEvent> endOf(DomainRuntime runtime, UUID snapshot) {
        return runtime.history.delivered().stream()
                .filter(event -> event instanceof SnapshotCompleted || event instanceof SnapshotAborted)
                .filter(event -> ((SnapshotCreationEvent) event).snapshotUuid().equals(snapshot))
                .findFirst();
    }

    /** The closed store's files, copied as they are: the same history, to be read another way. */
    private static void copyStore(Path from, Path to) throws IOException {
        Path store = Files.createDirectories(to.resolve("store"));
        try (Stream<Path> files = Files.list(from.resolve("store"))) {
            for (Path file : files.toList()) {
                Files.copy(file, store.resolve(file.getFileName()));
            }
        }
    }
}
