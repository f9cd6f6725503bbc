package io.snapledger.command.domain;

import io.snapledger.events.model.DeleteMode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a deletion does to the tree, by libvirt's rules (see LIBVIRT-SEMANTICS): a plain delete
 * re-parents the node's children to its parent and moves current to the parent; {@code children}
 * removes the subtree and moves current (if inside) to the node's parent; {@code children-only}
 * removes the descendants and makes the node current if current was among them; {@code metadata}
 * forgets the node as a plain delete would, without touching any image. Pure.
 */
final class DeletionPlanner {

    record Reparent(UUID child, UUID oldParent, UUID newParent) {
    }

    /**
     * @param affected        snapshots removed, children before parents
     * @param deviceWork      snapshots whose data must be thrown away on their devices
     * @param currentIfDeleted where current moves if it is among {@code affected}
     */
    record Plan(List<UUID> affected, List<UUID> deviceWork, List<Reparent> reparents, UUID currentIfDeleted) {
    }

    private DeletionPlanner() {
    }

    /** @param parents every snapshot of the domain and its parent (null for a root) */
    static Plan plan(Map<UUID, UUID> parents, UUID target, DeleteMode mode) {
        UUID parent = parents.get(target);
        List<UUID> descendants = descendantsDeepestFirst(parents, target);
        return switch (mode) {
            case MERGE, METADATA -> {
                List<Reparent> reparents = new ArrayList<>();
                for (UUID child : childrenOf(parents, target)) {
                    reparents.add(new Reparent(child, target, parent));
                }
                yield new Plan(List.of(target), mode == DeleteMode.MERGE ? List.of(target) : List.of(), reparents,
                        parent);
            }
            case CHILDREN -> {
                List<UUID> affected = new ArrayList<>(descendants);
                affected.add(target);
                yield new Plan(affected, affected, List.of(), parent);
            }
            case CHILDREN_ONLY -> new Plan(descendants, descendants, List.of(), target);
        };
    }

    private static List<UUID> childrenOf(Map<UUID, UUID> parents, UUID node) {
        List<UUID> children = new ArrayList<>();
        parents.forEach((child, parent) -> {
            if (node.equals(parent)) {
                children.add(child);
            }
        });
        return children;
    }

    private static List<UUID> descendantsDeepestFirst(Map<UUID, UUID> parents, UUID node) {
        List<UUID> preorder = new ArrayList<>();
        Deque<UUID> todo = new ArrayDeque<>(childrenOf(parents, node));
        while (!todo.isEmpty()) {
            UUID next = todo.pop();
            preorder.add(next);
            childrenOf(parents, next).forEach(todo::push);
        }
        List<UUID> reversed = new ArrayList<>(preorder);
        java.util.Collections.reverse(reversed);
        return reversed;
    }
}
