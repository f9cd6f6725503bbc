package io.snapledger.events.command;

import io.snapledger.events.model.Require;

/**
 * Makes a snapshot the domain's current one without touching the images.
 *
 * @param snapshot the snapshot by name, UUID or number
 */
public record SetCurrentSnapshot(String domain, String snapshot, CommandMetadata meta) implements OperatorCommand {

    public SetCurrentSnapshot {
        Require.nonBlank(domain, "domain");
        Require.nonBlank(snapshot, "snapshot");
        Require.nonNull(meta, "meta");
    }
}
