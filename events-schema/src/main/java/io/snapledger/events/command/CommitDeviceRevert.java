package io.snapledger.events.command;

import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * Tells a device writer that every device reverted, so the way back it kept (the internal safety
 * point) can go. Idempotent. The writer answers with {@link RecordDeviceRevertCommitted}.
 */
public record CommitDeviceRevert(String domain, UUID snapshotUuid, long snapshotId, DeviceLocation target,
                                 @Nullable String newOverlay, CommandMetadata meta) implements DeviceWorkCommand {

    public CommitDeviceRevert {
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
