package io.snapledger.events.command;

import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * Asks a device writer to delete a snapshot on one device so its children read the same bytes.
 * The writer answers with {@link RecordDeviceSnapshotMerged}.
 */
public record MergeDeviceSnapshot(String domain, UUID snapshotUuid, String device, CommandMetadata meta)
        implements DeviceWorkCommand {

    public MergeDeviceSnapshot {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(device, "device");
        Require.nonNull(meta, "meta");
    }
}
