package io.snapledger.events.command;

import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * Asks a device writer to revert one device to the snapshot, keeping a way back until the revert
 * completes: internal keeps a safety point, external adds a fresh overlay. The writer answers with
 * {@link RecordDeviceReverted} or {@link RecordDeviceRevertFailed}.
 *
 * @param snapshotId the snapshot's number (its qcow2 {@code id_str}), to find entries without our UUID
 * @param target     where the snapshot's data is on this device
 * @param newOverlay external: the fresh overlay to create on the snapshot's frozen image; else null
 */
public record RevertDevice(String domain, UUID snapshotUuid, long snapshotId, DeviceLocation target,
                           @Nullable String newOverlay, CommandMetadata meta) implements DeviceWorkCommand {

    public RevertDevice {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.positive(snapshotId, "snapshotId");
        Require.nonNull(target, "target");
        Require.nullOrNonBlank(newOverlay, "newOverlay");
        Require.nonNull(meta, "meta");
    }

    /** The device this command is for. */
    @Override
    public String device() {
        return target.device();
    }
}
