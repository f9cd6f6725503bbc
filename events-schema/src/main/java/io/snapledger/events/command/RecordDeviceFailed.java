package io.snapledger.events.command;

import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * A device writer reports that it could not do its part of a snapshot.
 */
public record RecordDeviceFailed(String domain, UUID snapshotUuid, String device, String errorCode, String message,
                                 CommandMetadata meta) implements ProgressCommand {

    public RecordDeviceFailed {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(device, "device");
        Require.nonBlank(errorCode, "errorCode");
        Require.nonBlank(message, "message");
        Require.nonNull(meta, "meta");
    }
}
