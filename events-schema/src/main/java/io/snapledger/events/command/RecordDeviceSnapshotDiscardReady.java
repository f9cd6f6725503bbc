package io.snapledger.events.command;

import io.snapledger.events.model.Require;

import java.util.UUID;

/** A device writer reports it can drop a deleted snapshot's data; nothing was changed yet. */
public record RecordDeviceSnapshotDiscardReady(String domain, UUID snapshotUuid, String device, CommandMetadata meta)
        implements ProgressCommand {

    public RecordDeviceSnapshotDiscardReady {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(device, "device");
        Require.nonNull(meta, "meta");
    }
}
