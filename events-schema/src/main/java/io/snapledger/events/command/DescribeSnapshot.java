package io.snapledger.events.command;

import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

/**
 * Sets or removes a snapshot's description.
 *
 * @param snapshot    the snapshot by name, UUID or number
 * @param description null removes the description
 */
public record DescribeSnapshot(String domain, String snapshot, @Nullable String description, CommandMetadata meta)
        implements OperatorCommand {

    public DescribeSnapshot {
        Require.nonBlank(domain, "domain");
        Require.nonBlank(snapshot, "snapshot");
        Require.nullOrNonBlank(description, "description");
        Require.nonNull(meta, "meta");
    }
}
