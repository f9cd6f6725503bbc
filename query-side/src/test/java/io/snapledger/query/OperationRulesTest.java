package io.snapledger.query;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.query.OperationInFlight.Kind;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.snapledger.query.TestEvents.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The operation in flight on the domain record, one rule per test: given events already applied,
 * when one more is applied, then the domain shows this operation, or none.
 */
class OperationRulesTest {

    private static final String DOMAIN = "web01";
    private static final UUID ROOT = uuid(1);
    private static final UUID CHILD = uuid(2);

    @TempDir
    Path directory;

    private ProjectionHarness harness;
    private final TestEvents events = new TestEvents(DOMAIN);
    private final List<DomainEvent> fed = new ArrayList<>();

    @BeforeEach
    void open() {
        harness = new ProjectionHarness(directory.resolve("projection"));
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private void feed(DomainEvent... more) {
        fed.addAll(List.of(more));
        harness.feed(more);
    }

    /** A domain with a root and its child, child current, nothing in flight. */
    private void givenRootAndChild() {
        feed(events.defined(), events.started(ROOT, "root", null), events.completed(ROOT),
                events.started(CHILD, "child", ROOT), events.completed(CHILD));
    }

    private OperationInFlight operation() {
        return harness.queries().domain(DOMAIN).orElseThrow().operation();
    }

    private Instant lastEventTime() {
        return events.now();
    }

    @Test
    void snapshotStartedPutsATakeInFlight() {
        feed(events.defined());

        feed(events.started(ROOT, "root", null));

        assertEquals(new OperationInFlight(Kind.TAKE, ROOT, lastEventTime()), operation());
    }

    @Test
    void deviceWorkLeavesTheOperationInFlight() {
        feed(events.defined(), events.started(ROOT, "root", null));
        OperationInFlight take = operation();

        feed(events.prepared(ROOT, "vda", DiskSnapshotMode.INTERNAL, null), events.drift());

        assertEquals(take, operation());
    }

    @Test
    void snapshotCompletedEndsTheTake() {
        feed(events.defined(), events.started(ROOT, "root", null));

        feed(events.completed(ROOT));

        assertNull(operation());
    }

    @Test
    void snapshotAbortedEndsTheTake() {
        feed(events.defined(), events.started(ROOT, "root", null));

        feed(events.aborted(ROOT));

        assertNull(operation());
    }

    @Test
    void revertStartedPutsARevertInFlight() {
        givenRootAndChild();

        feed(events.revertStarted(ROOT, 1, CHILD));

        assertEquals(new OperationInFlight(Kind.REVERT, ROOT, lastEventTime()), operation());
    }

    @Test
    void revertCompletedEndsTheRevert() {
        givenRootAndChild();
        feed(events.revertStarted(ROOT, 1, CHILD));

        feed(events.revertCompleted(ROOT));

        assertNull(operation());
    }

    @Test
    void revertAbortedEndsTheRevert() {
        givenRootAndChild();
        feed(events.revertStarted(ROOT, 1, CHILD));

        feed(events.revertAborted(ROOT));

        assertNull(operation());
    }

    @Test
    void deletionStartedWithDeviceWorkPutsADeletionInFlight() {
        givenRootAndChild();

        feed(events.deletionStartedWithWork(CHILD, 2));

        assertEquals(new OperationInFlight(Kind.DELETE, CHILD, lastEventTime()), operation());
    }

    @Test
    void deletionStartedWithoutDeviceWorkPutsNothingInFlightBecauseItsCommandDeletesAtOnce() {
        givenRootAndChild();

        feed(events.deletionStarted(CHILD, DeleteMode.METADATA, List.of(CHILD)));

        assertNull(operation());
    }

    @Test
    void snapshotDeletedEndsTheDeletion() {
        givenRootAndChild();
        feed(events.deletionStartedWithWork(CHILD, 2), events.merged(CHILD));

        feed(events.deleted(CHILD));

        assertNull(operation());
    }

    @Test
    void deletionAbortedEndsTheDeletion() {
        givenRootAndChild();
        feed(events.deletionStartedWithWork(CHILD, 2));

        feed(events.deletionAborted(CHILD));

        assertNull(operation());
    }

    @Test
    void operationResumedKeepsTheOperationAndTheTimeItStarted() {
        givenRootAndChild();
        feed(events.revertStarted(ROOT, 1, CHILD));
        OperationInFlight revert = operation();

        feed(events.resumed(ROOT, "revert"));

        assertEquals(revert, operation());
    }

    @Test
    void operationResumedPutsTheOperationInFlightWhereNoneWasKnown() {
        givenRootAndChild();

        feed(events.resumed(ROOT, "revert"));

        assertEquals(new OperationInFlight(Kind.REVERT, ROOT, lastEventTime()), operation());
    }

    @Test
    void domainDefinedAgainAndDeviceImageChangedKeepTheOperationInFlight() {
        givenRootAndChild();
        feed(events.revertStarted(ROOT, 1, CHILD));
        OperationInFlight revert = operation();

        feed(events.defined(), events.imageChanged("vdb", events.vdb(), "/overlays/vdb.1.qcow2"));

        assertEquals(revert, operation());
    }

    @Test
    void aRebuildFindsTheSameOperationInFlight() {
        givenRootAndChild();
        feed(events.revertStarted(ROOT, 1, CHILD));
        OperationInFlight revert = operation();

        try (ProjectionRebuild rebuild = harness.projection().startRebuild()) {
            rebuild.applyAll(DomainSequences.positioned("rebuild", 1, fed));
            rebuild.finish();
        }

        assertEquals(revert, operation());
    }
}
