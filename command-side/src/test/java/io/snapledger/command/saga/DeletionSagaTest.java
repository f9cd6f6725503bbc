package io.snapledger.command.saga;

import io.snapledger.events.DeletionEvent.DeletionStarted;
import io.snapledger.events.DeletionEvent.DeviceSnapshotDiscardReady;
import io.snapledger.events.DeletionEvent.DeviceSnapshotMerged;
import io.snapledger.events.DeletionEvent.SnapshotDeleted;
import io.snapledger.events.RecoveryEvent.OperationResumed;
import io.snapledger.events.command.AbortDeletion;
import io.snapledger.events.command.CheckDeviceSnapshotDiscard;
import io.snapledger.events.command.DiscardDeviceSnapshot;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DeviceLayers;
import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.SnapshotOnDevice;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.snapledger.command.saga.SnapshotSagaTest.CMD;
import static io.snapledger.command.saga.SnapshotSagaTest.DOMAIN;
import static io.snapledger.command.saga.SnapshotSagaTest.META;
import static io.snapledger.command.saga.SnapshotSagaTest.SNAP;
import static io.snapledger.command.saga.SnapshotSagaTest.VDA;

class DeletionSagaTest {
    private static final UUID CHILD = new UUID(1, 2);
    private SagaTestFixture<DeletionSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(DeletionSaga.class);
    }

    private static DeletionStarted children() {
        return new DeletionStarted(DOMAIN, SNAP, DeleteMode.CHILDREN, List.of(CHILD, SNAP),
                List.of(new SnapshotOnDevice(CHILD, 4, VDA), new SnapshotOnDevice(SNAP, 3, VDA)), Map.of(), META);
    }

    @Test
    void everyDeviceFirstChecksItCanDropTheData() {
        fixture.givenNoPriorActivity().whenPublishingA(children()).expectActiveSagas(1).expectDispatchedCommands(
                new CheckDeviceSnapshotDiscard(DOMAIN, CHILD, 4, VDA, null, CMD),
                new CheckDeviceSnapshotDiscard(DOMAIN, SNAP, 3, VDA, null, CMD));
    }

    @Test
    void nothingIsDroppedUntilEveryDeviceIsReady() {
        fixture.givenAPublished(children())
                .whenPublishingA(new DeviceSnapshotDiscardReady(DOMAIN, CHILD, "vda", META))
                .expectNoDispatchedCommands();
    }

    @Test
    void whenEveryDeviceIsReadyEveryDeviceDrops() {
        fixture.givenAPublished(children())
                .andThenAPublished(new DeviceSnapshotDiscardReady(DOMAIN, CHILD, "vda", META))
                .whenPublishingA(new DeviceSnapshotDiscardReady(DOMAIN, SNAP, "vda", META))
                .expectDispatchedCommands(new DiscardDeviceSnapshot(DOMAIN, CHILD, 4, VDA, null, CMD),
                        new DiscardDeviceSnapshot(DOMAIN, SNAP, 3, VDA, null, CMD));
    }

    @Test
    void afterARestartWhileCheckingTheDeletionIsCalledOff() {
        fixture.givenAPublished(children())
                .andThenAPublished(new DeviceSnapshotDiscardReady(DOMAIN, CHILD, "vda", META))
                .whenPublishingA(new OperationResumed(DOMAIN, SNAP, "delete", META))
                .expectDispatchedCommands(new AbortDeletion(DOMAIN, SNAP, Interruptions.BEFORE_EVERY_DEVICE_ANSWERED, CMD));
    }

    @Test
    void aDeletionWithoutDeviceWorkNeedsNoSaga() {
        fixture.givenNoPriorActivity().whenPublishingA(new DeletionStarted(DOMAIN, SNAP, DeleteMode.METADATA,
                List.of(SNAP), List.of(), Map.of(), META)).expectActiveSagas(0).expectNoDispatchedCommands();
    }

    private static final DeviceLocation VDB_EXTERNAL = DeviceLocation.external("vdb", "/images/vdb.qcow2",
            ImageFormat.QCOW2, "/images/vdb.s3.qcow2");
    private static final DeviceLayers VDB_LAYERS = new DeviceLayers("/images/vdb.s3.qcow2",
            List.of("/images/vdb.s3.qcow2", "/images/vdb.qcow2"));

    /** s3 internal on vda, external on vdb. */
    private static DeletionStarted mixedMerge() {
        return new DeletionStarted(DOMAIN, SNAP, DeleteMode.MERGE, List.of(SNAP),
                List.of(new SnapshotOnDevice(SNAP, 3, VDA), new SnapshotOnDevice(SNAP, 3, VDB_EXTERNAL)),
                Map.of("vdb", VDB_LAYERS), META);
    }

    @Test
    void anExternalSnapshotIsCheckedAndMergedWithTheFilesOfItsDevice() {
        fixture.givenAPublished(mixedMerge())
                .andThenAPublished(new DeviceSnapshotDiscardReady(DOMAIN, SNAP, "vda", META))
                .whenPublishingA(new DeviceSnapshotDiscardReady(DOMAIN, SNAP, "vdb", META))
                .expectDispatchedCommands(new DiscardDeviceSnapshot(DOMAIN, SNAP, 3, VDA, null, CMD),
                        new DiscardDeviceSnapshot(DOMAIN, SNAP, 3, VDB_EXTERNAL, VDB_LAYERS, CMD));
    }

    @Test
    void aMergedDeviceIsDoneAndNotAskedAgainAfterARestart() {
        fixture.givenAPublished(mixedMerge())
                .andThenAPublished(new DeviceSnapshotDiscardReady(DOMAIN, SNAP, "vda", META))
                .andThenAPublished(new DeviceSnapshotDiscardReady(DOMAIN, SNAP, "vdb", META))
                .andThenAPublished(new DeviceSnapshotMerged(DOMAIN, SNAP, "vdb", META))
                .whenPublishingA(new OperationResumed(DOMAIN, SNAP, "delete", META))
                .expectDispatchedCommands(new DiscardDeviceSnapshot(DOMAIN, SNAP, 3, VDA, null, CMD));
    }

    @Test
    void theDeletionEndsTheSaga() {
        fixture.givenAPublished(children()).whenPublishingA(new SnapshotDeleted(DOMAIN, SNAP, META))
                .expectActiveSagas(0);
    }
}
