package io.snapledger.events.command;

import io.snapledger.events.model.Require;

/**
 * Reverts the domain to a snapshot, which then becomes current.
 *
 * @param snapshot the snapshot by name, UUID or number
 */
public record RevertToSnapshot(String domain, String snapshot, CommandMetadata meta) implements OperatorCommand {

    public RevertToSnapshot {
        Require.nonBlank(domain, "domain");
        Require.nonBlank(snapshot, "snapshot");
        Require.nonNull(meta, "meta");
    }
}
