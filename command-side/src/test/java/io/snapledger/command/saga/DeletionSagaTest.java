package io.snapledger.command.saga;

import io.snapledger.events.DeletionEvent.DeletionStarted;
import io.snapledger.events.DeletionEvent.DeviceSnapshotDiscardReady;
import io.snapledger.events.DeletionEvent.SnapshotDeleted;
import io.snapledger.events.RecoveryEvent.OperationResumed;
import io.snapledger.events.command.CheckDeviceSnapshotDiscard;
import io.snapledger.events.command.DiscardDeviceSnapshot;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.SnapshotOnDevice;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
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
                List.of(new SnapshotOnDevice(CHILD, 4, VDA), new SnapshotOnDevice(SNAP, 3, VDA)), META);
    }

    @Test
    void everyDeviceFirstChecksItCanDropTheData() {
        fixture.givenNoPriorActivity().whenPublishingA(children()).expectActiveSagas(1).expectDispatchedCommands(
                new CheckDeviceSnapshotDiscard(DOMAIN, CHILD, 4, VDA, CMD),
                new CheckDeviceSnapshotDiscard(DOMAIN, SNAP, 3, VDA, CMD));
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
                .expectDispatchedCommands(new DiscardDeviceSnapshot(DOMAIN, CHILD, 4, VDA, CMD),
                        new DiscardDeviceSnapshot(DOMAIN, SNAP, 3, VDA, CMD));
    }

    @Test
    void afterARestartWhileCheckingTheChecksAreAskedAgain() {
        fixture.givenAPublished(children())
                .andThenAPublished(new DeviceSnapshotDiscardReady(DOMAIN, CHILD, "vda", META))
                .whenPublishingA(new OperationResumed(DOMAIN, SNAP, "delete", META))
                .expectDispatchedCommands(new CheckDeviceSnapshotDiscard(DOMAIN, SNAP, 3, VDA, CMD));
    }

    @Test
    void aDeletionWithoutDeviceWorkNeedsNoSaga() {
        fixture.givenNoPriorActivity().whenPublishingA(new DeletionStarted(DOMAIN, SNAP, DeleteMode.METADATA,
                List.of(SNAP), List.of(), META)).expectActiveSagas(0).expectNoDispatchedCommands();
    }

    @Test
    void theDeletionEndsTheSaga() {
        fixture.givenAPublished(children()).whenPublishingA(new SnapshotDeleted(DOMAIN, SNAP, META))
                .expectActiveSagas(0);
    }
}
