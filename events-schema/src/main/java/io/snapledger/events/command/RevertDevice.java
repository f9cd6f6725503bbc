package io.snapledger.events.command;

import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * Asks a device writer to make a safety point and revert one device to the snapshot. The writer
 * answers with {@link RecordDeviceReverted} or {@link RecordDeviceRevertFailed}.
 *
 * @param plan the snapshot's plan for this device: where its data is
 */
public record RevertDevice(String domain, UUID snapshotUuid, DevicePlan plan, CommandMetadata meta)
        implements DeviceWorkCommand {

    public RevertDevice {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
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
