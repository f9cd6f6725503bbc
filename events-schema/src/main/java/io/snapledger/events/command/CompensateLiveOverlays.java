package io.snapledger.events.command;

import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.util.List;
import java.util.UUID;

/**
 * Undoes a disk-only external snapshot of a running domain that will not complete: a device on
 * its new overlay is committed back into the image below (active commit) and switched back; the
 * overlay node is removed from QEMU and the file, if this operation made it, deleted. Answered by
 * {@link RecordDeviceCompensated} for every device. With {@code memoryFile} (an external
 * checkpoint) the memory state file goes too when this operation made it (its overlays witness that).
 */
public record CompensateLiveOverlays(String domain, UUID snapshotUuid, List<DeviceLocation> locations,
                                     @Nullable String memoryFile, CommandMetadata meta) implements LiveWorkCommand {

    /** Disk-only: no memory state. */
    public CompensateLiveOverlays(String domain, UUID snapshotUuid, List<DeviceLocation> locations, CommandMetadata meta) {
        this(domain, snapshotUuid, locations, null, meta);
    }

    public CompensateLiveOverlays {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        locations = List.copyOf(Require.nonEmptyListOf(locations, "locations"));
        Require.nullOrNonBlank(memoryFile, "memoryFile");
        Require.nonNull(meta, "meta");
    }

    @Override
    public List<String> devices() {
        return locations.stream().map(DeviceLocation::device).toList();
    }
}
