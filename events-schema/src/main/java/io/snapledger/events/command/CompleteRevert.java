package io.snapledger.events.command;

import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * The saga saw every device reverted: the revert is done.
 */
public record CompleteRevert(String domain, UUID snapshotUuid, CommandMetadata meta) implements ProgressCommand {

    public CompleteRevert {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonNull(meta, "meta");
    }
}
