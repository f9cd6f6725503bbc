package io.snapledger.events.command;

import io.snapledger.events.model.Require;

import java.util.UUID;

/** The live writer reports that QEMU's {@code snapshot-load} job reverted every device and the memory. */
public record RecordLiveSnapshotLoaded(String domain, UUID snapshotUuid, String jobId, boolean paused,
                                       CommandMetadata meta) implements ProgressCommand {

    public RecordLiveSnapshotLoaded {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(jobId, "jobId");
        Require.nonNull(meta, "meta");
    }
}
