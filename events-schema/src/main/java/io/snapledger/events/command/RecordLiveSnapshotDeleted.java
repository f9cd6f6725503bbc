package io.snapledger.events.command;

import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * The live writer reports that a {@code snapshot-delete} job removed one snapshot from every device.
 *
 * @param snapshotUuid the deletion's (the snapshot the operator named)
 * @param deletedUuid  the snapshot whose entries went
 */
public record RecordLiveSnapshotDeleted(String domain, UUID snapshotUuid, UUID deletedUuid, String jobId,
                                        CommandMetadata meta) implements ProgressCommand {

    public RecordLiveSnapshotDeleted {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonNull(deletedUuid, "deletedUuid");
        Require.nonBlank(jobId, "jobId");
        Require.nonNull(meta, "meta");
    }
}
