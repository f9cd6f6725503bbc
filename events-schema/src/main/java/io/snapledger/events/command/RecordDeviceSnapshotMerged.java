package io.snapledger.events.command;

import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * A device writer reports that a deleted external snapshot's frozen image was merged away on a
 * device.
 *
 * @param newActiveImage the image now taking the device's writes when it changed (the active
 *                       overlay was committed into the frozen image), else null
 */
public record RecordDeviceSnapshotMerged(String domain, UUID snapshotUuid, String device,
                                         @Nullable String newActiveImage, CommandMetadata meta)
        implements ProgressCommand {

    public RecordDeviceSnapshotMerged {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(device, "device");
        Require.nullOrNonBlank(newActiveImage, "newActiveImage");
        Require.nonNull(meta, "meta");
    }
}
