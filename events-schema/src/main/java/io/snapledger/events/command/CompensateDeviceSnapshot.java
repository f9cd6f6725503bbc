package io.snapledger.events.command;

import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * Asks a device writer to undo its part of a snapshot. Idempotent: undoing what was never done
 * succeeds. The writer answers with {@link RecordDeviceCompensated}.
 */
public record CompensateDeviceSnapshot(String domain, UUID snapshotUuid, DevicePlan plan, CommandMetadata meta)
        implements DeviceWorkCommand {

    public CompensateDeviceSnapshot {
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
