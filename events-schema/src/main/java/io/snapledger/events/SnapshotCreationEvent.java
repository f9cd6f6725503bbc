package io.snapledger.events;

import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.MemoryMode;
import io.snapledger.events.model.MemoryPlan;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.QemuSnapshotId;
import io.snapledger.events.model.Require;

import java.util.List;
import java.util.UUID;

/**
 * Facts of taking a snapshot: started, then per device prepared or failed (and compensated after
 * a failure), then completed or aborted. All events of one take share the snapshot's UUID.
 */
public sealed interface SnapshotCreationEvent extends DomainEvent {

    UUID snapshotUuid();

    /**
     * The domain accepted a snapshot and fixed its identity and plan; device work may begin.
     *
     * @param id          the per-domain number, never reused; written as qcow2 {@code id_str} on
     *                    every device so all disks agree
     * @param parentUuid  the snapshot that was current, or null for a first (root) snapshot
     * @param devices     one resolved plan per device of the domain, {@code no} for those left out
     * @param locations   where each included device's part goes: the active image at this moment
     *                    (and the overlay to create, for external)
     * @param online      whether the domain was running when the snapshot was taken
     */
    @EventType(name = "SnapshotStarted", revision = 1)
    record SnapshotStarted(String domain, UUID snapshotUuid, long id, String name, @Nullable String description,
                           @Nullable UUID parentUuid, MemoryPlan memory, List<DevicePlan> devices,
                           List<DeviceLocation> locations, boolean online, EventMetadata meta)
            implements SnapshotCreationEvent {

        public SnapshotStarted {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.positive(id, "id");
            Require.nonBlank(name, "name");
            Require.nullOrNonBlank(description, "description");
            Require.nonNull(memory, "memory").requireResolved();
            devices = Require.distinctBy(Require.nonEmptyListOf(devices, "devices"), DevicePlan::device, "devices");
            devices.forEach(DevicePlan::requireResolved);
            locations = Require.distinctBy(Require.listOf(locations, "locations"), DeviceLocation::device, "locations");
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * A device writer did its part of the snapshot; it can still be compensated until the
     * snapshot completes.
     *
     * @param file          the new overlay for an external snapshot; null for an internal one
     * @param contentDigest a digest of the guest-visible content at the snapshot, when the writer
     *                      computed one (for later verification), else null
     */
    @EventType(name = "DeviceSnapshotPrepared", revision = 1)
    record DeviceSnapshotPrepared(String domain, UUID snapshotUuid, String device, DiskSnapshotMode mode,
                                  @Nullable String file, @Nullable String contentDigest, EventMetadata meta)
            implements SnapshotCreationEvent {

        public DeviceSnapshotPrepared {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonBlank(device, "device");
            Require.nonNull(mode, "mode");
            if (mode == DiskSnapshotMode.NO) {
                throw new IllegalArgumentException("device " + device
                        + " is not in the snapshot; nothing was prepared");
            }
            new DevicePlan(device, mode, file).requireResolved();
            Require.nullOrNonBlank(contentDigest, "contentDigest");
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * A device writer could not do its part; the snapshot will be aborted.
     *
     * @param errorCode a stable machine-readable code, e.g. {@code NO_SPACE}
     * @param message   what went wrong, for people
     */
    @EventType(name = "DeviceSnapshotFailed", revision = 1)
    record DeviceSnapshotFailed(String domain, UUID snapshotUuid, String device, String errorCode, String message,
                                EventMetadata meta) implements SnapshotCreationEvent {

        public DeviceSnapshotFailed {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonBlank(device, "device");
            Require.nonBlank(errorCode, "errorCode");
            Require.nonBlank(message, "message");
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * A prepared device was put back as it was before the snapshot: the internal entry deleted,
     * or the overlay removed and the previous active layer restored.
     */
    @EventType(name = "DeviceSnapshotCompensated", revision = 1)
    record DeviceSnapshotCompensated(String domain, UUID snapshotUuid, String device, EventMetadata meta)
            implements SnapshotCreationEvent {

        public DeviceSnapshotCompensated {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonBlank(device, "device");
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * The guest's memory state was saved for the snapshot.
     *
     * @param mode      internal or external
     * @param device    the device whose qcow2 vm-state area holds it, for internal memory; else null
     * @param file      the file that holds it, for external memory; else null
     * @param sizeBytes the size of the saved state
     */
    @EventType(name = "MemoryStateSaved", revision = 1)
    record MemoryStateSaved(String domain, UUID snapshotUuid, MemoryMode mode, @Nullable String device,
                            @Nullable String file, long sizeBytes, EventMetadata meta)
            implements SnapshotCreationEvent {

        public MemoryStateSaved {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonNull(mode, "mode");
            Require.nullOrNonBlank(device, "device");
            Require.nullOrNonBlank(file, "file");
            if (mode == MemoryMode.INTERNAL && (device == null || file != null)) {
                throw new IllegalArgumentException("internal memory state is kept by a device, not a file");
            }
            if (mode == MemoryMode.EXTERNAL && (file == null || device != null)) {
                throw new IllegalArgumentException("external memory state is kept in a file, not by a device");
            }
            if (mode == MemoryMode.NO) {
                throw new IllegalArgumentException("memory mode no saves no memory state");
            }
            Require.notNegative(sizeBytes, "sizeBytes");
            Require.nonNull(meta, "meta");
        }
    }

    /** Every device was prepared: the snapshot exists and became the domain's current snapshot. */
    @EventType(name = "SnapshotCompleted", revision = 1)
    record SnapshotCompleted(String domain, UUID snapshotUuid, EventMetadata meta) implements SnapshotCreationEvent {

        public SnapshotCompleted {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * The snapshot was given up after every prepared device was compensated; it never existed
     * for the tree, and its id is not reused.
     *
     * @param why what made it fail, for people
     */
    @EventType(name = "SnapshotAborted", revision = 1)
    record SnapshotAborted(String domain, UUID snapshotUuid, String why, EventMetadata meta)
            implements SnapshotCreationEvent {

        public SnapshotAborted {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonBlank(why, "why");
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * A running domain's QEMU took the snapshot in one {@code snapshot-save} job: the same tag on
     * every included device, the memory state on {@code vmstateDevice}. It stands for every
     * device's part; each is then recorded prepared.
     *
     * @param jobId       the QEMU job's id, as {@code query-jobs} showed it
     * @param tag         the internal snapshot's name on every device
     * @param qemuIds     the id_str QEMU gave the snapshot on each device
     * @param vmStateSize bytes of memory state saved on {@code vmstateDevice}
     */
    @EventType(name = "LiveSnapshotSaved", revision = 1)
    record LiveSnapshotSaved(String domain, UUID snapshotUuid, String jobId, String tag, String vmstateDevice,
                             List<QemuSnapshotId> qemuIds, long vmStateSize, EventMetadata meta)
            implements SnapshotCreationEvent {

        public LiveSnapshotSaved {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonBlank(jobId, "jobId");
            Require.nonBlank(tag, "tag");
            Require.nonBlank(vmstateDevice, "vmstateDevice");
            qemuIds = Require.distinctBy(Require.nonEmptyListOf(qemuIds, "qemuIds"), QemuSnapshotId::device, "qemuIds");
            Require.notNegative(vmStateSize, "vmStateSize");
            Require.nonNull(meta, "meta");
        }
    }
}
