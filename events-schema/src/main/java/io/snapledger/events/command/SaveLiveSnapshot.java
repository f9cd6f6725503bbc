package io.snapledger.events.command;

import io.snapledger.events.model.Require;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Asks the live writer to take internal snapshot {@code tag} with memory on every device in one
 * {@code snapshot-save} job, the memory state on the first device. Answered by
 * {@link RecordLiveSnapshotSaved}, or by {@link RecordDeviceFailed} for every device, with no tag
 * left on any disk.
 */
public record SaveLiveSnapshot(String domain, UUID snapshotUuid, String tag, List<String> devices, Instant takenAt,
                               CommandMetadata meta) implements LiveWorkCommand {

    public SaveLiveSnapshot {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(tag, "tag");
        devices = List.copyOf(Require.nonEmptyListOf(devices, "devices"));
        Require.nonNull(takenAt, "takenAt");
        Require.nonNull(meta, "meta");
    }

    /** Where the memory state goes: the first device, as with QEMU's savevm. */
    public String vmstateDevice() {
        return devices.get(0);
    }
}
