package io.snapledger.events.command;

import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.time.Instant;
import java.util.UUID;

/**
 * Asks a device writer to take its part of a snapshot: an internal entry, or an overlay. The writer
 * answers with {@link RecordDevicePrepared} or {@link RecordDeviceFailed}.
 *
 * @param snapshotId the per-domain number, written as qcow2 {@code id_str}
 * @param parentUuid the parent snapshot, kept with the UUID in the qcow2 entry's extra data
 * @param location   where this device's part goes
 * @param takenAt    the snapshot's time, written as the qcow2 entry's date
 */
public record PrepareDeviceSnapshot(String domain, UUID snapshotUuid, long snapshotId, String snapshotName,
                                    @Nullable UUID parentUuid, DeviceLocation location, Instant takenAt,
                                    CommandMetadata meta) implements DeviceWorkCommand {

    public PrepareDeviceSnapshot {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.positive(snapshotId, "snapshotId");
        Require.nonBlank(snapshotName, "snapshotName");
        Require.nonNull(location, "location");
        Require.nonNull(takenAt, "takenAt");
        Require.nonNull(meta, "meta");
    }

    /** The device this command is for. */
    @Override
    public String device() {
        return location.device();
    }
}
