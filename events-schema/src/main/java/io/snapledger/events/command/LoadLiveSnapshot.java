package io.snapledger.events.command;

import io.snapledger.events.model.LiveRevert;
import io.snapledger.events.model.Require;

import java.util.List;
import java.util.UUID;

/**
 * Asks the live writer to revert every device and the memory state in one {@code snapshot-load}
 * job. Answered by {@link RecordLiveSnapshotLoaded} or {@link AbortRevert}.
 */
public record LoadLiveSnapshot(String domain, UUID snapshotUuid, LiveRevert live, List<String> devices,
                               CommandMetadata meta) implements LiveWorkCommand {

    public LoadLiveSnapshot {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonNull(live, "live");
        devices = List.copyOf(Require.nonEmptyListOf(devices, "devices"));
        Require.nonNull(meta, "meta");
    }
}
