package io.snapledger.command.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.MemoryPlan;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What the aggregate remembers of one snapshot to decide on later commands. Part of the Domain's
 * state checkpoint: a change to these fields changes the checkpoint's shape (see {@link Domain}).
 */
final class SnapshotNode {
    enum State { CREATING, READY, DELETING }

    final UUID uuid;
    final long id;
    String name;
    String description;
    UUID parent;
    State state;
    final MemoryPlan memory;
    final Map<String, DeviceLocation> locations;
    final Instant created;

    /** Also how a state checkpoint is read back, by the names its fields are written under. */
    @JsonCreator
    SnapshotNode(@JsonProperty("uuid") UUID uuid, @JsonProperty("id") long id, @JsonProperty("name") String name,
                 @JsonProperty("description") String description, @JsonProperty("parent") UUID parent,
                 @JsonProperty("state") State state, @JsonProperty("memory") MemoryPlan memory,
                 @JsonProperty("locations") Map<String, DeviceLocation> locations,
                 @JsonProperty("created") Instant created) {
        this.uuid = uuid;
        this.id = id;
        this.name = name;
        this.description = description;
        this.parent = parent;
        this.state = state;
        this.memory = memory;
        this.locations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(locations));
        this.created = created;
    }

    /** Value equality, so Axon's fixture can tell a handler's state from the same state event-sourced. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SnapshotNode n && uuid.equals(n.uuid) && id == n.id && name.equals(n.name)
                && Objects.equals(description, n.description) && Objects.equals(parent, n.parent)
                && state == n.state && memory.equals(n.memory) && locations.equals(n.locations)
                && created.equals(n.created);
    }

    @Override
    public int hashCode() {
        return uuid.hashCode();
    }
}
