package io.snapledger.events.command;

import io.snapledger.events.model.LiveState;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

/**
 * Reverts the domain to a snapshot, which then becomes current.
 *
 * @param snapshot the snapshot by name, UUID or number
 * @param observed what the caller saw of a live domain's QEMU when it sent this (running, paused,
 *                 shut off); null for a domain of images only. The aggregate decides from it.
 * @param paused   a live domain is left paused after the revert ({@code --paused}), else running
 */
public record RevertToSnapshot(String domain, String snapshot, @Nullable LiveState observed, boolean paused,
                               CommandMetadata meta) implements OperatorCommand {

    public RevertToSnapshot(String domain, String snapshot, CommandMetadata meta) {
        this(domain, snapshot, null, false, meta);
    }

    public RevertToSnapshot {
        Require.nonBlank(domain, "domain");
        Require.nonBlank(snapshot, "snapshot");
        Require.nonNull(meta, "meta");
    }
}
