package io.snapledger.events.command;

import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * Asks a device writer to throw a deleted snapshot's data away on one device. The writer answers
 * with {@link RecordDeviceSnapshotDiscarded}.
 */
public record DiscardDeviceSnapshot(String domain, UUID snapshotUuid, String device, CommandMetadata meta)
        implements DeviceWorkCommand {

    public DiscardDeviceSnapshot {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(device, "device");
        Require.nonNull(meta, "meta");
    }
}
