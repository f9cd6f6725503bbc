package io.snapledger.events.command;

import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * A device writer reports that a deleted snapshot's data was discarded on a device.
 */
public record RecordDeviceSnapshotDiscarded(String domain, UUID snapshotUuid, String device, CommandMetadata meta)
        implements ProgressCommand {

    public RecordDeviceSnapshotDiscarded {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(device, "device");
        Require.nonNull(meta, "meta");
    }
}
