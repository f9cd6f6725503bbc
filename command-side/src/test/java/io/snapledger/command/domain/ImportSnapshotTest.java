package io.snapledger.command.domain;

import io.snapledger.events.DomainLifecycleEvent.DeviceImageChanged;
import io.snapledger.events.EditEvent.SnapshotImported;
import io.snapledger.events.RevertEvent.RevertStarted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.events.command.ImportSnapshot;
import io.snapledger.events.command.RevertToSnapshot;
import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.ImportSource;
import io.snapledger.events.model.MemoryPlan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.snapledger.command.domain.Given.BY_OPERATOR;
import static io.snapledger.command.domain.Given.DOMAIN;
import static io.snapledger.command.domain.Given.TAKEN_EARLIER;
import static io.snapledger.command.domain.Given.snap;
import static io.snapledger.command.domain.TakeSnapshotTest.take;
import static io.snapledger.command.domain.Then.event;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.containsString;

class ImportSnapshotTest extends DomainFixture {
    private static final String MOVED_VDA = "/images/web01-vda.later.qcow2";
    private static final String OLD_OVERLAY = "/images/web01-vdb.old.qcow2";

    private static ImportSnapshot importing(UUID uuid, Long id, String name, UUID parent, DevicePlan... plans) {
        return new ImportSnapshot(DOMAIN, uuid, id, name, null, parent, TAKEN_EARLIER, MemoryPlan.none(),
                List.of(plans), ImportSource.QCOW2_EXTRA_DATA, BY_OPERATOR);
    }

    private static ImportSnapshot importingInternal(int n, String name, UUID parent) {
        return importing(snap(n), (long) n, name, parent, DevicePlan.internal("vda"));
    }

    private static List<Object> withS1() {
        return Given.concat(List.of(Given.twoQcow2Disks()), Given.internalSnapshot(1, "s1", null));
    }

    @Test
    void anImportedRootIsCompleteAtOnceWithItsOriginalCreationTimeAndLeavesCurrentAlone() {
        fixture.given(Given.twoQcow2Disks()).when(importingInternal(5, "old", null))
                .expectResultMessagePayload(snap(5))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(SnapshotImported.class,
                        e -> e.snapshotUuid().equals(snap(5)) && e.id() == 5 && e.name().equals("old")
                                && e.parentUuid() == null && e.creationTime().equals(TAKEN_EARLIER)
                                && e.source() == ImportSource.QCOW2_EXTRA_DATA
                                && e.devices().equals(List.of(DevicePlan.internal("vda"), DevicePlan.excluded("vdb"))),
                        "root 'old', number 5, taken earlier, vda only"), andNoMore())));
    }

    @Test
    void anImportedSnapshotCanHangUnderAKnownParent() {
        fixture.given(withS1()).when(importingInternal(2, "child", snap(1)))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(SnapshotImported.class,
                        e -> snap(1).equals(e.parentUuid()), "parent s1"), andNoMore())));
    }

    @Test
    void anUnknownParentIsRefused() {
        fixture.given(withS1()).when(importingInternal(2, "orphan", snap(42)))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("no snapshot " + snap(42) + " to be the parent"));
    }

    @Test
    void aSnapshotCannotBeImportedAsItsOwnParent() {
        fixture.given(withS1()).when(importingInternal(2, "loop", snap(2)))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("'loop' cannot be its own parent"));
    }

    @Test
    void aKnownUuidIsRefused() {
        fixture.given(withS1()).when(importing(snap(1), null, "again", null, DevicePlan.internal("vda")))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("is already known to domain web01 as 's1'"));
    }

    @Test
    void aNameInUseIsRefused() {
        fixture.given(withS1()).when(importingInternal(2, "s1", null))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("already has a snapshot named 's1'"));
    }

    @Test
    void aNameBreakingTheNamingRulesIsRefused() {
        fixture.given(Given.twoQcow2Disks()).when(importingInternal(2, ".hidden", null))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("must not start with '.'"));
    }

    @Test
    void aNumberAnotherSnapshotHasIsRefused() {
        fixture.given(withS1()).when(importing(snap(2), 1L, "same-number", null, DevicePlan.internal("vda")))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("number 1 already belongs to 's1'"));
    }

    @Test
    void withoutANumberTheImportGetsTheNextOne() {
        fixture.given(withS1()).when(importing(snap(2), null, "numberless", null, DevicePlan.internal("vda")))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(SnapshotImported.class,
                        e -> e.id() == 2, "number 2"), andNoMore())));
    }

    @Test
    void aNumberKeptInTheImageIsNeverGivenToALaterSnapshot() {
        fixture.given(Given.twoQcow2Disks(), Given.imported(7, "old", null, DevicePlan.internal("vda"),
                        DevicePlan.excluded("vdb")))
                .when(take("new")).expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(SnapshotStarted.class, e -> e.id() == 8, "number 8"), andNoMore())));
    }

    @Test
    void anImportWaitsForTheOperationInFlight() {
        fixture.given(Given.twoQcow2Disks()).andGivenCommands(take("s1")).when(importingInternal(2, "old", null))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("operation in progress"));
    }

    @Test
    void anUnknownDeviceIsRefused() {
        fixture.given(Given.twoQcow2Disks()).when(importing(snap(2), null, "old", null, DevicePlan.internal("vdz")))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("has no device vdz"));
    }

    @Test
    void anExternalPartMustNameItsOverlay() {
        fixture.given(Given.twoQcow2Disks())
                .when(importing(snap(2), null, "old", null, new DevicePlan("vdb", DiskSnapshotMode.EXTERNAL, null)))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("name it with --diskspec vdb,snapshot=external,file=FILE"));
    }

    @Test
    void anImportedSnapshotLivesInTheDevicesActiveImages() {
        fixture.given(Given.twoQcow2Disks(),
                        new DeviceImageChanged(DOMAIN, "vda", Given.VDA, MOVED_VDA, ImageFormat.QCOW2, Given.meta()),
                        Given.imported(3, "old", null, DevicePlan.internal("vda"),
                                DevicePlan.external("vdb", OLD_OVERLAY)))
                .when(new RevertToSnapshot(DOMAIN, "old", BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(RevertStarted.class,
                        e -> e.locations().equals(List.of(DeviceLocation.internal("vda", MOVED_VDA),
                                DeviceLocation.external("vdb", Given.VDB, ImageFormat.QCOW2, OLD_OVERLAY))),
                        "vda inside its active image, vdb's overlay on top of its active image"), andNoMore())));
    }

    @Test
    void aLaterSnapshotStillFollowsTheCurrentOneNotTheImport() {
        fixture.given(Given.concat(withS1(), List.of(Given.imported(2, "old", null, DevicePlan.internal("vda"),
                        DevicePlan.excluded("vdb")))))
                .when(take("s3")).expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(SnapshotStarted.class, e -> snap(1).equals(e.parentUuid()), "parent s1"), andNoMore())));
    }

    @Test
    void inADomainWithoutACurrentSnapshotTheNextOneIsARoot() {
        fixture.given(Given.twoQcow2Disks(), Given.imported(1, "old", null, DevicePlan.internal("vda"),
                        DevicePlan.excluded("vdb")))
                .when(take("s2")).expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(SnapshotStarted.class, e -> e.parentUuid() == null && e.id() == 2, "a root, number 2"),
                        andNoMore())));
    }
}
