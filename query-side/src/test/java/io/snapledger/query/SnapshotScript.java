package io.snapledger.query;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DiskSnapshotMode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes the events the command side writes for virsh-like operations on one domain, in its
 * order (re-parentings, then deletions children first, then the move of current), keeping
 * just enough of the tree to know parents, children and current (libvirt's rules, see
 * LIBVIRT-SEMANTICS.md). The projection under test must end up with the same tree.
 */
final class SnapshotScript {

    private final TestEvents events;
    private final Map<String, UUID> uuids = new HashMap<>();
    private final Map<UUID, UUID> parents = new HashMap<>();
    private final Map<UUID, Long> ids = new HashMap<>();
    private UUID current;
    private int nextUuid = 1;

    SnapshotScript(TestEvents events) {
        this.events = events;
    }

    TestEvents events() {
        return events;
    }

    UUID uuid(String name) {
        return Objects.requireNonNull(uuids.get(name), name);
    }

    UUID current() {
        return current;
    }

    List<DomainEvent> define() {
        return List.of(events.defined());
    }

    /**
     * The domain defined and the tree of virsh's test domain (the cli's VirshTrees.FULL) taken as in the virsh session
     * that printed it: root; b, Alpha; back to b, c1; back to root, Zed, a2; back to root, _u,
     * 10; and back to c1, which is current.
     */
    List<DomainEvent> virshSessionTree() {
        List<DomainEvent> out = new ArrayList<>(define());
        List.of(take("root"), take("b"), take("Alpha"), revert("b"), take("c1"), revert("root"), take("Zed"),
                take("a2"), revert("root"), take("_u"), take("10"), revert("c1")).forEach(out::addAll);
        return out;
    }

    /** {@code snapshot-create-as NAME}: a child of current that becomes current. */
    List<DomainEvent> take(String name) {
        UUID uuid = new UUID(events.domain().hashCode(), nextUuid++);
        uuids.put(name, uuid);
        parents.put(uuid, current);
        events.newOperation();
        SnapshotStarted started = events.started(uuid, name, current);
        ids.put(uuid, started.id());
        List<DomainEvent> out = List.of(started,
                events.prepared(uuid, "vda", DiskSnapshotMode.INTERNAL, null),
                events.completed(uuid));
        current = uuid;
        return out;
    }

    /** {@code snapshot-revert NAME}. */
    List<DomainEvent> revert(String name) {
        UUID uuid = uuid(name);
        events.newOperation();
        List<DomainEvent> out = List.of(events.revertStarted(uuid, ids.get(uuid), current), events.revertCompleted(uuid));
        current = uuid;
        return out;
    }

    /** {@code snapshot-delete NAME}: children move to its parent; current moves to its parent if it was current. */
    List<DomainEvent> delete(String name) {
        UUID uuid = uuid(name);
        UUID parent = parents.get(uuid);
        events.newOperation();
        List<DomainEvent> out = new ArrayList<>();
        out.add(events.deletionStarted(uuid, DeleteMode.MERGE, List.of(uuid)));
        out.add(events.merged(uuid));
        for (UUID child : childrenOf(uuid)) {
            out.add(events.reparented(child, uuid, parent));
            parents.put(child, parent);
        }
        out.add(events.deleted(uuid));
        forget(uuid);
        if (uuid.equals(current)) {
            out.add(events.currentSet(parent, uuid));
            current = parent;
        }
        return out;
    }

    /** {@code snapshot-delete NAME --children}: the subtree goes, children before parents; current moves to its parent if inside. */
    List<DomainEvent> deleteWithChildren(String name) {
        UUID uuid = uuid(name);
        List<UUID> doomed = subtree(uuid);
        Collections.reverse(doomed);
        return deleteSubtree(uuid, DeleteMode.CHILDREN, doomed, parents.get(uuid));
    }

    /** {@code snapshot-delete NAME --children-only}: its descendants go; it becomes current if current was below it. */
    List<DomainEvent> deleteChildrenOnly(String name) {
        UUID uuid = uuid(name);
        List<UUID> doomed = subtree(uuid);
        doomed.remove(uuid);
        Collections.reverse(doomed);
        return deleteSubtree(uuid, DeleteMode.CHILDREN_ONLY, doomed, uuid);
    }

    private List<DomainEvent> deleteSubtree(UUID named, DeleteMode mode, List<UUID> doomed, UUID currentAfter) {
        events.newOperation();
        List<DomainEvent> out = new ArrayList<>();
        out.add(events.deletionStarted(named, mode, doomed));
        for (UUID gone : doomed) {
            out.add(events.deleted(gone));
            forget(gone);
        }
        if (doomed.contains(current)) {
            out.add(events.currentSet(currentAfter, current));
            current = currentAfter;
        }
        return out;
    }

    /** The node and its descendants, parents first. */
    private List<UUID> subtree(UUID root) {
        List<UUID> found = new ArrayList<>();
        Deque<UUID> next = new ArrayDeque<>(List.of(root));
        while (!next.isEmpty()) {
            UUID at = next.poll();
            found.add(at);
            next.addAll(childrenOf(at));
        }
        return found;
    }

    private List<UUID> childrenOf(UUID parent) {
        return parents.entrySet().stream().filter(e -> parent.equals(e.getValue())).map(Map.Entry::getKey)
                .sorted().toList();
    }

    private void forget(UUID uuid) {
        parents.remove(uuid);
        uuids.values().remove(uuid);
    }
}
