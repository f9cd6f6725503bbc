package io.snapledger.query;

import io.snapledger.events.model.MemoryMode;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * One snapshot in a domain's tree, as stored (JSON) and as queries return it.
 *
 * @param uuid          the snapshot's identity, never reused
 * @param domain        the domain it belongs to
 * @param id            its per-domain number, never reused
 * @param name          its name, unique within the domain
 * @param description   free text, or null
 * @param parentUuid    its parent, or null for a root; always a snapshot of the same tree
 * @param children      its children's UUIDs, sorted by name in {@link SnapshotNameOrder}
 * @param state         creating, ready or deleting
 * @param devices       each device's part in it, in the order of the snapshot's plan
 * @param memoryMode    where it keeps the guest's memory state
 * @param memoryFile    the memory state file for external memory, else null
 * @param creationTime  when it was taken (for an imported snapshot, when it was originally taken)
 * @param completedTime when it became ready in snapledger, or null while it is being created
 */
public record SnapshotNode(UUID uuid, String domain, long id, String name, @Nullable String description,
                           @Nullable UUID parentUuid, List<UUID> children, SnapshotState state,
                           List<SnapshotDevice> devices, MemoryMode memoryMode, @Nullable String memoryFile,
                           Instant creationTime, @Nullable Instant completedTime) {

    public SnapshotNode {
        Require.nonNull(uuid, "uuid");
        Require.nonBlank(domain, "domain");
        Require.nonBlank(name, "name");
        // List.copyOf, not Require.listOf: no per-element message to build for a root with 10,000
        // children, and no copy at all when the list is already immutable.
        children = List.copyOf(Require.nonNull(children, "children"));
        Require.nonNull(state, "state");
        devices = List.copyOf(Require.nonNull(devices, "devices"));
        Require.nonNull(memoryMode, "memoryMode");
        Require.nonNull(creationTime, "creationTime");
    }

    public SnapshotRef ref() {
        return new SnapshotRef(uuid, id, name);
    }

    public boolean hasChildren() {
        return !children.isEmpty();
    }

    SnapshotNode withParent(@Nullable UUID parent) {
        return new SnapshotNode(uuid, domain, id, name, description, parent, children, state, devices, memoryMode,
                memoryFile, creationTime, completedTime);
    }

    SnapshotNode withChildren(List<UUID> newChildren) {
        return new SnapshotNode(uuid, domain, id, name, description, parentUuid, newChildren, state, devices,
                memoryMode, memoryFile, creationTime, completedTime);
    }

    SnapshotNode withName(String newName) {
        return new SnapshotNode(uuid, domain, id, newName, description, parentUuid, children, state, devices,
                memoryMode, memoryFile, creationTime, completedTime);
    }

    SnapshotNode withDescription(@Nullable String newDescription) {
        return new SnapshotNode(uuid, domain, id, name, newDescription, parentUuid, children, state, devices,
                memoryMode, memoryFile, creationTime, completedTime);
    }

    SnapshotNode withState(SnapshotState newState) {
        return new SnapshotNode(uuid, domain, id, name, description, parentUuid, children, newState, devices,
                memoryMode, memoryFile, creationTime, completedTime);
    }

    SnapshotNode completedAt(Instant time) {
        return new SnapshotNode(uuid, domain, id, name, description, parentUuid, children, SnapshotState.READY,
                devices, memoryMode, memoryFile, creationTime, time);
    }

    /** The named device's part changed as {@code change} says; a device the node does not list is added after the others. */
    SnapshotNode withDevice(String device, UnaryOperator<SnapshotDevice> change, SnapshotDevice ifUnlisted) {
        List<SnapshotDevice> updated = new ArrayList<>(devices);
        boolean listed = false;
        for (int i = 0; i < updated.size(); i++) {
            if (updated.get(i).device().equals(device)) {
                updated.set(i, change.apply(updated.get(i)));
                listed = true;
            }
        }
        if (!listed) {
            updated.add(ifUnlisted);
        }
        return new SnapshotNode(uuid, domain, id, name, description, parentUuid, children, state, updated,
                memoryMode, memoryFile, creationTime, completedTime);
    }
}
