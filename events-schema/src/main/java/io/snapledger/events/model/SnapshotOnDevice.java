package io.snapledger.events.model;

import java.util.UUID;

/**
 * One snapshot's part on one device, as a deletion works through it.
 *
 * @param snapshotId the snapshot's per-domain number (its qcow2 {@code id_str})
 */
public record SnapshotOnDevice(UUID snapshotUuid, long snapshotId, DeviceLocation location) {

    public SnapshotOnDevice {
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.positive(snapshotId, "snapshotId");
        Require.nonNull(location, "location");
    }
}
