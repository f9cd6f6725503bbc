package io.snapledger.events.command;

import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * The saga saw every device prepared: the snapshot is done.
 */
public record CompleteSnapshot(String domain, UUID snapshotUuid, CommandMetadata meta) implements ProgressCommand {

    public CompleteSnapshot {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonNull(meta, "meta");
    }
}
