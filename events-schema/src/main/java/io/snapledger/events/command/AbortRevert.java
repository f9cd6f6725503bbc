package io.snapledger.events.command;

import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * The saga gave the revert up after compensating every reverted device.
 */
public record AbortRevert(String domain, UUID snapshotUuid, String why, CommandMetadata meta)
        implements ProgressCommand {

    public AbortRevert {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(why, "why");
        Require.nonNull(meta, "meta");
    }
}
