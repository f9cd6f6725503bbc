package io.snapledger.events.command;

import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * The saga gave the snapshot up after compensating every prepared device.
 */
public record AbortSnapshot(String domain, UUID snapshotUuid, String why, CommandMetadata meta)
        implements ProgressCommand {

    public AbortSnapshot {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(why, "why");
        Require.nonNull(meta, "meta");
    }
}
