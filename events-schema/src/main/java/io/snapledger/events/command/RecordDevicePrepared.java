package io.snapledger.events.command;

import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * A device writer reports that it did its part of a snapshot.
 *
 * @param file the new overlay for an external snapshot; null for an internal one
 */
public record RecordDevicePrepared(String domain, UUID snapshotUuid, String device, DiskSnapshotMode mode,
                                   @Nullable String file, @Nullable String contentDigest, CommandMetadata meta)
        implements ProgressCommand {

    public RecordDevicePrepared {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(device, "device");
        Require.nonNull(mode, "mode");
        if (mode == DiskSnapshotMode.NO) {
            throw new IllegalArgumentException("device " + device + " is not in the snapshot; nothing was prepared");
        }
        Require.nullOrNonBlank(file, "file");
        Require.nullOrNonBlank(contentDigest, "contentDigest");
        Require.nonNull(meta, "meta");
    }
}
