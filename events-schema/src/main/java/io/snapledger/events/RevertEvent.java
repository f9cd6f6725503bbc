package io.snapledger.events;

import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.LiveRevert;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.util.List;
import java.util.UUID;

/**
 * Facts of reverting a domain to a snapshot: started, per device reverted or failed (and
 * compensated back to the safety point after a failure), then completed or aborted.
 */
public sealed interface RevertEvent extends DomainEvent {

    /** The snapshot being reverted to. */
    UUID snapshotUuid();

    /**
     * The domain accepted a revert; device work may begin.
     *
     * @param previousCurrentUuid the snapshot that was current, or null if there was none; where
     *                            an aborted revert leaves current
     * @param devices             what the revert does per device: internal applies the entry;
     *                            external names the fresh overlay ({@code file}) put on the
     *                            snapshot's frozen image, which becomes the device's active layer
     * @param locations           where the snapshot's data is on each of those devices
     * @param snapshotId          the snapshot's number, its qcow2 {@code id_str} on every device
     * @param live                how a running domain's QEMU reverts (revision 2); null when the
     *                            images are reverted by snapledger itself (always so in revision 1)
     */
    @EventType(name = "RevertStarted", revision = 2)
    record RevertStarted(String domain, UUID snapshotUuid, long snapshotId, @Nullable UUID previousCurrentUuid,
                         List<DevicePlan> devices, List<DeviceLocation> locations, @Nullable LiveRevert live,
                         EventMetadata meta) implements RevertEvent {

        public RevertStarted(String domain, UUID snapshotUuid, long snapshotId, UUID previousCurrentUuid,
                             List<DevicePlan> devices, List<DeviceLocation> locations, EventMetadata meta) {
            this(domain, snapshotUuid, snapshotId, previousCurrentUuid, devices, locations, null, meta);
        }

        public RevertStarted {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.positive(snapshotId, "snapshotId");
            devices = Require.distinctBy(Require.nonEmptyListOf(devices, "devices"), DevicePlan::device, "devices");
            for (DevicePlan plan : devices) {
                if (plan.mode() == DiskSnapshotMode.NO) {
                    throw new IllegalArgumentException("device " + plan.device()
                            + " is not in the snapshot; it cannot be reverted");
                }
            }
            locations = Require.distinctBy(Require.nonEmptyListOf(locations, "locations"), DeviceLocation::device,
                    "locations");
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * A device now reads as it did at the snapshot; a safety point allows compensation until the
     * revert completes.
     *
     * @param newActivePath the fresh overlay on the snapshot's image, for an external snapshot;
     *                      null when the device was reverted in place (internal)
     */
    @EventType(name = "DeviceReverted", revision = 1)
    record DeviceReverted(String domain, UUID snapshotUuid, String device, @Nullable String newActivePath,
                          EventMetadata meta) implements RevertEvent {

        public DeviceReverted {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonBlank(device, "device");
            Require.nullOrNonBlank(newActivePath, "newActivePath");
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * Every device had reverted, and this one let go of its way back (the internal safety point);
     * when all have, the revert completes.
     */
    @EventType(name = "DeviceRevertCommitted", revision = 1)
    record DeviceRevertCommitted(String domain, UUID snapshotUuid, String device, EventMetadata meta)
            implements RevertEvent {

        public DeviceRevertCommitted {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonBlank(device, "device");
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * A device could not be reverted; the revert will be aborted.
     *
     * @param errorCode a stable machine-readable code
     * @param message   what went wrong, for people
     */
    @EventType(name = "DeviceRevertFailed", revision = 1)
    record DeviceRevertFailed(String domain, UUID snapshotUuid, String device, String errorCode, String message,
                              EventMetadata meta) implements RevertEvent {

        public DeviceRevertFailed {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonBlank(device, "device");
            Require.nonBlank(errorCode, "errorCode");
            Require.nonBlank(message, "message");
            Require.nonNull(meta, "meta");
        }
    }

    /** A reverted device was put back to its safety point: it reads as before the revert. */
    @EventType(name = "DeviceRevertCompensated", revision = 1)
    record DeviceRevertCompensated(String domain, UUID snapshotUuid, String device, EventMetadata meta)
            implements RevertEvent {

        public DeviceRevertCompensated {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonBlank(device, "device");
            Require.nonNull(meta, "meta");
        }
    }

    /** Every device was reverted: the snapshot became current, and the next snapshot is its child. */
    @EventType(name = "RevertCompleted", revision = 1)
    record RevertCompleted(String domain, UUID snapshotUuid, EventMetadata meta) implements RevertEvent {

        public RevertCompleted {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * The revert was given up after every reverted device was compensated; current is unchanged.
     *
     * @param why what made it fail, for people
     */
    @EventType(name = "RevertAborted", revision = 1)
    record RevertAborted(String domain, UUID snapshotUuid, String why, EventMetadata meta) implements RevertEvent {

        public RevertAborted {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonBlank(why, "why");
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * A running domain's QEMU reverted every device and the memory state in one
     * {@code snapshot-load} job; each device is then recorded reverted.
     *
     * @param jobId  the QEMU job's id
     * @param paused the domain was left paused ({@code --paused}), else running
     */
    @EventType(name = "LiveSnapshotLoaded", revision = 1)
    record LiveSnapshotLoaded(String domain, UUID snapshotUuid, String jobId, boolean paused, EventMetadata meta)
            implements RevertEvent {

        public LiveSnapshotLoaded {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonBlank(jobId, "jobId");
            Require.nonNull(meta, "meta");
        }
    }
}
