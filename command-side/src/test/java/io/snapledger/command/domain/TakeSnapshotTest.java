package io.snapledger.command.domain;

import io.snapledger.events.DomainLifecycleEvent.DeviceImageChanged;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotFailed;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotPrepared;
import io.snapledger.events.SnapshotCreationEvent.SnapshotAborted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotCompleted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.events.command.AbortSnapshot;
import io.snapledger.events.command.RecordDeviceFailed;
import io.snapledger.events.command.RecordDevicePrepared;
import io.snapledger.events.command.TakeSnapshot;
import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.MemoryMode;
import io.snapledger.events.model.MemoryPlan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.snapledger.command.domain.Given.BY_OPERATOR;
import static io.snapledger.command.domain.Given.DOMAIN;
import static io.snapledger.command.domain.Given.snap;
import static io.snapledger.command.domain.Then.event;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.containsString;

class TakeSnapshotTest extends DomainFixture {

    static TakeSnapshot take(String name, DevicePlan... plans) {
        return new TakeSnapshot(DOMAIN, name, null, null, List.of(plans), false, null, BY_OPERATOR);
    }

    static TakeSnapshot diskOnly(String name, DevicePlan... plans) {
        return new TakeSnapshot(DOMAIN, name, null, null, List.of(plans), true, null, BY_OPERATOR);
    }

    @Test
    void anOfflineDomainSnapshotsEveryQcow2DiskInternallyWithoutMemory() {
        fixture.given(Given.twoQcow2Disks()).when(take(null)).expectEventsMatching(payloadsMatching(exactSequenceOf(
                event(SnapshotStarted.class, e -> e.id() == 1 && e.name().equals("snap1") && e.parentUuid() == null
                        && e.memory().mode() == MemoryMode.NO
                        && e.devices().stream().allMatch(p -> p.mode() == DiskSnapshotMode.INTERNAL)
                        && e.locations().equals(List.of(DeviceLocation.internal("vda", Given.VDA),
                        DeviceLocation.internal("vdb", Given.VDB))),
                        "id 1, generated name, no parent, no memory, both disks internal"), andNoMore())));
    }

    @Test
    void aNewSnapshotsParentIsTheCurrentOneAndItsNumberTheNext() {
        fixture.given(Given.concat(List.of(Given.twoQcow2Disks()), Given.internalSnapshot(1, "s1", null)))
                .when(take("s2")).expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(SnapshotStarted.class, e -> e.id() == 2 && snap(1).equals(e.parentUuid()),
                                "id 2, parent s1"), andNoMore())));
    }

    @Test
    void numbersTakenOnTheDisksByOthersAreSkipped() {
        fixture.given(Given.twoQcow2Disks())
                .when(new TakeSnapshot(DOMAIN, "s", null, null, List.of(), false, 8L, BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(SnapshotStarted.class, e -> e.id() == 8, "id 8"), andNoMore())));
    }

    @Test
    void aNameInUseIsRefused() {
        fixture.given(Given.concat(List.of(Given.twoQcow2Disks()), Given.internalSnapshot(1, "s1", null)))
                .when(take("s1")).expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("already has a snapshot named 's1'"));
    }

    @Test
    void aNameWithASlashIsRefused() {
        fixture.given(Given.twoQcow2Disks()).when(take("a/b")).expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("must not contain '/'"));
    }

    @Test
    void aNameStartingWithADotIsRefused() {
        fixture.given(Given.twoQcow2Disks()).when(take(".hidden")).expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("must not start with '.'"));
    }

    @Test
    void aRawDiskIsNeverAskedForAnInternalSnapshot() {
        fixture.given(Given.withRawDisk()).when(take("s")).expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("vdc (" + Given.RAW + ") is a raw image"));
    }

    @Test
    void aRawDiskCanBeLeftOut() {
        fixture.given(Given.withRawDisk()).when(take("s", DevicePlan.excluded("vdc")))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(SnapshotStarted.class,
                        e -> e.locations().size() == 1 && e.devices().size() == 2, "vda only"), andNoMore())));
    }

    @Test
    void aRawDiskCanTakeAnExternalSnapshotWithANamedOverlay() {
        fixture.given(Given.withRawDisk()).when(diskOnly("s", new DevicePlan("vdc", DiskSnapshotMode.EXTERNAL, null)))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(SnapshotStarted.class,
                        e -> e.locations().get(1).overlay().equals("/images/web01-vdc.s.qcow2"),
                        "overlay next to the raw image"), andNoMore())));
    }

    @Test
    void anUnknownDeviceIsRefused() {
        fixture.given(Given.twoQcow2Disks()).when(take("s", DevicePlan.internal("vdz")))
                .expectException(DomainRuleException.class).expectExceptionMessage(containsString("has no device vdz"));
    }

    @Test
    void aSecondOperationWaitsForTheFirst() {
        fixture.given(Given.twoQcow2Disks()).andGivenCommands(take("s1")).when(take("s2"))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("operation in progress"));
    }

    @Test
    void theLastDevicePreparedCompletesTheSnapshotAndMovesExternalDisks() {
        UUID uuid = new UUID(0, 1);
        fixture.given(Given.twoQcow2Disks())
                .andGivenCommands(diskOnly("s", DevicePlan.internal("vda"), DevicePlan.external("vdb", "/o/vdb.s.qcow2")),
                        new RecordDevicePrepared(DOMAIN, uuid, "vda", DiskSnapshotMode.INTERNAL, null, null, BY_OPERATOR))
                .when(new RecordDevicePrepared(DOMAIN, uuid, "vdb", DiskSnapshotMode.EXTERNAL, "/o/vdb.s.qcow2", null,
                        BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(DeviceSnapshotPrepared.class, e -> e.device().equals("vdb"), "vdb prepared"),
                        event(DeviceImageChanged.class, e -> e.newPath().equals("/o/vdb.s.qcow2")
                                && e.oldPath().equals(Given.VDB), "vdb now writes to its overlay"),
                        event(SnapshotCompleted.class, e -> e.snapshotUuid().equals(uuid), "completed"),
                        andNoMore())));
    }

    @Test
    void aFailedDeviceKeepsTheSnapshotFromCompleting() {
        UUID uuid = new UUID(0, 1);
        fixture.given(Given.twoQcow2Disks())
                .andGivenCommands(take("s"), new RecordDeviceFailed(DOMAIN, uuid, "vda", "IO_ERROR", "disk full",
                        BY_OPERATOR))
                .when(new RecordDevicePrepared(DOMAIN, uuid, "vdb", DiskSnapshotMode.INTERNAL, null, null, BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(DeviceSnapshotPrepared.class), andNoMore())));
    }

    @Test
    void aFailureIsRecordedOnce() {
        UUID uuid = new UUID(0, 1);
        fixture.given(Given.twoQcow2Disks()).andGivenCommands(take("s"))
                .when(new RecordDeviceFailed(DOMAIN, uuid, "vda", "IO_ERROR", "disk full", BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(DeviceSnapshotFailed.class), andNoMore())));
    }

    @Test
    void anAbortedSnapshotsNumberIsNeverReused() {
        UUID uuid = new UUID(0, 1);
        fixture.given(Given.twoQcow2Disks())
                .andGivenCommands(take("s"), new AbortSnapshot(DOMAIN, uuid, "vda failed", BY_OPERATOR))
                .when(take("s")).expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(SnapshotStarted.class, e -> e.id() == 2 && e.name().equals("s"),
                                "id 2, the name is free again"), andNoMore())));
    }

    @Test
    void abortingRecordsWhy() {
        UUID uuid = new UUID(0, 1);
        fixture.given(Given.twoQcow2Disks()).andGivenCommands(take("s"))
                .when(new AbortSnapshot(DOMAIN, uuid, "vda failed", BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(SnapshotAborted.class, e -> e.why().equals("vda failed"), "why"), andNoMore())));
    }

    @Test
    void aReportForAnotherSnapshotIsRefused() {
        fixture.given(Given.twoQcow2Disks()).andGivenCommands(take("s"))
                .when(new RecordDevicePrepared(DOMAIN, new UUID(5, 5), "vda", DiskSnapshotMode.INTERNAL, null, null,
                        BY_OPERATOR))
                .expectException(DomainRuleException.class);
    }

    @Test
    void memoryCanBeLeftOutExplicitly() {
        fixture.given(Given.twoQcow2Disks())
                .when(new TakeSnapshot(DOMAIN, "s", null, MemoryPlan.none(), List.of(), false, null, BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(SnapshotStarted.class), andNoMore())));
    }
}
