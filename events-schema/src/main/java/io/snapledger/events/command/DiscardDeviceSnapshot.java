package io.snapledger.events.command;

import io.snapledger.events.model.DeviceLayers;
import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * Asks a device writer to throw a deleted snapshot's data away on one device (an internal entry
 * is dropped; clusters its children still use stay; an external snapshot's frozen image is merged
 * into the files reading from it). Idempotent. The writer answers with
 * {@link RecordDeviceSnapshotDiscarded} or, for an external snapshot, {@link RecordDeviceSnapshotMerged}.
 *
 * @param layers the files history knows on the device; needed for an external snapshot only
 */
public record DiscardDeviceSnapshot(String domain, UUID snapshotUuid, long snapshotId, DeviceLocation location,
                                    @Nullable DeviceLayers layers, CommandMetadata meta) implements DeviceWorkCommand {

    public DiscardDeviceSnapshot {
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
