package io.snapledger.events.command;

import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.MemoryPlan;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Defines a snapshot's metadata by name, like libvirt's {@code snapshot-create --redefine}: a new name
 * adds a snapshot, an existing name is updated in place.
 *
 * @param snapshotUuid the UUID for a new snapshot, chosen by the caller; unused when the name exists
 * @param parent       the parent by name, UUID or number; null: a root, or unchanged when the name exists
 * @param creationTime null: now for a new snapshot, unchanged when the name exists
 * @param memory       null: none for a new snapshot, unchanged when the name exists
 * @param devices      empty: unchanged when the name exists
 */
public record RedefineSnapshot(String domain, UUID snapshotUuid, String name, @Nullable String description,
                               @Nullable String parent, @Nullable Instant creationTime, @Nullable MemoryPlan memory,
                               List<DevicePlan> devices, CommandMetadata meta) implements OperatorCommand {

    public RedefineSnapshot {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(name, "name");
        Require.nullOrNonBlank(description, "description");
        Require.nullOrNonBlank(parent, "parent");
        devices = Require.distinctBy(Require.listOf(devices, "devices"), DevicePlan::device, "devices");
        Require.nonNull(meta, "meta");
    }
}
