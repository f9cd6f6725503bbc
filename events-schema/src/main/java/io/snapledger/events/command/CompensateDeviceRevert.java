package io.snapledger.events.command;

import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * Asks a device writer to put a device back to its safety point. The writer answers with
 * {@link RecordDeviceRevertCompensated}.
 */
public record CompensateDeviceRevert(String domain, UUID snapshotUuid, String device, CommandMetadata meta)
        implements DeviceWorkCommand {

    public CompensateDeviceRevert {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(device, "device");
        Require.nonNull(meta, "meta");
    }
}
