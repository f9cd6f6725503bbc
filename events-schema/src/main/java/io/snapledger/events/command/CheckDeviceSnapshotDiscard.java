package io.snapledger.events.command;

import io.snapledger.events.model.DeviceLayers;
import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * Asks a device writer whether it can throw a deleted snapshot's data away, changing nothing. The
 * writer answers with {@link RecordDeviceSnapshotDiscardReady}, or aborts the deletion.
 *
 * @param layers the files history knows on the device; needed for an external snapshot only
 */
public record CheckDeviceSnapshotDiscard(String domain, UUID snapshotUuid, long snapshotId, DeviceLocation location,
                                         @Nullable DeviceLayers layers, CommandMetadata meta)
        implements DeviceWorkCommand {

    public CheckDeviceSnapshotDiscard {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.positive(snapshotId, "snapshotId");
        Require.nonNull(location, "location");
        Require.nonNull(meta, "meta");
    }

    /** The device this command is for. */
    @Override
    public String device() {
        return location.device();
    }
}
