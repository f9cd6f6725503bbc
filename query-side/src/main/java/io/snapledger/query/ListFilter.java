package io.snapledger.query;

import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * Which snapshots {@code snapshot-list} shows and in what order, after virsh's flags:
 * {@link #all()} (no flag), {@link #roots()} ({@code --roots}), {@link #childrenOf} ({@code --from X}),
 * {@link #descendantsOf} ({@code --from X --descendants}), each optionally narrowed to
 * {@link #leavesOnly() leaves} ({@code --leaves}) and ordered {@link #topological() topologically}
 * ({@code --topological}); otherwise sorted by name in {@link SnapshotNameOrder}. virsh refuses
 * {@code --roots} with {@code --from}; here that combination cannot be expressed.
 *
 * @param scope       which part of the tree
 * @param from        the snapshot that {@link Scope#CHILDREN} and {@link Scope#DESCENDANTS} start at; else null
 * @param onlyLeaves         keep only snapshots without children
 * @param inTopologicalOrder parents before children (depth first, siblings by name) instead of by name
 */
public record ListFilter(Scope scope, @Nullable UUID from, boolean onlyLeaves, boolean inTopologicalOrder) {

    public enum Scope {
        /** Every snapshot of the domain. */
        ALL,
        /** Snapshots without a parent. */
        ROOTS,
        /** The direct children of {@code from}. */
        CHILDREN,
        /** Everything below {@code from}, not {@code from} itself. */
        DESCENDANTS
    }

    public ListFilter {
        Require.nonNull(scope, "scope");
        boolean needsFrom = scope == Scope.CHILDREN || scope == Scope.DESCENDANTS;
        if (needsFrom != (from != null)) {
            throw new IllegalArgumentException(needsFrom
                    ? "listing " + scope + " needs the snapshot to start from"
                    : "listing " + scope + " starts from no snapshot, but " + from + " was given");
        }
    }

    public static ListFilter all() {
        return new ListFilter(Scope.ALL, null, false, false);
    }

    public static ListFilter roots() {
        return new ListFilter(Scope.ROOTS, null, false, false);
    }

    public static ListFilter childrenOf(UUID snapshot) {
        return new ListFilter(Scope.CHILDREN, Require.nonNull(snapshot, "snapshot"), false, false);
    }

    public static ListFilter descendantsOf(UUID snapshot) {
        return new ListFilter(Scope.DESCENDANTS, Require.nonNull(snapshot, "snapshot"), false, false);
    }

    public ListFilter leavesOnly() {
        return new ListFilter(scope, from, true, inTopologicalOrder);
    }

    public ListFilter topological() {
        return new ListFilter(scope, from, onlyLeaves, true);
    }
}
