package io.snapledger.command.saga;

import io.snapledger.events.RevertEvent.DeviceRevertCompensated;
import io.snapledger.events.RevertEvent.DeviceRevertFailed;
import io.snapledger.events.RevertEvent.DeviceReverted;
import io.snapledger.events.RevertEvent.RevertAborted;
import io.snapledger.events.RevertEvent.RevertCompleted;
import io.snapledger.events.RevertEvent.RevertStarted;
import io.snapledger.events.command.AbortRevert;
import io.snapledger.events.command.CommitDeviceRevert;
import io.snapledger.events.command.CompensateDeviceRevert;
import io.snapledger.events.command.RevertDevice;
import io.snapledger.events.model.DevicePlan;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.snapledger.command.saga.SnapshotSagaTest.CMD;
import static io.snapledger.command.saga.SnapshotSagaTest.DOMAIN;
import static io.snapledger.command.saga.SnapshotSagaTest.META;
import static io.snapledger.command.saga.SnapshotSagaTest.SNAP;
import static io.snapledger.command.saga.SnapshotSagaTest.VDA;
import static io.snapledger.command.saga.SnapshotSagaTest.VDB;

class RevertSagaTest {
    private static final String FRESH = "/i/vdb.s.revert-1.qcow2";
    private SagaTestFixture<RevertSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(RevertSaga.class);
    }

    private static RevertStarted started() {
        return new RevertStarted(DOMAIN, SNAP, 3, null, List.of(DevicePlan.internal("vda"),
                DevicePlan.external("vdb", FRESH)), List.of(VDA, VDB), META);
    }

    @Test
    void everyDeviceRevertsAtOnce() {
        fixture.givenNoPriorActivity().whenPublishingA(started()).expectDispatchedCommands(
                new RevertDevice(DOMAIN, SNAP, 3, VDA, null, CMD), new RevertDevice(DOMAIN, SNAP, 3, VDB, FRESH, CMD));
    }

    @Test
    void aFailureTakesEveryDeviceBackOnceAllAnswered() {
        fixture.givenAPublished(started())
                .andThenAPublished(new DeviceReverted(DOMAIN, SNAP, "vda", null, META))
                .whenPublishingA(new DeviceRevertFailed(DOMAIN, SNAP, "vdb", "IMAGE_REFUSED", "locked", META))
                .expectDispatchedCommands(new CompensateDeviceRevert(DOMAIN, SNAP, 3, VDA, null, CMD),
                        new CompensateDeviceRevert(DOMAIN, SNAP, 3, VDB, FRESH, CMD));
    }

    @Test
    void whenEveryDeviceIsBackTheRevertIsAborted() {
        fixture.givenAPublished(started())
                .andThenAPublished(new DeviceReverted(DOMAIN, SNAP, "vda", null, META))
                .andThenAPublished(new DeviceRevertFailed(DOMAIN, SNAP, "vdb", "IMAGE_REFUSED", "locked", META))
                .andThenAPublished(new DeviceRevertCompensated(DOMAIN, SNAP, "vda", META))
                .whenPublishingA(new DeviceRevertCompensated(DOMAIN, SNAP, "vdb", META))
                .expectDispatchedCommands(new AbortRevert(DOMAIN, SNAP, "device vdb failed (IMAGE_REFUSED): locked", CMD));
    }

    @Test
    void onceEveryDeviceRevertedEachLetsGoOfItsWayBack() {
        fixture.givenAPublished(started())
                .andThenAPublished(new DeviceReverted(DOMAIN, SNAP, "vda", null, META))
                .whenPublishingA(new DeviceReverted(DOMAIN, SNAP, "vdb", FRESH, META))
                .expectDispatchedCommands(new CommitDeviceRevert(DOMAIN, SNAP, 3, VDA, null, CMD),
                        new CommitDeviceRevert(DOMAIN, SNAP, 3, VDB, FRESH, CMD));
    }

    @Test
    void afterARestartBeforeEveryDeviceHadRevertedEveryDeviceGoesBack() {
        fixture.givenAPublished(started())
                .andThenAPublished(new DeviceReverted(DOMAIN, SNAP, "vda", null, META))
                .whenPublishingA(new io.snapledger.events.RecoveryEvent.OperationResumed(DOMAIN, SNAP, "revert", META))
                .expectDispatchedCommands(new CompensateDeviceRevert(DOMAIN, SNAP, 3, VDA, null, CMD),
                        new CompensateDeviceRevert(DOMAIN, SNAP, 3, VDB, FRESH, CMD));
    }

    @Test
    void afterARestartWhileLettingGoTheCommitsAreSentAgain() {
        fixture.givenAPublished(started())
                .andThenAPublished(new DeviceReverted(DOMAIN, SNAP, "vda", null, META))
                .andThenAPublished(new DeviceReverted(DOMAIN, SNAP, "vdb", FRESH, META))
                .whenPublishingA(new io.snapledger.events.RecoveryEvent.OperationResumed(DOMAIN, SNAP, "revert", META))
                .expectDispatchedCommands(new CommitDeviceRevert(DOMAIN, SNAP, 3, VDA, null, CMD),
                        new CommitDeviceRevert(DOMAIN, SNAP, 3, VDB, FRESH, CMD));
    }

    @Test
    void completionEndsTheSaga() {
        fixture.givenAPublished(started()).whenPublishingA(new RevertCompleted(DOMAIN, SNAP, META))
                .expectActiveSagas(0).expectNoDispatchedCommands();
    }

    @Test
    void abortEndsTheSaga() {
        fixture.givenAPublished(started()).whenPublishingA(new RevertAborted(DOMAIN, SNAP, "x", META))
                .expectActiveSagas(0);
    }
}
