package io.snapledger.query;

import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

/**
 * What {@code snapshot-info} shows.
 *
 * @param snapshot    the snapshot itself
 * @param current     whether it is the domain's current snapshot
 * @param parent      its parent, or null for a root
 * @param children    how many children it has
 * @param descendants how many snapshots are below it, children included
 */
public record SnapshotInfo(SnapshotNode snapshot, boolean current, @Nullable SnapshotRef parent, int children,
                           int descendants) {

    public SnapshotInfo {
        Require.nonNull(snapshot, "snapshot");
    }
}
