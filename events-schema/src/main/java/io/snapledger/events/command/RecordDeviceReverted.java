package io.snapledger.events.command;

import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * A device writer reports that a device was reverted to the snapshot.
 *
 * @param newActivePath the fresh overlay for an external snapshot; null when reverted in place
 */
public record RecordDeviceReverted(String domain, UUID snapshotUuid, String device, @Nullable String newActivePath,
                                   CommandMetadata meta) implements ProgressCommand {

    public RecordDeviceReverted {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(device, "device");
        Require.nullOrNonBlank(newActivePath, "newActivePath");
        Require.nonNull(meta, "meta");
    }
}
