package io.snapledger.query;

import io.snapledger.events.model.Require;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A domain's snapshots as a forest: roots sorted by name, each node's children sorted by name
 * ({@link SnapshotNameOrder}). Built and walked without recursion, so a chain of 10,000 snapshots
 * needs no deep stack.
 */
public final class SnapshotTree {

    private final String domain;
    private final List<Node> roots;
    private final Map<UUID, Node> byUuid;

    private SnapshotTree(String domain, List<Node> roots, Map<UUID, Node> byUuid) {
        this.domain = Require.nonBlank(domain, "domain");
        this.roots = List.copyOf(roots);
        this.byUuid = byUuid;
    }

    /**
     * Links the domain's nodes by their children lists (already sorted by name); roots are the
     * nodes without a parent, sorted by name.
     */
    static SnapshotTree of(String domain, Collection<SnapshotNode> snapshots) {
        Map<UUID, Node> byUuid = new HashMap<>(snapshots.size() * 2);
        snapshots.forEach(snapshot -> byUuid.put(snapshot.uuid(), new Node(snapshot)));
        List<Node> roots = new ArrayList<>();
        for (Node node : byUuid.values()) {
            for (UUID child : node.snapshot().children()) {
                Node found = byUuid.get(child);
                if (found != null) {
                    node.add(found);
                }
            }
            if (node.snapshot().parentUuid() == null) {
                roots.add(node);
            }
        }
        roots.sort((a, b) -> TreeEditor.compare(a.snapshot().name(), a.snapshot().uuid(),
                b.snapshot().name(), b.snapshot().uuid()));
        return new SnapshotTree(domain, roots, byUuid);
    }

    public String domain() {
        return domain;
    }

    /** The part of the tree that starts at {@code uuid}: that snapshot as the only root, everything below it. */
    public SnapshotTree from(UUID uuid) {
        Node start = byUuid.get(uuid);
        if (start == null) {
            throw new IllegalArgumentException("no snapshot " + uuid + " in domain " + domain);
        }
        Map<UUID, Node> below = new HashMap<>();
        Deque<Node> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            Node next = todo.pop();
            below.put(next.snapshot().uuid(), next);
            next.children().forEach(todo::push);
        }
        return new SnapshotTree(domain, List.of(start), below);
    }

    public List<Node> roots() {
        return roots;
    }

    /** How many snapshots the tree holds. */
    public int size() {
        return byUuid.size();
    }

    public Optional<Node> node(UUID uuid) {
        return Optional.ofNullable(byUuid.get(uuid));
    }

    /** Every snapshot, parents before children, siblings by name: the {@code --topological} order. */
    public List<SnapshotNode> preorder() {
        return preorder(roots);
    }

    /** The given nodes and everything below them, each parent before its children, siblings in the given order. */
    static List<SnapshotNode> preorder(List<Node> starts) {
        List<SnapshotNode> out = new ArrayList<>();
        ArrayList<Node> stack = new ArrayList<>(starts);
        Collections.reverse(stack);
        while (!stack.isEmpty()) {
            Node next = stack.remove(stack.size() - 1);
            out.add(next.snapshot());
            for (int i = next.children.size() - 1; i >= 0; i--) {
                stack.add(next.children.get(i));
            }
        }
        return out;
    }

    /**
     * A snapshot and its children. Identity equality: comparing two trees node by node is the
     * caller's choice, and a recursive {@code equals} would overflow the stack on a deep chain.
     */
    public static final class Node {

        private final SnapshotNode snapshot;
        private final List<Node> children = new ArrayList<>();

        Node(SnapshotNode snapshot) {
            this.snapshot = Require.nonNull(snapshot, "snapshot");
        }

        public SnapshotNode snapshot() {
            return snapshot;
        }

        /** Sorted by name; unmodifiable. */
        public List<Node> children() {
            return Collections.unmodifiableList(children);
        }

        void add(Node child) {
            children.add(child);
        }

        @Override
        public String toString() {
            return snapshot.name() + " (" + children.size() + " children)";
        }
    }
}
