package io.snapledger.events;

import io.snapledger.events.DeletionEvent.ChildReparented;
import io.snapledger.events.DeletionEvent.DeletionAborted;
import io.snapledger.events.DeletionEvent.DeletionStarted;
import io.snapledger.events.DeletionEvent.DeviceSnapshotDiscarded;
import io.snapledger.events.DeletionEvent.DeviceSnapshotMerged;
import io.snapledger.events.DeletionEvent.SnapshotDeleted;
import io.snapledger.events.DomainLifecycleEvent.DeviceImageChanged;
import io.snapledger.events.DomainLifecycleEvent.DomainDefined;
import io.snapledger.events.DomainLifecycleEvent.DomainUndefined;
import io.snapledger.events.DomainLifecycleEvent.QemuAttached;
import io.snapledger.events.model.QemuLink;
import io.snapledger.events.EditEvent.CurrentSnapshotSet;
import io.snapledger.events.EditEvent.SnapshotDescribed;
import io.snapledger.events.EditEvent.SnapshotImported;
import io.snapledger.events.EditEvent.SnapshotRenamed;
import io.snapledger.events.ReconcileEvent.DriftDetected;
import io.snapledger.events.RevertEvent.DeviceRevertCompensated;
import io.snapledger.events.RevertEvent.DeviceRevertFailed;
import io.snapledger.events.RevertEvent.DeviceReverted;
import io.snapledger.events.RevertEvent.RevertAborted;
import io.snapledger.events.RevertEvent.RevertCompleted;
import io.snapledger.events.RevertEvent.RevertStarted;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotCompensated;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotFailed;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotPrepared;
import io.snapledger.events.SnapshotCreationEvent.MemoryStateSaved;
import io.snapledger.events.SnapshotCreationEvent.SnapshotAborted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotCompleted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.SnapshotOnDevice;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.ImportSource;
import io.snapledger.events.model.MemoryMode;
import io.snapledger.events.model.MemoryPlan;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One sample of every event type, built from fixed ids and times so its JSON never changes unless
 * the mapping does. The golden files under {@code src/test/resources/golden} are these samples.
 */
public final class EventSamples {

    public static final String DOMAIN = "web01";
    public static final UUID ROOT = UUID.fromString("0b7e5c1a-1d2f-4a3b-8c4d-5e6f7a8b9c01");
    public static final UUID SNAPSHOT = UUID.fromString("0b7e5c1a-1d2f-4a3b-8c4d-5e6f7a8b9c02");
    public static final UUID CHILD = UUID.fromString("0b7e5c1a-1d2f-4a3b-8c4d-5e6f7a8b9c03");
    public static final UUID OPERATION = UUID.fromString("c0ffee00-0000-4000-8000-000000000001");
    public static final Instant AT = Instant.parse("2024-05-01T10:15:30Z");

    private EventSamples() {
    }

    public static EventMetadata meta() {
        return new EventMetadata(UUID.fromString("e0e0e0e0-0000-4000-8000-000000000001"), AT, "alice",
                "before kernel upgrade", OPERATION);
    }

    /** Metadata as a component (not a person) records it, without a reason. */
    public static EventMetadata sagaMeta() {
        return new EventMetadata(UUID.fromString("e0e0e0e0-0000-4000-8000-000000000002"),
                Instant.parse("2024-05-01T10:15:31.250Z"), "snapshot-saga", null, OPERATION);
    }

    public static List<DomainEvent> all() {
        List<DevicePlan> plans = List.of(DevicePlan.internal("vda"),
                DevicePlan.external("vdb", "/var/lib/snapledger/web01/vdb.pre-upgrade.qcow2"));
        return List.of(
                new DomainDefined(DOMAIN, List.of(
                        new DeviceSpec("vda", "/var/lib/libvirt/images/web01-vda.qcow2", ImageFormat.QCOW2),
                        new DeviceSpec("vdb", "/var/lib/libvirt/images/web01-vdb.raw", ImageFormat.RAW)),
                        false, meta()),
                new DomainUndefined(DOMAIN, meta()),
                new QemuAttached(DOMAIN, QemuLink.attached("/run/web01/qmp.sock"), meta()),
                new DeviceImageChanged(DOMAIN, "vdb", "/var/lib/libvirt/images/web01-vdb.raw",
                        "/var/lib/snapledger/web01/vdb.pre-upgrade.qcow2", ImageFormat.QCOW2, sagaMeta()),

                new SnapshotStarted(DOMAIN, SNAPSHOT, 2, "pre-upgrade", "before the kernel upgrade", ROOT,
                        MemoryPlan.none(), plans, locations(), false, meta()),
                new DeviceSnapshotPrepared(DOMAIN, SNAPSHOT, "vdb", DiskSnapshotMode.EXTERNAL,
                        "/var/lib/snapledger/web01/vdb.pre-upgrade.qcow2", "sha256:9f86d081884c7d65", sagaMeta()),
                new DeviceSnapshotFailed(DOMAIN, SNAPSHOT, "vda", "NO_SPACE",
                        "no space left on /var/lib/libvirt/images for the snapshot table", sagaMeta()),
                new DeviceSnapshotCompensated(DOMAIN, SNAPSHOT, "vdb", sagaMeta()),
                new MemoryStateSaved(DOMAIN, SNAPSHOT, MemoryMode.INTERNAL, "vda", null, 1_073_741_824L, sagaMeta()),
                new SnapshotCompleted(DOMAIN, SNAPSHOT, sagaMeta()),
                new SnapshotCreationEvent.LiveSnapshotSaved(DOMAIN, SNAPSHOT, "save-" + SNAPSHOT, "pre-upgrade", "vda",
                        List.of(new io.snapledger.events.model.QemuSnapshotId("vda", "4"),
                                new io.snapledger.events.model.QemuSnapshotId("vdb", "1")), 835_584L, sagaMeta()),
                new SnapshotAborted(DOMAIN, SNAPSHOT, "device vda failed: NO_SPACE", sagaMeta()),

                new RevertStarted(DOMAIN, SNAPSHOT, 2, CHILD, plans, locations(),
                        new io.snapledger.events.model.LiveRevert("pre-upgrade", "vda", true), meta()),
                new RevertEvent.LiveSnapshotLoaded(DOMAIN, SNAPSHOT, "load-" + SNAPSHOT, true, sagaMeta()),
                new DeviceReverted(DOMAIN, SNAPSHOT, "vdb", "/var/lib/snapledger/web01/vdb.revert-1.qcow2", sagaMeta()),
                new DeviceRevertFailed(DOMAIN, SNAPSHOT, "vda", "IMAGE_LOCKED",
                        "/var/lib/libvirt/images/web01-vda.qcow2 is locked by another process", sagaMeta()),
                new DeviceRevertCompensated(DOMAIN, SNAPSHOT, "vdb", sagaMeta()),
                new io.snapledger.events.RevertEvent.DeviceRevertCommitted(DOMAIN, SNAPSHOT, "vda", sagaMeta()),
                new RevertCompleted(DOMAIN, SNAPSHOT, sagaMeta()),
                new RevertAborted(DOMAIN, SNAPSHOT, "device vda failed: IMAGE_LOCKED", sagaMeta()),

                new DeletionStarted(DOMAIN, SNAPSHOT, DeleteMode.CHILDREN, List.of(SNAPSHOT, CHILD),
                        List.of(new SnapshotOnDevice(SNAPSHOT, 2, locations().get(0)),
                                new SnapshotOnDevice(CHILD, 3, locations().get(1))),
                        java.util.Map.of("vdb", new io.snapledger.events.model.DeviceLayers(
                                locations().get(1).overlay(),
                                List.of(locations().get(1).image(), locations().get(1).overlay()))),
                        List.of(new io.snapledger.events.model.LiveTag(SNAPSHOT, "pre-upgrade"),
                                new io.snapledger.events.model.LiveTag(CHILD, "post-upgrade")), meta()),
                new DeletionEvent.LiveSnapshotDeleted(DOMAIN, SNAPSHOT, CHILD, "delete-" + CHILD, sagaMeta()),
                new DeviceSnapshotMerged(DOMAIN, SNAPSHOT, "vdb", sagaMeta()),
                new io.snapledger.events.DeletionEvent.DeviceSnapshotDiscardReady(DOMAIN, CHILD, "vda", sagaMeta()),
                new DeviceSnapshotDiscarded(DOMAIN, CHILD, "vda", sagaMeta()),
                new ChildReparented(DOMAIN, CHILD, SNAPSHOT, ROOT, sagaMeta()),
                new SnapshotDeleted(DOMAIN, SNAPSHOT, sagaMeta()),
                new DeletionAborted(DOMAIN, SNAPSHOT, "merge of vdb failed: IO_ERROR", sagaMeta()),

                new SnapshotRenamed(DOMAIN, SNAPSHOT, "pre-upgrade", "kernel-6.1-baseline", meta()),
                new SnapshotDescribed(DOMAIN, SNAPSHOT, "known good before the 6.8 kernel", meta()),
                new SnapshotImported(DOMAIN, ROOT, 1, "installed", null, null, Instant.parse("2024-04-02T08:00:00Z"),
                        MemoryPlan.none(), List.of(DevicePlan.internal("vda"), DevicePlan.excluded("vdb")),
                        ImportSource.QCOW2_EXTRA_DATA, meta()),
                new CurrentSnapshotSet(DOMAIN, ROOT, SNAPSHOT, meta()),
                new DriftDetected(DOMAIN, "vda", "unknown-snapshot",
                        "qcow2 snapshot 'manual-1' (id_str 7) is not in the history", meta()),
                new io.snapledger.events.RecoveryEvent.OperationResumed(DOMAIN, SNAPSHOT, "take", meta()));
    }

    public static DomainEvent of(Class<? extends DomainEvent> type) {
        return all().stream().filter(type::isInstance).findFirst()
                .orElseThrow(() -> new AssertionError("no sample of " + type.getName() + " in EventSamples"));
    }

    static List<DeviceLocation> locations() {
        return List.of(DeviceLocation.internal("vda", "/var/lib/libvirt/images/web01-vda.qcow2"),
                DeviceLocation.external("vdb", "/var/lib/libvirt/images/web01-vdb.raw", ImageFormat.RAW,
                        "/var/lib/snapledger/web01/vdb.pre-upgrade.qcow2"));
    }
}
