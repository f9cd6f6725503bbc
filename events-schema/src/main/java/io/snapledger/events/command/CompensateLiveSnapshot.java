package io.snapledger.events.command;

import io.snapledger.events.model.Require;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Undoes a live snapshot that will not complete: deletes internal snapshot {@code tag} from every
 * device that has one made at or after {@code takenAt} (an older entry of that name is someone
 * else's and stays). Answered by {@link RecordDeviceCompensated} for every device.
 */
public record CompensateLiveSnapshot(String domain, UUID snapshotUuid, String tag, List<String> devices,
                                     Instant takenAt, CommandMetadata meta) implements LiveWorkCommand {

    public CompensateLiveSnapshot {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(tag, "tag");
        devices = List.copyOf(Require.nonEmptyListOf(devices, "devices"));
        Require.nonNull(takenAt, "takenAt");
        Require.nonNull(meta, "meta");
    }
}
