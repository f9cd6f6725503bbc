package io.snapledger.events.command;

import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.Require;

import java.util.List;
import java.util.UUID;

/**
 * Undoes a disk-only external snapshot of a running domain that will not complete: a device on
 * its new overlay is committed back into the image below (active commit) and switched back; the
 * overlay node is removed from QEMU and the file, if this operation made it, deleted. Answered by
 * {@link RecordDeviceCompensated} for every device.
 */
public record CompensateLiveOverlays(String domain, UUID snapshotUuid, List<DeviceLocation> locations,
                                     CommandMetadata meta) implements LiveWorkCommand {

    public CompensateLiveOverlays {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        locations = List.copyOf(Require.nonEmptyListOf(locations, "locations"));
        Require.nonNull(meta, "meta");
    }

    @Override
    public List<String> devices() {
        return locations.stream().map(DeviceLocation::device).toList();
    }
}
