package io.snapledger.command.domain;

import java.util.List;
import java.util.UUID;

/**
 * The operation a domain resumed on start: its snapshot and kind ({@code take}, {@code revert},
 * {@code delete}), and for a deletion the snapshots it still has to delete.
 */
public record ResumedOperation(UUID snapshotUuid, String kind, List<UUID> deleting) {
    public ResumedOperation {
        deleting = List.copyOf(deleting);
    }
}
