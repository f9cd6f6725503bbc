package io.snapledger.events.command;

import io.snapledger.events.model.LiveTag;
import io.snapledger.events.model.Require;

import java.util.List;
import java.util.UUID;

/**
 * Asks the live writer to delete each tag from every device, one {@code snapshot-delete} job per
 * tag; a tag already gone is no error (the job succeeds), so a resent command is harmless.
 * Answered by one {@link RecordLiveSnapshotDeleted} per tag.
 *
 * @param snapshotUuid the deletion's (the snapshot the operator named)
 */
public record DeleteLiveSnapshots(String domain, UUID snapshotUuid, List<LiveTag> tags, List<String> devices,
                                  CommandMetadata meta) implements LiveWorkCommand {

    public DeleteLiveSnapshots {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        tags = List.copyOf(Require.nonEmptyListOf(tags, "tags"));
        devices = List.copyOf(Require.nonEmptyListOf(devices, "devices"));
        Require.nonNull(meta, "meta");
    }
}
