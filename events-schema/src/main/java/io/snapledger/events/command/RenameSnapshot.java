package io.snapledger.events.command;

import io.snapledger.events.model.Require;

/**
 * Renames a snapshot; refused if the new name is taken.
 *
 * @param snapshot the snapshot by name, UUID or number
 */
public record RenameSnapshot(String domain, String snapshot, String newName, CommandMetadata meta)
        implements OperatorCommand {

    public RenameSnapshot {
        Require.nonBlank(domain, "domain");
        Require.nonBlank(snapshot, "snapshot");
        Require.nonBlank(newName, "newName");
        Require.nonNull(meta, "meta");
    }
}
