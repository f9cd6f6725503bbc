package io.snapledger.events.command;

import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * Asks a device writer to take its part of a snapshot: an internal entry, or an overlay. The writer
 * answers with {@link RecordDevicePrepared} or {@link RecordDeviceFailed}.
 *
 * @param snapshotId the per-domain number, written as qcow2 {@code id_str}
 * @param parentUuid the parent snapshot, kept with the UUID in the qcow2 entry's extra data
 * @param plan       how this device takes part; never mode {@code no}
 */
public record PrepareDeviceSnapshot(String domain, UUID snapshotUuid, long snapshotId, String snapshotName,
                                    @Nullable UUID parentUuid, DevicePlan plan, CommandMetadata meta)
        implements DeviceWorkCommand {

    public PrepareDeviceSnapshot {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.positive(snapshotId, "snapshotId");
        Require.nonBlank(snapshotName, "snapshotName");
        Require.nonNull(plan, "plan");
        if (plan.mode() == DiskSnapshotMode.NO) {
            throw new IllegalArgumentException("device " + plan.device() + " is not in the snapshot");
        }
        Require.nonNull(meta, "meta");
    }

    /** The device this command is for. */
    @Override
    public String device() {
        return plan.device();
    }
}
