package io.snapledger.command.domain;

import io.snapledger.events.DomainLifecycleEvent.DeviceImageChanged;
import io.snapledger.events.RevertEvent.DeviceReverted;
import io.snapledger.events.RevertEvent.RevertAborted;
import io.snapledger.events.RevertEvent.RevertCompleted;
import io.snapledger.events.RevertEvent.RevertStarted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotCompleted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.events.command.AbortRevert;
import io.snapledger.events.command.RecordDeviceReverted;
import io.snapledger.events.command.RevertToSnapshot;
import io.snapledger.events.command.TakeSnapshot;
import io.snapledger.events.DomainLifecycleEvent;
import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.MemoryPlan;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.snapledger.command.domain.Given.BY_OPERATOR;
import static io.snapledger.command.domain.Given.DOMAIN;
import static io.snapledger.command.domain.Given.snap;
import static io.snapledger.command.domain.Then.event;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.containsString;

class RevertTest extends DomainFixture {
    private static final String OVERLAY = "/images/web01-vdb.e.qcow2";

    private static List<Object> twoSnapshots() {
        return Given.concat(List.of(Given.twoQcow2Disks()), Given.internalSnapshot(1, "s1", null),
                Given.internalSnapshot(2, "s2", snap(1)));
    }

    /** s1 internal on both disks, then e: vda internal, vdb external (vdb moves to its overlay). */
    private static List<Object> mixed() {
        return Given.concat(List.of(Given.twoQcow2Disks()), Given.internalSnapshot(1, "s1", null),
                Given.internalOnVdaExternalOnVdb(2, "e", snap(1), OVERLAY));
    }

    @Test
    void revertStartsOnEveryDeviceOfTheSnapshot() {
        fixture.given(twoSnapshots()).when(new RevertToSnapshot(DOMAIN, "s1", BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(RevertStarted.class,
                        e -> e.snapshotUuid().equals(snap(1)) && e.snapshotId() == 1
                                && snap(2).equals(e.previousCurrentUuid()) && e.locations().size() == 2
                                && e.devices().stream().allMatch(p -> p.mode() == DiskSnapshotMode.INTERNAL),
                        "both disks internal, previous current s2"), andNoMore())));
    }

    @Test
    void aSnapshotIsFoundByNumberAndByUuid() {
        fixture.given(twoSnapshots()).when(new RevertToSnapshot(DOMAIN, "1", BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(RevertStarted.class, e -> e.snapshotUuid().equals(snap(1)), "s1"), andNoMore())));
        setUpFixture();
        fixture.given(twoSnapshots()).when(new RevertToSnapshot(DOMAIN, snap(2).toString(), BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(RevertStarted.class, e -> e.snapshotUuid().equals(snap(2)), "s2"), andNoMore())));
    }

    @Test
    void anUnknownSnapshotIsRefused() {
        fixture.given(twoSnapshots()).when(new RevertToSnapshot(DOMAIN, "nope", BY_OPERATOR))
                .expectException(DomainRuleException.class).expectExceptionMessage(containsString("no snapshot 'nope'"));
    }

    @Test
    void revertingToAnExternalSnapshotPutsAFreshOverlayOnItsFrozenImage() {
        fixture.given(mixed()).when(new RevertToSnapshot(DOMAIN, "e", BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(RevertStarted.class,
                        e -> e.devices().get(1).file().startsWith("/images/web01-vdb.e.revert-"),
                        "a fresh overlay next to vdb's frozen image"), andNoMore())));
    }

    @Test
    void anInternalSnapshotInsideAFrozenImageCannotBeRevertedTo() {
        fixture.given(mixed()).when(new RevertToSnapshot(DOMAIN, "s1", BY_OPERATOR))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("device vdb has moved to " + OVERLAY));
    }

    @Test
    void theLastDeviceRevertedDoesNotCompleteYet() {
        fixture.given(twoSnapshots())
                .andGivenCommands(new RevertToSnapshot(DOMAIN, "s1", BY_OPERATOR),
                        new RecordDeviceReverted(DOMAIN, snap(1), "vda", null, BY_OPERATOR))
                .when(new RecordDeviceReverted(DOMAIN, snap(1), "vdb", null, BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(DeviceReverted.class), andNoMore())));
    }

    @Test
    void whenEveryDeviceLetGoOfItsWayBackTheRevertCompletesAndMovesCurrent() {
        fixture.given(twoSnapshots())
                .andGivenCommands(new RevertToSnapshot(DOMAIN, "s1", BY_OPERATOR),
                        new RecordDeviceReverted(DOMAIN, snap(1), "vda", null, BY_OPERATOR),
                        new RecordDeviceReverted(DOMAIN, snap(1), "vdb", null, BY_OPERATOR),
                        committed(1, "vda"))
                .when(committed(1, "vdb"))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(io.snapledger.events.RevertEvent.DeviceRevertCommitted.class),
                        event(RevertCompleted.class, e -> e.snapshotUuid().equals(snap(1)), "s1"), andNoMore())));
    }

    @Test
    void aDeviceCannotLetGoBeforeEveryDeviceReverted() {
        fixture.given(twoSnapshots())
                .andGivenCommands(new RevertToSnapshot(DOMAIN, "s1", BY_OPERATOR),
                        new RecordDeviceReverted(DOMAIN, snap(1), "vda", null, BY_OPERATOR))
                .when(committed(1, "vda")).expectNoEvents();
    }

    private static io.snapledger.events.command.RecordDeviceRevertCommitted committed(int n, String device) {
        return new io.snapledger.events.command.RecordDeviceRevertCommitted(DOMAIN, snap(n), device, BY_OPERATOR);
    }

    @Test
    void aCompletedExternalRevertMovesTheDeviceToTheFreshOverlay() {
        fixture.given(mixed())
                .andGivenCommands(new RevertToSnapshot(DOMAIN, "e", BY_OPERATOR),
                        new RecordDeviceReverted(DOMAIN, snap(2), "vda", null, BY_OPERATOR),
                        new RecordDeviceReverted(DOMAIN, snap(2), "vdb", "/images/fresh.qcow2", BY_OPERATOR),
                        committed(2, "vda"))
                .when(committed(2, "vdb"))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(io.snapledger.events.RevertEvent.DeviceRevertCommitted.class),
                        event(DeviceImageChanged.class, e -> e.oldPath().equals(OVERLAY)
                                && e.newPath().equals("/images/fresh.qcow2"), "vdb moves to the fresh overlay"),
                        event(RevertCompleted.class), andNoMore())));
    }

    @Test
    void afterARevertTheNextSnapshotIsAChildOfTheTarget() {
        fixture.given(twoSnapshots())
                .andGivenCommands(new RevertToSnapshot(DOMAIN, "s1", BY_OPERATOR),
                        new RecordDeviceReverted(DOMAIN, snap(1), "vda", null, BY_OPERATOR),
                        new RecordDeviceReverted(DOMAIN, snap(1), "vdb", null, BY_OPERATOR),
                        committed(1, "vda"), committed(1, "vdb"))
                .when(new TakeSnapshot(DOMAIN, "branch", null, null, List.of(), false, null, BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(SnapshotStarted.class,
                        e -> snap(1).equals(e.parentUuid()) && e.id() == 3, "parent s1, id 3"), andNoMore())));
    }

    @Test
    void anAbortedRevertLeavesCurrentWhereItWas() {
        fixture.given(twoSnapshots())
                .andGivenCommands(new RevertToSnapshot(DOMAIN, "s1", BY_OPERATOR),
                        new AbortRevert(DOMAIN, snap(1), "vdb failed", BY_OPERATOR))
                .when(new TakeSnapshot(DOMAIN, "after", null, null, List.of(), false, null, BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(SnapshotStarted.class,
                        e -> snap(2).equals(e.parentUuid()), "parent still s2"), andNoMore())));
    }

    @Test
    void abortRecordsWhy() {
        fixture.given(twoSnapshots()).andGivenCommands(new RevertToSnapshot(DOMAIN, "s1", BY_OPERATOR))
                .when(new AbortRevert(DOMAIN, snap(1), "vdb failed", BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(RevertAborted.class, e -> e.why().equals("vdb failed"), "why"), andNoMore())));
    }
}
