package io.snapledger.events.command;

import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * A device writer reports that it undid its part of a snapshot.
 */
public record RecordDeviceCompensated(String domain, UUID snapshotUuid, String device, CommandMetadata meta)
        implements ProgressCommand {

    public RecordDeviceCompensated {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(device, "device");
        Require.nonNull(meta, "meta");
    }
}
