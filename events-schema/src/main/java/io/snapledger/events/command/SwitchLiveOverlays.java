package io.snapledger.events.command;

import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Asks the live writer for a disk-only external snapshot of a running domain: each location's
 * overlay created with snapledger's mark, then every device switched to its overlay in ONE QMP
 * {@code transaction} of {@code blockdev-snapshot} actions, so all disks switch at one instant or
 * none does. Answered by {@link RecordDevicePrepared} for every device, or by
 * {@link RecordDeviceFailed} for every device with no disk switched and no overlay left.
 *
 * <p>With {@code memoryFile} it is an external system checkpoint: the VM is paused, its memory
 * state migrated to that file, every device switched in the same transaction, and the VM resumed,
 * so memory and disks are of one instant; answered first by {@link RecordMemoryStateSaved}. A
 * failure leaves no state file either, and the VM runs as before.
 *
 * @param snapshotId the snapshot's number, kept in the overlays' mark
 * @param memoryFile the file for the memory state (external memory), or null for disk-only
 */
public record SwitchLiveOverlays(String domain, UUID snapshotUuid, long snapshotId, String snapshotName,
                                 @Nullable UUID parentUuid, List<DeviceLocation> locations, Instant takenAt,
                                 @Nullable String memoryFile, CommandMetadata meta) implements LiveWorkCommand {

    /** Disk-only: no memory state. */
    public SwitchLiveOverlays(String domain, UUID snapshotUuid, long snapshotId, String snapshotName,
                              UUID parentUuid, List<DeviceLocation> locations, Instant takenAt, CommandMetadata meta) {
        this(domain, snapshotUuid, snapshotId, snapshotName, parentUuid, locations, takenAt, null, meta);
    }

    public SwitchLiveOverlays {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.positive(snapshotId, "snapshotId");
        Require.nonBlank(snapshotName, "snapshotName");
        locations = List.copyOf(Require.nonEmptyListOf(locations, "locations"));
        Require.nonNull(takenAt, "takenAt");
        Require.nullOrNonBlank(memoryFile, "memoryFile");
        Require.nonNull(meta, "meta");
    }

    @Override
    public List<String> devices() {
        return locations.stream().map(DeviceLocation::device).toList();
    }
}
