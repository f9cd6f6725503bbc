package io.snapledger.events.command;

import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * A device writer reports that a device is back at its safety point.
 */
public record RecordDeviceRevertCompensated(String domain, UUID snapshotUuid, String device, CommandMetadata meta)
        implements ProgressCommand {

    public RecordDeviceRevertCompensated {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(device, "device");
        Require.nonNull(meta, "meta");
    }
}
