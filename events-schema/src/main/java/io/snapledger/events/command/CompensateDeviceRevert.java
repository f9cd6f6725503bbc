package io.snapledger.events.command;

import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * Asks a device writer to put a device back as it was before {@link RevertDevice}: back to the
 * safety point (internal) or without the fresh overlay (external). Idempotent. The writer answers
 * with {@link RecordDeviceRevertCompensated}.
 */
public record CompensateDeviceRevert(String domain, UUID snapshotUuid, long snapshotId, DeviceLocation target,
                                     @Nullable String newOverlay, CommandMetadata meta) implements DeviceWorkCommand {

    public CompensateDeviceRevert {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.positive(snapshotId, "snapshotId");
        Require.nonNull(target, "target");
        Require.nullOrNonBlank(newOverlay, "newOverlay");
        Require.nonNull(meta, "meta");
    }

    /** The device this command is for. */
    @Override
    public String device() {
        return target.device();
    }
}
