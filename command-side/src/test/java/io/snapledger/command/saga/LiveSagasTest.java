package io.snapledger.command.saga;

import io.snapledger.events.DeletionEvent.DeletionStarted;
import io.snapledger.events.EventMetadata;
import io.snapledger.events.RecoveryEvent.OperationResumed;
import io.snapledger.events.RevertEvent.DeviceReverted;
import io.snapledger.events.RevertEvent.RevertStarted;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotCompensated;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotFailed;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.events.command.AbortSnapshot;
import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.command.CompensateLiveOverlays;
import io.snapledger.events.command.CompensateLiveSnapshot;
import io.snapledger.events.command.DeleteLiveSnapshots;
import io.snapledger.events.command.LoadLiveSnapshot;
import io.snapledger.events.command.SaveLiveSnapshot;
import io.snapledger.events.command.SwitchLiveOverlays;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.LiveRevert;
import io.snapledger.events.model.LiveTag;
import io.snapledger.events.model.MemoryPlan;
import io.snapledger.events.model.SnapshotOnDevice;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A running domain's operations: one live step for every device, and its undo, instead of one per device. */
class LiveSagasTest {
    static final String DOMAIN = "web01";
    static final UUID SNAP = new UUID(1, 1);
    static final UUID OPERATION = new UUID(7, 7);
    static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");
    static final EventMetadata META = new EventMetadata(new UUID(9, 9), AT, "alice", null, OPERATION);
    static final CommandMetadata CMD = new CommandMetadata("alice", null, OPERATION);
    static final DeviceLocation VDA = DeviceLocation.internal("vda", "/i/vda.qcow2");
    static final DeviceLocation VDB = DeviceLocation.internal("vdb", "/i/vdb.qcow2");
    static final DeviceLocation VDA_EXT = DeviceLocation.external("vda", "/i/vda.qcow2", ImageFormat.QCOW2, "/i/vda.d.qcow2");
    static final DeviceLocation VDB_EXT = DeviceLocation.external("vdb", "/i/vdb.qcow2", ImageFormat.QCOW2, "/i/vdb.d.qcow2");

    static SnapshotStarted withMemory() {
        return new SnapshotStarted(DOMAIN, SNAP, 3, "s", null, null, MemoryPlan.internal(),
                List.of(DevicePlan.internal("vda"), DevicePlan.internal("vdb")), List.of(VDA, VDB), true, META);
    }

    static SnapshotStarted diskOnly() {
        return new SnapshotStarted(DOMAIN, SNAP, 3, "d", null, null, MemoryPlan.none(),
                List.of(DevicePlan.external("vda", VDA_EXT.overlay()), DevicePlan.external("vdb", VDB_EXT.overlay())),
                List.of(VDA_EXT, VDB_EXT), true, META);
    }

    @Test
    void aSnapshotWithMemoryIsOneSaveAndItsFailureOneUndo() {
        SagaTestFixture<SnapshotSaga> fixture = new SagaTestFixture<>(SnapshotSaga.class);
        fixture.givenNoPriorActivity().whenPublishingA(withMemory())
                .expectDispatchedCommands(new SaveLiveSnapshot(DOMAIN, SNAP, "s", List.of("vda", "vdb"), AT, CMD));
        fixture = new SagaTestFixture<>(SnapshotSaga.class);
        fixture.givenAPublished(withMemory())
                .andThenAPublished(new DeviceSnapshotFailed(DOMAIN, SNAP, "vda", "JOB_FAILED", "job failed", META))
                .whenPublishingA(new DeviceSnapshotFailed(DOMAIN, SNAP, "vdb", "JOB_FAILED", "job failed", META))
                .expectDispatchedCommands(new CompensateLiveSnapshot(DOMAIN, SNAP, "s", List.of("vda", "vdb"), AT, CMD));
        fixture = new SagaTestFixture<>(SnapshotSaga.class);
        fixture.givenAPublished(withMemory())
                .andThenAPublished(new DeviceSnapshotFailed(DOMAIN, SNAP, "vda", "JOB_FAILED", "job failed", META))
                .andThenAPublished(new DeviceSnapshotFailed(DOMAIN, SNAP, "vdb", "JOB_FAILED", "job failed", META))
                .andThenAPublished(new DeviceSnapshotCompensated(DOMAIN, SNAP, "vda", META))
                .whenPublishingA(new DeviceSnapshotCompensated(DOMAIN, SNAP, "vdb", META))
                .expectDispatchedCommands(new AbortSnapshot(DOMAIN, SNAP,
                        "device vda failed (JOB_FAILED): job failed", CMD));
    }

    @Test
    void aDiskOnlySnapshotIsOneTransactionAndARestartUndoesIt() {
        SagaTestFixture<SnapshotSaga> fixture = new SagaTestFixture<>(SnapshotSaga.class);
        fixture.givenNoPriorActivity().whenPublishingA(diskOnly()).expectDispatchedCommands(
                new SwitchLiveOverlays(DOMAIN, SNAP, 3, "d", null, List.of(VDA_EXT, VDB_EXT), AT, CMD));
        fixture = new SagaTestFixture<>(SnapshotSaga.class);
        fixture.givenAPublished(diskOnly()).whenPublishingA(new OperationResumed(DOMAIN, SNAP, "take", META))
                .expectDispatchedCommands(new CompensateLiveOverlays(DOMAIN, SNAP, List.of(VDA_EXT, VDB_EXT), CMD));
    }

    static SnapshotStarted checkpoint() {
        return new SnapshotStarted(DOMAIN, SNAP, 3, "c", null, null, MemoryPlan.external("/i/vda.c.vmstate"),
                List.of(DevicePlan.external("vda", VDA_EXT.overlay()), DevicePlan.external("vdb", VDB_EXT.overlay())),
                List.of(VDA_EXT, VDB_EXT), true, META);
    }

    @Test
    void anExternalCheckpointIsOneStepWithItsMemoryFileAndItsUndoRemovesThatFileToo() {
        SagaTestFixture<SnapshotSaga> fixture = new SagaTestFixture<>(SnapshotSaga.class);
        fixture.givenNoPriorActivity().whenPublishingA(checkpoint()).expectDispatchedCommands(
                new SwitchLiveOverlays(DOMAIN, SNAP, 3, "c", null, List.of(VDA_EXT, VDB_EXT), AT, "/i/vda.c.vmstate",
                        CMD));
        fixture = new SagaTestFixture<>(SnapshotSaga.class);
        fixture.givenAPublished(checkpoint())
                .andThenAPublished(new DeviceSnapshotFailed(DOMAIN, SNAP, "vda", "INJECTED", "x", META))
                .whenPublishingA(new DeviceSnapshotFailed(DOMAIN, SNAP, "vdb", "INJECTED", "x", META))
                .expectDispatchedCommands(new CompensateLiveOverlays(DOMAIN, SNAP, List.of(VDA_EXT, VDB_EXT),
                        "/i/vda.c.vmstate", CMD));
        fixture = new SagaTestFixture<>(SnapshotSaga.class);
        fixture.givenAPublished(checkpoint()).whenPublishingA(new OperationResumed(DOMAIN, SNAP, "take", META))
                .expectDispatchedCommands(new CompensateLiveOverlays(DOMAIN, SNAP, List.of(VDA_EXT, VDB_EXT),
                        "/i/vda.c.vmstate", CMD));
    }

    @Test
    void aLiveRevertIsOneLoadThatTheAggregateCompletesAndARestartLoadsAgain() {
        LiveRevert live = new LiveRevert("s", "vda", false);
        RevertStarted started = new RevertStarted(DOMAIN, SNAP, 3, null, List.of(DevicePlan.internal("vda"),
                DevicePlan.internal("vdb")), List.of(VDA, VDB), live, META);
        LoadLiveSnapshot load = new LoadLiveSnapshot(DOMAIN, SNAP, live, List.of("vda", "vdb"), CMD);
        SagaTestFixture<RevertSaga> fixture = new SagaTestFixture<>(RevertSaga.class);
        fixture.givenNoPriorActivity().whenPublishingA(started).expectDispatchedCommands(load);
        fixture = new SagaTestFixture<>(RevertSaga.class);
        fixture.givenAPublished(started).andThenAPublished(new DeviceReverted(DOMAIN, SNAP, "vda", null, META))
                .whenPublishingA(new DeviceReverted(DOMAIN, SNAP, "vdb", null, META)).expectNoDispatchedCommands();
        fixture = new SagaTestFixture<>(RevertSaga.class);
        fixture.givenAPublished(started).whenPublishingA(new OperationResumed(DOMAIN, SNAP, "revert", META))
                .expectDispatchedCommands(load);
    }

    @Test
    void aLiveDeletionIsOneDeleteStepWithoutChecks() {
        List<LiveTag> tags = List.of(new LiveTag(SNAP, "s"));
        DeletionStarted started = new DeletionStarted(DOMAIN, SNAP, DeleteMode.MERGE, List.of(SNAP),
                List.of(new SnapshotOnDevice(SNAP, 3, VDA), new SnapshotOnDevice(SNAP, 3, VDB)), Map.of(), tags, META);
        SagaTestFixture<DeletionSaga> fixture = new SagaTestFixture<>(DeletionSaga.class);
        fixture.givenNoPriorActivity().whenPublishingA(started)
                .expectDispatchedCommands(new DeleteLiveSnapshots(DOMAIN, SNAP, tags, List.of("vda", "vdb"), CMD));
    }
}
