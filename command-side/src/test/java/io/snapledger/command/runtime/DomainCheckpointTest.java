package io.snapledger.command.runtime;

import io.snapledger.command.domain.Domain;
import io.snapledger.command.domain.DomainRuleException;
import io.snapledger.command.domain.ResumedOperation;
import io.snapledger.events.DeletionEvent.DeletionAborted;
import io.snapledger.events.DeletionEvent.SnapshotDeleted;
import io.snapledger.events.DomainEvent;
import io.snapledger.events.DomainLifecycleEvent.DomainDefined;
import io.snapledger.events.SnapshotCreationEvent;
import io.snapledger.events.SnapshotCreationEvent.SnapshotAborted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotCompleted;
import io.snapledger.events.model.DeleteMode;

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
    void givenASnapshotInFlightWhenTheCheckpointIsTaken_whenANewRuntimeResumesIt_thenItIsUndoneAndTheNextOneTaken() {
        aChainOfImports(EVERY);
        UUID inFlight;
        try (DomainRuntime dying = DomainRuntime.withoutDeviceWork(home, EVERY)) {
            inFlight = dying.take("in-flight");
        }
        assertEquals(String.valueOf(EVERY + 1), theOnlyCheckpoint().get("sequencenumber"),
                "the checkpoint holds the snapshot started (the last event)");

        try (DomainRuntime after = DomainRuntime.start(home, EVERY, new MeetingDeviceWriter(1))) {
            assertEquals(Domain.class, after.loadStart().getPayloadType());
            assertEquals(new ResumedOperation(inFlight, "take", List.of()), after.resume());
            assertEquals(SnapshotAborted.class, awaitEvent(after, SnapshotAborted.class, inFlight).getClass());

            UUID next = after.take("next");
            assertEquals(SnapshotCompleted.class, awaitEvent(after, SnapshotCompleted.class, next).getClass());
        }
    }

    @Test
    void givenADeletionInFlightWhenTheCheckpointIsTaken_whenANewRuntimeResumesIt_thenItIsCalledOffAndCanBeDoneAgain() {
        List<UUID> chain = aChainOfImports(EVERY);
        List<UUID> subtree = chain.subList(EVERY - 3, EVERY);
        try (DomainRuntime dying = DomainRuntime.withoutDeviceWork(home, EVERY)) {
            dying.delete("s" + (EVERY - 2), DeleteMode.CHILDREN);
        }
        assertEquals(String.valueOf(EVERY + 1), theOnlyCheckpoint().get("sequencenumber"),
                "the checkpoint holds the deletion started (the last event)");

        try (DomainRuntime after = DomainRuntime.start(home, EVERY, new MeetingDeviceWriter(1))) {
            assertEquals(Domain.class, after.loadStart().getPayloadType());
            assertEquals(new ResumedOperation(subtree.get(0), "delete", subtree), after.resume());
            awaitEvent(after, DeletionAborted.class, subtree.get(0));

            after.delete("s" + (EVERY - 2), DeleteMode.CHILDREN);
            subtree.forEach(gone -> awaitEvent(after, SnapshotDeleted.class, gone));
            assertEquals("NO_SUCH_SNAPSHOT", refusal(() -> after.rename("s" + EVERY, "kept")).code());
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

    /** A domain with {@code count} imported snapshots, each the child of the one before, and no checkpoint. */
    private List<UUID> aChainOfImports(int count) {
        List<UUID> chain = new ArrayList<>();
        try (DomainRuntime setup = DomainRuntime.start(home, 0)) {
            setup.define();
            for (int i = 1; i <= count; i++) {
                chain.add(setup.importSnapshot("s" + i, chain.isEmpty() ? null : chain.get(i - 2)));
            }
        }
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

    /** The first event of this type about this snapshot the runtime's history handler receives. */
    private static DomainEvent awaitEvent(DomainRuntime runtime, Class<? extends DomainEvent> type, UUID snapshot) {
        return await().atMost(TestRuntime.WAIT).until(() -> runtime.history.delivered().stream()
                        .filter(type::isInstance)
                        .filter(event -> snapshot.equals(snapshotOf(event)))
                        .findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    private static UUID snapshotOf(DomainEvent event) {
        if (event instanceof SnapshotCreationEvent creation) {
            return creation.snapshotUuid();
        }
        if (event instanceof DeletionAborted aborted) {
            return aborted.snapshotUuid();
        }
        if (event instanceof SnapshotDeleted deleted) {
            return deleted.snapshotUuid();
        }
        throw new IllegalArgumentException("not about one snapshot: " + event);
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
