package io.snapledger.events.command;

import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.Require;

/**
 * Deletes a snapshot, its descendants, or both ({@code snapshot-delete}).
 *
 * @param snapshot the snapshot by name, UUID or number
 */
public record DeleteSnapshot(String domain, String snapshot, DeleteMode mode, CommandMetadata meta)
        implements OperatorCommand {

    public DeleteSnapshot {
        Require.nonBlank(domain, "domain");
        Require.nonBlank(snapshot, "snapshot");
        Require.nonNull(mode, "mode");
        Require.nonNull(meta, "meta");
    }
}
