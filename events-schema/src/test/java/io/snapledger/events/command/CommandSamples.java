package io.snapledger.events.command;

import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.QemuLink;
import io.snapledger.events.model.LiveState;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.ImportSource;
import io.snapledger.events.model.MemoryMode;
import io.snapledger.events.model.MemoryPlan;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One sample of every command, with fixed values. */
final class CommandSamples {

    static final String DOMAIN = "web01";
    static final UUID SNAPSHOT = UUID.fromString("0b7e5c1a-1d2f-4a3b-8c4d-5e6f7a8b9c02");
    static final UUID PARENT = UUID.fromString("0b7e5c1a-1d2f-4a3b-8c4d-5e6f7a8b9c01");
    static final CommandMetadata META = new CommandMetadata("alice", "before kernel upgrade",
            UUID.fromString("c0ffee00-0000-4000-8000-000000000001"));
    static final CommandMetadata SAGA = new CommandMetadata("snapshot-saga", null, META.correlationId());

    private CommandSamples() {
    }

    static List<DomainCommand> all() {
        DevicePlan vda = DevicePlan.internal("vda");
        DevicePlan vdb = DevicePlan.external("vdb", "/var/lib/snapledger/web01/vdb.pre-upgrade.qcow2");
        return List.of(
                new DefineDomain(DOMAIN,
                        List.of(new DeviceSpec("vda", "/var/lib/libvirt/images/web01-vda.qcow2", ImageFormat.QCOW2)),
                        true, META),
                new DefineDomain(DOMAIN,
                        List.of(new DeviceSpec("vda", "/var/lib/libvirt/images/web01-vda.qcow2", ImageFormat.QCOW2)),
                        false, QemuLink.startedBySnapledger(), META),
                new UndefineDomain(DOMAIN, META),
                new TakeSnapshot(DOMAIN, "pre-upgrade", null, null, List.of(vda, vdb), true, 5L, META),
                new RevertToSnapshot(DOMAIN, "pre-upgrade", META),
                new SaveLiveSnapshot(DOMAIN, SNAPSHOT, "pre-upgrade", List.of("vda", "vdb"),
                        Instant.parse("2024-05-01T10:15:30Z"), META),
                new CompensateLiveSnapshot(DOMAIN, SNAPSHOT, "pre-upgrade", List.of("vda", "vdb"),
                        Instant.parse("2024-05-01T10:15:30Z"), META),
                new LoadLiveSnapshot(DOMAIN, SNAPSHOT, new io.snapledger.events.model.LiveRevert("pre-upgrade", "vda", false),
                        List.of("vda", "vdb"), META),
                new DeleteLiveSnapshots(DOMAIN, SNAPSHOT, List.of(new io.snapledger.events.model.LiveTag(SNAPSHOT,
                        "pre-upgrade")), List.of("vda", "vdb"), META),
                new RecordLiveSnapshotSaved(DOMAIN, SNAPSHOT, "save-1", "pre-upgrade", "vda",
                        List.of(new io.snapledger.events.model.QemuSnapshotId("vda", "2")), 835_584L, META),
                new RecordLiveSnapshotLoaded(DOMAIN, SNAPSHOT, "load-1", true, META),
                new SwitchLiveOverlays(DOMAIN, SNAPSHOT, 2, "pre-upgrade", null, List.of(VDB_AT),
                        Instant.parse("2024-05-01T10:15:30Z"), META),
                new CompensateLiveOverlays(DOMAIN, SNAPSHOT, List.of(VDB_AT), META),
                new SwitchLiveOverlays(DOMAIN, SNAPSHOT, 3, "checkpoint", SNAPSHOT, List.of(VDB_AT),
                        Instant.parse("2024-05-01T10:15:30Z"), "/var/lib/snapledger/checkpoint.vmstate", META),
                new CompensateLiveOverlays(DOMAIN, SNAPSHOT, List.of(VDB_AT), "/var/lib/snapledger/checkpoint.vmstate",
                        META),
                new RecordLiveSnapshotDeleted(DOMAIN, SNAPSHOT, SNAPSHOT, "delete-1", META),
                new RevertToSnapshot(DOMAIN, "pre-upgrade", LiveState.RUNNING, true, META),
                new TakeSnapshot(DOMAIN, null, null, null, List.of(), false, null, LiveState.PAUSED, META),
                new DeleteSnapshot(DOMAIN, "2", DeleteMode.MERGE, LiveState.SHUT_OFF, META),
                new DeleteSnapshot(DOMAIN, "2", DeleteMode.CHILDREN_ONLY, META),
                new RenameSnapshot(DOMAIN, SNAPSHOT.toString(), "baseline", META),
                new DescribeSnapshot(DOMAIN, "baseline", null, META),
                new ImportSnapshot(DOMAIN, SNAPSHOT, null, "manual-1", null, PARENT,
                        Instant.parse("2024-04-02T08:00:00Z"), MemoryPlan.none(), List.of(vda),
                        ImportSource.ADOPT, META),
                new RedefineSnapshot(DOMAIN, SNAPSHOT, "manual-1", "imported by hand", "installed", null, null,
                        List.of(), META),
                new SetCurrentSnapshot(DOMAIN, "installed", META),
                new SetDeviceImage(DOMAIN, "vda", "/var/lib/libvirt/images/web01-vda.base.qcow2", ImageFormat.QCOW2,
                        META),
                new RecordDrift(DOMAIN, "vda", "image-missing", "/var/lib/libvirt/images/web01-vda.qcow2 is gone",
                        META),
                new ResumeOperation(DOMAIN, META),

                new RecordDevicePrepared(DOMAIN, SNAPSHOT, "vdb", DiskSnapshotMode.EXTERNAL, vdb.file(), null, SAGA),
                new RecordDeviceFailed(DOMAIN, SNAPSHOT, "vda", "NO_SPACE", "no space left", SAGA),
                new RecordMemoryStateSaved(DOMAIN, SNAPSHOT, MemoryMode.EXTERNAL, null, "/var/lib/snapledger/mem",
                        4096, SAGA),
                new RecordDeviceCompensated(DOMAIN, SNAPSHOT, "vdb", SAGA),
                new AbortSnapshot(DOMAIN, SNAPSHOT, "device vda failed: NO_SPACE", SAGA),
                new RecordDeviceReverted(DOMAIN, SNAPSHOT, "vda", null, SAGA),
                new RecordDeviceRevertFailed(DOMAIN, SNAPSHOT, "vdb", "IMAGE_LOCKED", "locked", SAGA),
                new RecordDeviceRevertCompensated(DOMAIN, SNAPSHOT, "vda", SAGA),
                new RecordDeviceRevertCommitted(DOMAIN, SNAPSHOT, "vda", SAGA),
                new AbortRevert(DOMAIN, SNAPSHOT, "device vdb failed: IMAGE_LOCKED", SAGA),
                new RecordDeviceSnapshotMerged(DOMAIN, SNAPSHOT, "vda", "/var/lib/libvirt/images/web01-vda.qcow2", SAGA),
                new RecordDeviceSnapshotDiscardReady(DOMAIN, SNAPSHOT, "vdb", SAGA),
                new RecordDeviceSnapshotDiscarded(DOMAIN, SNAPSHOT, "vdb", SAGA),
                new AbortDeletion(DOMAIN, SNAPSHOT, "merge of vdb failed: IO_ERROR", SAGA),

                new PrepareDeviceSnapshot(DOMAIN, SNAPSHOT, 2, "pre-upgrade", PARENT, VDB_AT,
                        java.time.Instant.parse("2026-11-22T10:15:30Z"), SAGA),
                new CompensateDeviceSnapshot(DOMAIN, SNAPSHOT, VDA_AT, SAGA),
                new RevertDevice(DOMAIN, SNAPSHOT, 2, VDB_AT, "/var/lib/snapledger/web01/vdb.revert-1.qcow2", SAGA),
                new CompensateDeviceRevert(DOMAIN, SNAPSHOT, 2, VDA_AT, null, SAGA),
                new CommitDeviceRevert(DOMAIN, SNAPSHOT, 2, VDA_AT, null, SAGA),
                new CheckDeviceSnapshotDiscard(DOMAIN, SNAPSHOT, 2, VDA_AT, null, SAGA),
                new DiscardDeviceSnapshot(DOMAIN, SNAPSHOT, 2, VDB_AT, LAYERS, SAGA));
    }

    private static final io.snapledger.events.model.DeviceLayers LAYERS = new io.snapledger.events.model.DeviceLayers(
            "/var/lib/snapledger/web01/vdb.pre-upgrade.qcow2",
            List.of("/var/lib/libvirt/images/web01-vdb.raw", "/var/lib/snapledger/web01/vdb.pre-upgrade.qcow2"));

    private static final io.snapledger.events.model.DeviceLocation VDA_AT =
            io.snapledger.events.model.DeviceLocation.internal("vda", "/var/lib/libvirt/images/web01-vda.qcow2");
    private static final io.snapledger.events.model.DeviceLocation VDB_AT =
            io.snapledger.events.model.DeviceLocation.external("vdb", "/var/lib/libvirt/images/web01-vdb.raw",
                    io.snapledger.events.model.ImageFormat.RAW, "/var/lib/snapledger/web01/vdb.pre-upgrade.qcow2");
}
