package io.snapledger.events;

import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.ImportSource;
import io.snapledger.events.model.MemoryPlan;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Facts that change the history without device work: names, descriptions, imports, current. */
public sealed interface EditEvent extends DomainEvent {

    /** The snapshot's name changed; the new name was free within the domain. */
    @EventType(name = "SnapshotRenamed", revision = 1)
    record SnapshotRenamed(String domain, UUID snapshotUuid, String oldName, String newName, EventMetadata meta)
            implements EditEvent {

        public SnapshotRenamed {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonBlank(oldName, "oldName");
            Require.nonBlank(newName, "newName");
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * The snapshot's description changed.
     *
     * @param description the new description, or null: the description was removed
     */
    @EventType(name = "SnapshotDescribed", revision = 1)
    record SnapshotDescribed(String domain, UUID snapshotUuid, @Nullable String description, EventMetadata meta)
            implements EditEvent {

        public SnapshotDescribed {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nullOrNonBlank(description, "description");
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * A snapshot snapledger did not take itself entered the tree, complete at once.
     *
     * @param id           the per-domain number it was given or keeps
     * @param parentUuid   its parent, or null for a root
     * @param creationTime when the snapshot was originally taken, not when it was imported
     * @param devices      one plan per device of the domain, {@code no} for those it does not hold
     * @param source       how it was found or defined
     */
    @EventType(name = "SnapshotImported", revision = 1)
    record SnapshotImported(String domain, UUID snapshotUuid, long id, String name, @Nullable String description,
                            @Nullable UUID parentUuid, Instant creationTime, MemoryPlan memory,
                            List<DevicePlan> devices, ImportSource source, EventMetadata meta)
            implements EditEvent {

        public SnapshotImported {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.positive(id, "id");
            Require.nonBlank(name, "name");
            Require.nullOrNonBlank(description, "description");
            if (snapshotUuid.equals(parentUuid)) {
                throw new IllegalArgumentException("snapshot " + snapshotUuid + " cannot be its own parent");
            }
            Require.nonNull(creationTime, "creationTime");
            Require.nonNull(memory, "memory").requireResolved();
            devices = Require.distinctBy(Require.nonEmptyListOf(devices, "devices"), DevicePlan::device, "devices");
            devices.forEach(DevicePlan::requireResolved);
            Require.nonNull(source, "source");
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * The domain's current snapshot moved for a reason other than a completed snapshot or revert
     * (those move it implicitly): an explicit set, or the deletion of the current snapshot.
     *
     * @param snapshotUuid the new current snapshot, or null: the domain has none
     * @param previousUuid the previous current snapshot, or null if there was none
     */
    @EventType(name = "CurrentSnapshotSet", revision = 1)
    record CurrentSnapshotSet(String domain, @Nullable UUID snapshotUuid, @Nullable UUID previousUuid,
                              EventMetadata meta) implements EditEvent {

        public CurrentSnapshotSet {
            Require.nonBlank(domain, "domain");
            Require.nonNull(meta, "meta");
        }
    }
}
