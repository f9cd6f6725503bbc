package io.snapledger.events.command;

import io.snapledger.events.model.Require;

import java.util.UUID;

/** A device writer reports it let go of a revert's way back on one device. */
public record RecordDeviceRevertCommitted(String domain, UUID snapshotUuid, String device, CommandMetadata meta)
        implements ProgressCommand {

    public RecordDeviceRevertCommitted {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(device, "device");
        Require.nonNull(meta, "meta");
    }
}
