package io.snapledger.events.command;

import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.LiveState;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

/**
 * Deletes a snapshot, its descendants, or both ({@code snapshot-delete}).
 *
 * @param snapshot the snapshot by name, UUID or number
 * @param observed what the caller saw of a live domain's QEMU when it sent this (running, paused,
 *                 shut off); null for a domain of images only. The aggregate decides from it.
 */
public record DeleteSnapshot(String domain, String snapshot, DeleteMode mode, @Nullable LiveState observed,
                             CommandMetadata meta) implements OperatorCommand {

    public DeleteSnapshot(String domain, String snapshot, DeleteMode mode, CommandMetadata meta) {
        this(domain, snapshot, mode, null, meta);
    }

    public DeleteSnapshot {
        Require.nonBlank(domain, "domain");
        Require.nonBlank(snapshot, "snapshot");
        Require.nonNull(mode, "mode");
        Require.nonNull(meta, "meta");
    }
}
