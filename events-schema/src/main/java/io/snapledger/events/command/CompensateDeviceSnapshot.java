package io.snapledger.events.command;

import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * Asks a device writer to undo its part of a snapshot. Idempotent: undoing what was never done
 * succeeds. The writer answers with {@link RecordDeviceCompensated}.
 */
public record CompensateDeviceSnapshot(String domain, UUID snapshotUuid, DeviceLocation location,
                                       CommandMetadata meta) implements DeviceWorkCommand {

    public CompensateDeviceSnapshot {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonNull(location, "location");
        Require.nonNull(meta, "meta");
    }

    /** The device this command is for. */
    @Override
    public String device() {
        return location.device();
    }
}
