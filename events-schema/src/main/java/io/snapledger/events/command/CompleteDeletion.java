package io.snapledger.events.command;

import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * The saga saw all device work of a deletion done: the snapshots leave the tree.
 *
 * @param snapshotUuid the snapshot the operator named
 */
public record CompleteDeletion(String domain, UUID snapshotUuid, CommandMetadata meta) implements ProgressCommand {

    public CompleteDeletion {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonNull(meta, "meta");
    }
}
