package io.snapledger.command.saga;

import io.snapledger.events.DeletionEvent.DeletionStarted;
import io.snapledger.events.DeletionEvent.SnapshotDeleted;
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

    @Test
    void everyAffectedSnapshotIsDroppedOnItsDevices() {
        fixture.givenNoPriorActivity().whenPublishingA(new DeletionStarted(DOMAIN, SNAP, DeleteMode.CHILDREN,
                        List.of(CHILD, SNAP), List.of(new SnapshotOnDevice(CHILD, 4, VDA), new SnapshotOnDevice(SNAP, 3, VDA)),
                        META))
                .expectActiveSagas(1).expectDispatchedCommands(new DiscardDeviceSnapshot(DOMAIN, CHILD, 4, VDA, CMD),
                        new DiscardDeviceSnapshot(DOMAIN, SNAP, 3, VDA, CMD));
    }

    @Test
    void aDeletionWithoutDeviceWorkNeedsNoSaga() {
        fixture.givenNoPriorActivity().whenPublishingA(new DeletionStarted(DOMAIN, SNAP, DeleteMode.METADATA,
                List.of(SNAP), List.of(), META)).expectActiveSagas(0).expectNoDispatchedCommands();
    }

    @Test
    void theDeletionEndsTheSaga() {
        fixture.givenAPublished(new DeletionStarted(DOMAIN, SNAP, DeleteMode.MERGE, List.of(SNAP),
                        List.of(new SnapshotOnDevice(SNAP, 3, VDA)), META))
                .whenPublishingA(new SnapshotDeleted(DOMAIN, SNAP, META)).expectActiveSagas(0);
    }
}
