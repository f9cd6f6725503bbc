package io.snapledger.query;

import io.snapledger.events.model.Nullable;

import org.rocksdb.RocksDBException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Changes a domain's tree inside one {@link ProjectionWrite} and keeps its invariants whatever
 * the events say: every stored parent exists in the same domain (a node whose parent is unknown
 * becomes a root), each node's children list holds exactly the nodes whose parent it is, sorted
 * by name, there are no cycles (a re-parenting that would make one is refused), and the name
 * index, id index and current pointer never point at a removed node.
 */
final class TreeEditor {

    private final ProjectionWrite write;

    TreeEditor(ProjectionWrite write) {
        this.write = write;
    }

    Optional<SnapshotNode> node(String domain, UUID uuid) throws RocksDBException {
        return write.node(domain, uuid);
    }

    /**
     * Adds the node, or, if its UUID is already in the tree, brings the stored node to the
     * incoming one's name, id, parent and fields while keeping its children.
     */
    void upsert(SnapshotNode incoming) throws RocksDBException {
        Optional<SnapshotNode> existing = node(incoming.domain(), incoming.uuid());
        if (existing.isEmpty()) {
            insert(incoming);
            return;
        }
        String domain = incoming.domain();
        SnapshotNode old = existing.get();
        rename(domain, old.uuid(), incoming.name());
        reparent(domain, old.uuid(), incoming.parentUuid());
        if (old.id() != incoming.id()) {
            removeIndex(Family.IDS, Keys.id(domain, old.id()), old.uuid());
            write.put(Family.IDS, Keys.id(domain, incoming.id()), Keys.uuid(incoming.uuid()));
        }
        SnapshotNode now = node(domain, old.uuid()).orElseThrow();
        write.putNode(incoming.withName(now.name()).withParent(now.parentUuid()).withChildren(now.children()));
    }

    private void insert(SnapshotNode node) throws RocksDBException {
        String domain = node.domain();
        UUID parent = existingOrNull(domain, node.parentUuid());
        if (node.uuid().equals(parent)) {
            parent = null;
        }
        write.putNode(node.withParent(parent).withChildren(List.of()));
        if (parent != null) {
            addChild(domain, parent, node.uuid(), node.name());
        }
        write.put(Family.NAMES, Keys.name(domain, node.name()), Keys.uuid(node.uuid()));
        write.put(Family.IDS, Keys.id(domain, node.id()), Keys.uuid(node.uuid()));
    }

    /**
     * Removes the node from the tree and every index. Children it still has move to its parent,
     * libvirt's rule for a plain delete; after the command side's {@code ChildReparented} events
     * it has none.
     */
    void remove(String domain, UUID uuid) throws RocksDBException {
        Optional<SnapshotNode> found = node(domain, uuid);
        if (found.isEmpty()) {
            return;
        }
        SnapshotNode node = found.get();
        for (UUID child : node.children()) {
            reparent(domain, child, node.parentUuid());
        }
        if (node.parentUuid() != null) {
            removeChild(domain, node.parentUuid(), uuid);
        }
        removeIndex(Family.NAMES, Keys.name(domain, node.name()), uuid);
        removeIndex(Family.IDS, Keys.id(domain, node.id()), uuid);
        if (uuid.equals(current(domain))) {
            setCurrent(domain, null);
        }
        write.deleteNode(domain, uuid);
    }

    /** Moves the child under {@code newParent} (null: it becomes a root), unless that would make a cycle. */
    void reparent(String domain, UUID childUuid, @Nullable UUID newParent) throws RocksDBException {
        Optional<SnapshotNode> found = node(domain, childUuid);
        if (found.isEmpty()) {
            return;
        }
        SnapshotNode child = found.get();
        UUID target = existingOrNull(domain, newParent);
        if (Objects.equals(child.parentUuid(), target) || (target != null && wouldMakeCycle(domain, child, target))) {
            return;
        }
        if (child.parentUuid() != null) {
            removeChild(domain, child.parentUuid(), childUuid);
        }
        write.putNode(child.withParent(target));
        if (target != null) {
            addChild(domain, target, childUuid, child.name());
        }
    }

    void rename(String domain, UUID uuid, String newName) throws RocksDBException {
        Optional<SnapshotNode> found = node(domain, uuid);
        if (found.isEmpty() || found.get().name().equals(newName)) {
            return;
        }
        SnapshotNode node = found.get();
        removeIndex(Family.NAMES, Keys.name(domain, node.name()), uuid);
        write.put(Family.NAMES, Keys.name(domain, newName), Keys.uuid(uuid));
        write.putNode(node.withName(newName));
        if (node.parentUuid() != null) {
            // The parent's children are sorted by name: take the child out, put it back in its new place.
            removeChild(domain, node.parentUuid(), uuid);
            addChild(domain, node.parentUuid(), uuid, newName);
        }
    }

    /** Changes fields that do not shape the tree (state, description, devices); an unknown node is left alone. */
    void update(String domain, UUID uuid, UnaryOperator<SnapshotNode> change) throws RocksDBException {
        Optional<SnapshotNode> found = node(domain, uuid);
        if (found.isPresent()) {
            SnapshotNode changed = change.apply(found.get());
            if (!changed.uuid().equals(uuid) || !Objects.equals(changed.parentUuid(), found.get().parentUuid())
                    || !changed.children().equals(found.get().children()) || !changed.name().equals(found.get().name())) {
                throw new IllegalArgumentException("update of " + uuid + " must not change its identity, parent, "
                        + "children or name; the tree editor does those");
            }
            write.putNode(changed);
        }
    }

    /** The node and everything below it, parents first; empty if the node is unknown. */
    List<SnapshotNode> subtree(String domain, UUID uuid) throws RocksDBException {
        List<SnapshotNode> found = new ArrayList<>();
        Deque<UUID> next = new ArrayDeque<>(List.of(uuid));
        while (!next.isEmpty()) {
            Optional<SnapshotNode> node = node(domain, next.poll());
            if (node.isPresent()) {
                found.add(node.get());
                next.addAll(node.get().children());
            }
        }
        return found;
    }

    @Nullable
    UUID current(String domain) throws RocksDBException {
        byte[] stored = write.get(Family.CURRENT, Keys.text(domain));
        return stored == null ? null : Keys.uuid(stored);
    }

    void setCurrent(String domain, @Nullable UUID snapshot) {
        if (snapshot == null) {
            write.delete(Family.CURRENT, Keys.text(domain));
        } else {
            write.put(Family.CURRENT, Keys.text(domain), Keys.uuid(snapshot));
        }
    }

    private UUID existingOrNull(String domain, @Nullable UUID uuid) throws RocksDBException {
        return uuid != null && node(domain, uuid).isPresent() ? uuid : null;
    }

    /** Whether {@code target} is the child itself or below it. */
    private boolean wouldMakeCycle(String domain, SnapshotNode child, UUID target) throws RocksDBException {
        if (child.parentUuid() != null && target.equals(grandparent(domain, child))) {
            return false; // moving up one level, as every ChildReparented of a delete does: no walk needed
        }
        Set<UUID> seen = new HashSet<>();
        for (UUID at = target; at != null && seen.add(at); at = node(domain, at).map(SnapshotNode::parentUuid).orElse(null)) {
            if (at.equals(child.uuid())) {
                return true;
            }
        }
        return false;
    }

    private UUID grandparent(String domain, SnapshotNode child) throws RocksDBException {
        return node(domain, child.parentUuid()).map(SnapshotNode::parentUuid).orElse(null);
    }

    /** Inserts the child at its place by name; the children list is kept sorted on every write. */
    private void addChild(String domain, UUID parentUuid, UUID childUuid, String childName) throws RocksDBException {
        SnapshotNode parent = node(domain, parentUuid).orElseThrow();
        List<UUID> children = parent.children();
        int low = 0;
        int high = children.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            UUID sibling = children.get(middle);
            String siblingName = node(domain, sibling).map(SnapshotNode::name).orElse("");
            if (compare(siblingName, sibling, childName, childUuid) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        if (low < children.size() && children.get(low).equals(childUuid)) {
            return; // already there: the list is sorted by the same key the search used
        }
        UUID[] updated = new UUID[children.size() + 1];
        for (int i = 0, j = 0; i < updated.length; i++) {
            updated[i] = i == low ? childUuid : children.get(j++);
        }
        write.putNode(parent.withChildren(List.of(updated)));
    }

    private void removeChild(String domain, UUID parentUuid, UUID childUuid) throws RocksDBException {
        Optional<SnapshotNode> parent = node(domain, parentUuid);
        if (parent.isPresent() && parent.get().children().contains(childUuid)) {
            List<UUID> children = new ArrayList<>(parent.get().children());
            children.remove(childUuid);
            write.putNode(parent.get().withChildren(children));
        }
    }

    /** Deletes an index entry only if it still points at this snapshot: a name may have been reused. */
    private void removeIndex(Family index, byte[] key, UUID uuid) throws RocksDBException {
        byte[] stored = write.get(index, key);
        if (stored != null && Keys.uuid(stored).equals(uuid)) {
            write.delete(index, key);
        }
    }

    /** Siblings by name, then by UUID should two share a name, so the order is total. */
    static int compare(String nameA, UUID uuidA, String nameB, UUID uuidB) {
        int byName = SnapshotNameOrder.INSTANCE.compare(nameA, nameB);
        return byName != 0 ? byName : uuidA.compareTo(uuidB);
    }
}
