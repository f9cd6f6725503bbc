package io.snapledger.command.runtime;

import io.snapledger.events.model.DeviceLocation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A saga keeps its state in the JDBC saga store, committed with the events it handled, across a restart. */
class SagaRestartTest {

    @TempDir
    Path home;

    @Test
    void aSagaStartedBeforeARestartEndsAfterItWithTheStateItHadKept() {
        UUID snapshot;
        try (TestRuntime before = TestRuntime.start(home)) {
            before.define();
            snapshot = before.take("before-upgrade");
            assertTrue(before.sagas.hasStarted(snapshot));
            assertNull(before.sagas.endedWith(snapshot));
        }
        assertEquals(1, StoreTables.query(home, "SELECT sagaId FROM SagaEntry").size(), "the saga is stored");

        try (TestRuntime after = TestRuntime.start(home)) {
            after.abort(snapshot);

            assertEquals(new SagaProbe.Remembered("web01", "before-upgrade", List.of(
                            DeviceLocation.internal("vda", "/images/web01-vda.qcow2"),
                            DeviceLocation.internal("vdb", "/images/web01-vdb.qcow2"))),
                    after.sagas.endedWith(snapshot));
        }
        assertEquals(List.of(), StoreTables.query(home, "SELECT sagaId FROM SagaEntry"), "an ended saga is gone");
        assertEquals(List.of(), StoreTables.query(home, "SELECT sagaId FROM AssociationValueEntry"));
    }

    @Test
    void aSagaDoesNotReplayHistoryThatWasWrittenBeforeItsFirstStart() {
        UUID snapshot;
        RuntimeSettings withoutSagas = TestRuntime.settings(home, 0).withModule(new CommandSideModule(
                List.of(new CommandSideModule.Aggregate(TestDomain.class, 0)), List.of(), List.of()));
        try (TestRuntime before = TestRuntime.start(withoutSagas)) {
            before.define();
            snapshot = before.take("before-sagas-existed");
        }
        try (TestRuntime after = TestRuntime.start(home)) {
            UUID later = after.take("with-sagas");

            assertTrue(after.sagas.hasStarted(later));
            assertFalse(after.sagas.hasStarted(snapshot));
        }
    }
}
