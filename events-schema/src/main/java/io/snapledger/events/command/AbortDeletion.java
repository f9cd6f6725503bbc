package io.snapledger.events.command;

import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * The saga gave a deletion up; no snapshot leaves the tree.
 *
 * @param snapshotUuid the snapshot the operator named
 */
public record AbortDeletion(String domain, UUID snapshotUuid, String why, CommandMetadata meta)
        implements ProgressCommand {

    public AbortDeletion {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(why, "why");
        Require.nonNull(meta, "meta");
    }
}
