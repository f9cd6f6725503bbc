package io.snapledger.command.domain;

import io.snapledger.events.DeletionEvent.DeletionStarted;
import io.snapledger.events.DeletionEvent.DeviceSnapshotDiscarded;
import io.snapledger.events.DeletionEvent.LiveSnapshotDeleted;
import io.snapledger.events.DeletionEvent.SnapshotDeleted;
import io.snapledger.events.DomainLifecycleEvent.QemuAttached;
import io.snapledger.events.EditEvent.CurrentSnapshotSet;
import io.snapledger.events.RevertEvent.DeviceRevertCommitted;
import io.snapledger.events.RevertEvent.DeviceReverted;
import io.snapledger.events.RevertEvent.LiveSnapshotLoaded;
import io.snapledger.events.RevertEvent.RevertCompleted;
import io.snapledger.events.RevertEvent.RevertStarted;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotPrepared;
import io.snapledger.events.SnapshotCreationEvent.LiveSnapshotSaved;
import io.snapledger.events.SnapshotCreationEvent.MemoryStateSaved;
import io.snapledger.events.SnapshotCreationEvent.SnapshotCompleted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.events.command.DeleteSnapshot;
import io.snapledger.events.command.RecordLiveSnapshotDeleted;
import io.snapledger.events.command.RecordLiveSnapshotLoaded;
import io.snapledger.events.command.RecordLiveSnapshotSaved;
import io.snapledger.events.command.RevertToSnapshot;
import io.snapledger.events.command.TakeSnapshot;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.LiveRevert;
import io.snapledger.events.model.LiveState;
import io.snapledger.events.model.LiveTag;
import io.snapledger.events.model.MemoryMode;
import io.snapledger.events.model.MemoryPlan;
import io.snapledger.events.model.QemuLink;
import io.snapledger.events.model.QemuSnapshotId;
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

/** A live domain: the aggregate decides from the state the command observed, and completes from one QEMU job. */
class LiveDomainTest extends DomainFixture {
    private static final List<QemuSnapshotId> IDS = List.of(new QemuSnapshotId("vda", "3"), new QemuSnapshotId("vdb", "1"));

    private static List<Object> live() {
        return List.of(Given.twoQcow2Disks(), new QemuAttached(DOMAIN, QemuLink.attached("/run/qmp"), Given.meta()));
    }

    /** Live snapshot 1 "s1" with memory, taken and completed. */
    private static List<Object> liveWithSnapshot() {
        List<Object> events = new ArrayList<>(live());
        events.add(new SnapshotStarted(DOMAIN, snap(1), 1, "s1", null, null, MemoryPlan.internal(),
                List.of(DevicePlan.internal("vda"), DevicePlan.internal("vdb")),
                List.of(DeviceLocation.internal("vda", Given.VDA), DeviceLocation.internal("vdb", Given.VDB)), true,
                Given.meta()));
        events.add(new SnapshotCompleted(DOMAIN, snap(1), Given.meta()));
        return events;
    }

    private static TakeSnapshot take(LiveState observed) {
        return new TakeSnapshot(DOMAIN, "s1", null, null, List.of(), false, null, observed, BY_OPERATOR);
    }

    @Test
    void aRunningDomainIsSnapshottedWithInternalMemoryByDefault() {
        fixture.given(live()).when(take(LiveState.RUNNING)).expectEventsMatching(payloadsMatching(exactSequenceOf(
                event(SnapshotStarted.class, e -> e.online() && e.memory().mode() == MemoryMode.INTERNAL
                        && e.devices().stream().allMatch(p -> p.mode() == DiskSnapshotMode.INTERNAL),
                        "online, memory internal, disks internal"), andNoMore())));
    }

    @Test
    void aShutOffLiveDomainIsSnapshottedOfflineAndOneWithoutAnObservedStateIsRefused() {
        fixture.given(live()).when(take(LiveState.SHUT_OFF)).expectEventsMatching(payloadsMatching(exactSequenceOf(
                event(SnapshotStarted.class, e -> !e.online() && e.memory().mode() == MemoryMode.NO, "offline"),
                andNoMore())));
        setUpFixture();
        fixture.given(live()).when(take(null)).expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("must say what was observed of its QEMU"));
    }

    @Test
    void theJobsReportRecordsEveryDevicePreparedTheMemoryAndCompletes() {
        List<Object> started = new ArrayList<>(live());
        started.add(new SnapshotStarted(DOMAIN, snap(1), 1, "s1", null, null, MemoryPlan.internal(),
                List.of(DevicePlan.internal("vda"), DevicePlan.internal("vdb")),
                List.of(DeviceLocation.internal("vda", Given.VDA), DeviceLocation.internal("vdb", Given.VDB)), true,
                Given.meta()));
        fixture.given(started)
                .when(new RecordLiveSnapshotSaved(DOMAIN, snap(1), "sl-save-x", "s1", "vda", IDS, 800_000, BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(LiveSnapshotSaved.class, e -> e.jobId().equals("sl-save-x") && e.qemuIds().equals(IDS),
                                "job id and QEMU's ids"),
                        event(MemoryStateSaved.class, e -> "vda".equals(e.device()) && e.sizeBytes() == 800_000, "memory"),
                        event(DeviceSnapshotPrepared.class, e -> e.device().equals("vda"), "vda"),
                        event(DeviceSnapshotPrepared.class, e -> e.device().equals("vdb"), "vdb"),
                        event(SnapshotCompleted.class, e -> true, "completed"), andNoMore())));
    }

    @Test
    void externalMemoryMakesEveryDiskExternalAndNamesTheStateFileBesideTheFirstDisk() {
        fixture.given(live()).when(new TakeSnapshot(DOMAIN, "c1", null, new MemoryPlan(MemoryMode.EXTERNAL, null),
                        List.of(), false, null, LiveState.RUNNING, BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(SnapshotStarted.class, e -> e.online()
                                && e.memory().equals(MemoryPlan.external("/images/web01-vda.c1.vmstate"))
                                && e.locations().stream().allMatch(at -> at.mode() == DiskSnapshotMode.EXTERNAL)
                                && e.locations().size() == 2, "memory in its file, every disk external"),
                        andNoMore())));
    }

    @Test
    void aCheckpointRecordsItsMemoryFileThenEveryDiskOnItsOverlayAndCompletes() {
        DeviceLocation vda = DeviceLocation.external("vda", Given.VDA, io.snapledger.events.model.ImageFormat.QCOW2,
                "/i/vda.c1.qcow2");
        DeviceLocation vdb = DeviceLocation.external("vdb", Given.VDB, io.snapledger.events.model.ImageFormat.QCOW2,
                "/i/vdb.c1.qcow2");
        List<Object> started = new ArrayList<>(live());
        started.add(new SnapshotStarted(DOMAIN, snap(1), 1, "c1", null, null, MemoryPlan.external("/i/c1.vmstate"),
                List.of(DevicePlan.external("vda", vda.overlay()), DevicePlan.external("vdb", vdb.overlay())),
                List.of(vda, vdb), true, Given.meta()));
        started.add(new MemoryStateSaved(DOMAIN, snap(1), MemoryMode.EXTERNAL, null, "/i/c1.vmstate", 680_000,
                Given.meta()));
        started.add(new DeviceSnapshotPrepared(DOMAIN, snap(1), "vda", DiskSnapshotMode.EXTERNAL, vda.overlay(), null,
                Given.meta()));
        fixture.given(started.subList(0, started.size() - 2))
                .when(new io.snapledger.events.command.RecordMemoryStateSaved(DOMAIN, snap(1), MemoryMode.EXTERNAL, null,
                        "/i/c1.vmstate", 680_000, BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(MemoryStateSaved.class,
                        e -> "/i/c1.vmstate".equals(e.file()) && e.sizeBytes() == 680_000, "the state file"), andNoMore())));
        setUpFixture();
        fixture.given(started)
                .when(new io.snapledger.events.command.RecordDevicePrepared(DOMAIN, snap(1), "vdb",
                        DiskSnapshotMode.EXTERNAL, vdb.overlay(), null, BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(DeviceSnapshotPrepared.class, e -> e.device().equals("vdb"), "vdb"),
                        event(io.snapledger.events.DomainLifecycleEvent.DeviceImageChanged.class,
                                e -> e.newPath().equals(vda.overlay()), "vda on its overlay"),
                        event(io.snapledger.events.DomainLifecycleEvent.DeviceImageChanged.class,
                                e -> e.newPath().equals(vdb.overlay()), "vdb on its overlay"),
                        event(SnapshotCompleted.class, e -> true, "completed"), andNoMore())));
        // the reports run side by side: the memory may come last, and then it completes the snapshot
        List<Object> disksFirst = new ArrayList<>(started.subList(0, started.size() - 2));
        disksFirst.add(new DeviceSnapshotPrepared(DOMAIN, snap(1), "vda", DiskSnapshotMode.EXTERNAL, vda.overlay(),
                null, Given.meta()));
        disksFirst.add(new DeviceSnapshotPrepared(DOMAIN, snap(1), "vdb", DiskSnapshotMode.EXTERNAL, vdb.overlay(),
                null, Given.meta()));
        setUpFixture();
        fixture.given(disksFirst)
                .when(new io.snapledger.events.command.RecordMemoryStateSaved(DOMAIN, snap(1), MemoryMode.EXTERNAL, null,
                        "/i/c1.vmstate", 680_000, BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(MemoryStateSaved.class, e -> "/i/c1.vmstate".equals(e.file()), "the state file"),
                        event(io.snapledger.events.DomainLifecycleEvent.DeviceImageChanged.class, e -> true, "vda"),
                        event(io.snapledger.events.DomainLifecycleEvent.DeviceImageChanged.class, e -> true, "vdb"),
                        event(SnapshotCompleted.class, e -> true, "completed"), andNoMore())));
    }

    /** Checkpoint "c1" (memory in a file, both disks external), taken and completed, on a domain with {@code link}. */
    private static List<Object> withCheckpoint(QemuLink link) {
        DeviceLocation vda = DeviceLocation.external("vda", Given.VDA, io.snapledger.events.model.ImageFormat.QCOW2,
                "/images/web01-vda.c1.qcow2");
        DeviceLocation vdb = DeviceLocation.external("vdb", Given.VDB, io.snapledger.events.model.ImageFormat.QCOW2,
                "/images/web01-vdb.c1.qcow2");
        return List.of(Given.twoQcow2Disks(), new QemuAttached(DOMAIN, link, Given.meta()),
                new SnapshotStarted(DOMAIN, snap(1), 1, "c1", null, null, MemoryPlan.external("/images/c1.vmstate"),
                        List.of(DevicePlan.external("vda", vda.overlay()), DevicePlan.external("vdb", vdb.overlay())),
                        List.of(vda, vdb), true, Given.meta()),
                new SnapshotCompleted(DOMAIN, snap(1), Given.meta()));
    }

    @Test
    void aRunningDomainSnapledgerStartedRevertsToACheckpointOnFreshOverlaysAndAnAttachedOneIsRefused() {
        fixture.given(withCheckpoint(QemuLink.startedBySnapledger()))
                .when(new RevertToSnapshot(DOMAIN, "c1", LiveState.RUNNING, false, BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(RevertStarted.class, e -> e.live() == null && e.devices().stream().allMatch(p ->
                                p.mode() == DiskSnapshotMode.EXTERNAL && p.file().contains(".c1.revert-")),
                                "disks as offline: fresh overlays; the memory is the caller's restart"),
                        andNoMore())));
        setUpFixture();
        fixture.given(withCheckpoint(QemuLink.attached("/run/qmp")))
                .when(new RevertToSnapshot(DOMAIN, "c1", LiveState.RUNNING, false, BY_OPERATOR))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("shut it down, revert it offline"))
                .expectNoEvents();
    }

    @Test
    void aRunningDomainRevertsInOneLoadJobAndCompletesFromItsReport() {
        fixture.given(liveWithSnapshot())
                .when(new RevertToSnapshot(DOMAIN, "s1", LiveState.RUNNING, true, BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(RevertStarted.class, e -> new LiveRevert("s1", "vda", true).equals(e.live()), "live load"),
                        andNoMore())));
        List<Object> reverting = new ArrayList<>(liveWithSnapshot());
        reverting.add(new RevertStarted(DOMAIN, snap(1), 1, snap(1), List.of(DevicePlan.internal("vda"),
                DevicePlan.internal("vdb")), List.of(DeviceLocation.internal("vda", Given.VDA),
                DeviceLocation.internal("vdb", Given.VDB)), new LiveRevert("s1", "vda", false), Given.meta()));
        setUpFixture();
        fixture.given(reverting).when(new RecordLiveSnapshotLoaded(DOMAIN, snap(1), "sl-load-x", false, BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(LiveSnapshotLoaded.class, e -> e.jobId().equals("sl-load-x"), "job"),
                        event(DeviceReverted.class, e -> e.device().equals("vda"), "vda"),
                        event(DeviceReverted.class, e -> e.device().equals("vdb"), "vdb"),
                        event(DeviceRevertCommitted.class, e -> e.device().equals("vda"), "vda"),
                        event(DeviceRevertCommitted.class, e -> e.device().equals("vdb"), "vdb"),
                        event(RevertCompleted.class, e -> true, "completed"), andNoMore())));
    }

    @Test
    void aRunningDomainCannotRevertToASnapshotWithoutMemory() {
        List<Object> given = new ArrayList<>(live());
        given.addAll(Given.internalSnapshot(1, "s1", null));
        fixture.given(given).when(new RevertToSnapshot(DOMAIN, "s1", LiveState.PAUSED, false, BY_OPERATOR))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("holds no memory state inside its disks"));
    }

    @Test
    void aRunningDomainDeletesByTagAndTheJobsReportDiscardsEveryDevice() {
        fixture.given(liveWithSnapshot())
                .when(new DeleteSnapshot(DOMAIN, "s1", DeleteMode.MERGE, LiveState.RUNNING, BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(DeletionStarted.class, e -> List.of(new LiveTag(snap(1), "s1")).equals(e.liveTags()),
                                "live tags"), andNoMore())));
        List<Object> deleting = new ArrayList<>(liveWithSnapshot());
        deleting.add(new DeletionStarted(DOMAIN, snap(1), DeleteMode.MERGE, List.of(snap(1)),
                List.of(new io.snapledger.events.model.SnapshotOnDevice(snap(1), 1, DeviceLocation.internal("vda", Given.VDA)),
                        new io.snapledger.events.model.SnapshotOnDevice(snap(1), 1, DeviceLocation.internal("vdb", Given.VDB))),
                java.util.Map.of(), List.of(new LiveTag(snap(1), "s1")), Given.meta()));
        setUpFixture();
        fixture.given(deleting).when(new RecordLiveSnapshotDeleted(DOMAIN, snap(1), snap(1), "sl-delete-x", BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(LiveSnapshotDeleted.class, e -> e.jobId().equals("sl-delete-x"), "job"),
                        event(DeviceSnapshotDiscarded.class, e -> e.device().equals("vda"), "vda"),
                        event(DeviceSnapshotDiscarded.class, e -> e.device().equals("vdb"), "vdb"),
                        event(SnapshotDeleted.class, e -> true, "deleted"),
                        event(CurrentSnapshotSet.class, e -> e.snapshotUuid() == null, "no current"), andNoMore())));
    }

    @Test
    void aRunningDomainCannotDeleteAnInternalSnapshotFromAnImageItNoLongerWrites() {
        List<Object> moved = new ArrayList<>(liveWithSnapshot());
        moved.add(new io.snapledger.events.DomainLifecycleEvent.DeviceImageChanged(DOMAIN, "vda", Given.VDA,
                "/images/web01-vda.d1.qcow2", io.snapledger.events.model.ImageFormat.QCOW2, Given.meta()));
        fixture.given(moved)
                .when(new DeleteSnapshot(DOMAIN, "s1", DeleteMode.MERGE, LiveState.RUNNING, BY_OPERATOR))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("which device vda no longer writes"))
                .expectNoEvents();
    }
}
