package io.snapledger.command.saga;

import io.snapledger.events.EventMetadata;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotCompensated;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotFailed;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotPrepared;
import io.snapledger.events.SnapshotCreationEvent.SnapshotCompleted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.events.command.AbortSnapshot;
import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.command.CompensateDeviceSnapshot;
import io.snapledger.events.command.PrepareDeviceSnapshot;
import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.MemoryPlan;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

class SnapshotSagaTest {
    static final String DOMAIN = "web01";
    static final UUID SNAP = new UUID(1, 1);
    static final UUID OPERATION = new UUID(7, 7);
    static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");
    static final EventMetadata META = new EventMetadata(new UUID(9, 9), AT, "alice", null, OPERATION);
    static final CommandMetadata CMD = new CommandMetadata("alice", null, OPERATION);
    static final DeviceLocation VDA = DeviceLocation.internal("vda", "/i/vda.qcow2");
    static final DeviceLocation VDB = DeviceLocation.external("vdb", "/i/vdb.raw", ImageFormat.RAW, "/i/vdb.s.qcow2");

    private SagaTestFixture<SnapshotSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(SnapshotSaga.class);
    }

    static SnapshotStarted started() {
        return new SnapshotStarted(DOMAIN, SNAP, 3, "s", null, null, MemoryPlan.none(),
                List.of(DevicePlan.internal("vda"), DevicePlan.external("vdb", "/i/vdb.s.qcow2")), List.of(VDA, VDB),
                false, META);
    }

    @Test
    void everyDeviceIsAskedToPrepareAtOnce() {
        fixture.givenNoPriorActivity().whenPublishingA(started()).expectActiveSagas(1).expectDispatchedCommands(
                new PrepareDeviceSnapshot(DOMAIN, SNAP, 3, "s", null, VDA, AT, CMD),
                new PrepareDeviceSnapshot(DOMAIN, SNAP, 3, "s", null, VDB, AT, CMD));
    }

    @Test
    void aFailureWaitsForTheOtherDevicesBeforeCompensating() {
        fixture.givenAPublished(started())
                .whenPublishingA(new DeviceSnapshotFailed(DOMAIN, SNAP, "vda", "IO_ERROR", "disk full", META))
                .expectNoDispatchedCommands();
    }

    @Test
    void onceEveryDeviceAnsweredAFailureCompensatesEveryDevice() {
        fixture.givenAPublished(started())
                .andThenAPublished(new DeviceSnapshotFailed(DOMAIN, SNAP, "vda", "IO_ERROR", "disk full", META))
                .whenPublishingA(new DeviceSnapshotPrepared(DOMAIN, SNAP, "vdb", DiskSnapshotMode.EXTERNAL,
                        "/i/vdb.s.qcow2", null, META))
                .expectDispatchedCommands(new CompensateDeviceSnapshot(DOMAIN, SNAP, VDA, CMD),
                        new CompensateDeviceSnapshot(DOMAIN, SNAP, VDB, CMD));
    }

    @Test
    void whenEveryDeviceIsCompensatedTheSnapshotIsAborted() {
        fixture.givenAPublished(started())
                .andThenAPublished(new DeviceSnapshotFailed(DOMAIN, SNAP, "vda", "IO_ERROR", "disk full", META))
                .andThenAPublished(new DeviceSnapshotPrepared(DOMAIN, SNAP, "vdb", DiskSnapshotMode.EXTERNAL,
                        "/i/vdb.s.qcow2", null, META))
                .andThenAPublished(new DeviceSnapshotCompensated(DOMAIN, SNAP, "vda", META))
                .whenPublishingA(new DeviceSnapshotCompensated(DOMAIN, SNAP, "vdb", META))
                .expectDispatchedCommands(new AbortSnapshot(DOMAIN, SNAP,
                        "device vda failed (IO_ERROR): disk full", CMD));
    }

    @Test
    void completionEndsTheSaga() {
        fixture.givenAPublished(started()).whenPublishingA(new SnapshotCompleted(DOMAIN, SNAP, META))
                .expectActiveSagas(0).expectNoDispatchedCommands();
    }

    @Test
    void afterARestartBeforeEveryDeviceHadPreparedEveryDeviceIsUndone() {
        fixture.givenAPublished(started())
                .andThenAPublished(new DeviceSnapshotPrepared(DOMAIN, SNAP, "vda", DiskSnapshotMode.INTERNAL, null,
                        null, META))
                .whenPublishingA(new io.snapledger.events.RecoveryEvent.OperationResumed(DOMAIN, SNAP, "take", META))
                .expectDispatchedCommands(new CompensateDeviceSnapshot(DOMAIN, SNAP, VDA, CMD),
                        new CompensateDeviceSnapshot(DOMAIN, SNAP, VDB, CMD));
    }

    @Test
    void aSnapshotUndoneAfterARestartIsAbortedSayingWhy() {
        fixture.givenAPublished(started())
                .andThenAPublished(new io.snapledger.events.RecoveryEvent.OperationResumed(DOMAIN, SNAP, "take", META))
                .andThenAPublished(new DeviceSnapshotCompensated(DOMAIN, SNAP, "vda", META))
                .whenPublishingA(new DeviceSnapshotCompensated(DOMAIN, SNAP, "vdb", META))
                .expectDispatchedCommands(new AbortSnapshot(DOMAIN, SNAP, Interruptions.BEFORE_EVERY_DEVICE_ANSWERED, CMD));
    }

    @Test
    void afterARestartDuringCompensationTheCompensationContinues() {
        fixture.givenAPublished(started())
                .andThenAPublished(new DeviceSnapshotFailed(DOMAIN, SNAP, "vda", "IO_ERROR", "disk full", META))
                .andThenAPublished(new DeviceSnapshotPrepared(DOMAIN, SNAP, "vdb", DiskSnapshotMode.EXTERNAL,
                        "/i/vdb.s.qcow2", null, META))
                .andThenAPublished(new DeviceSnapshotCompensated(DOMAIN, SNAP, "vda", META))
                .whenPublishingA(new io.snapledger.events.RecoveryEvent.OperationResumed(DOMAIN, SNAP, "take", META))
                .expectDispatchedCommands(new CompensateDeviceSnapshot(DOMAIN, SNAP, VDB, CMD));
    }
}
