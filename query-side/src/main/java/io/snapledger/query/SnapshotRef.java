package io.snapledger.query;

import io.snapledger.events.model.Require;

import java.util.UUID;

/** A snapshot named by its three identities: UUID, per-domain number and name. */
public record SnapshotRef(UUID uuid, long id, String name) {

    public SnapshotRef {
        Require.nonNull(uuid, "uuid");
        Require.nonBlank(name, "name");
    }
}
