package io.snapledger.query;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.json.EventJson;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random sequences of creates, deletes (plain and with children), re-parentings (some of which
 * would close a cycle), renames and moves of current, applied in random batches, keep the tree
 * a tree: every parent exists or is null, children lists agree with parent pointers and are
 * sorted by name, there is no cycle, the indexes point at live nodes, and the projection agrees
 * with a plain in-memory model of the same events, lineage included.
 */
class TreeInvariantPropertyTest {

    private static final String DOMAIN = "prop";
    private static final List<String> NAME_STEMS = List.of("a", "A", "b", "B", "_", "z", "Z", "1-");

    private static Path directory;
    private static SnapshotProjection projection;
    private long sequence;
    private DomainSequences sequences;

    @BeforeContainer
    static void openStore() throws IOException {
        directory = Files.createTempDirectory("tree-invariants");
        // Lineages walk two links, then load the domain's: most lineage reads here load, and the
        // loaded links must then follow every batch.
        projection = SnapshotProjection.open(directory, EventJson.standard(), 2);
    }

    @AfterContainer
    static void closeStore() throws IOException {
        projection.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @BeforeTry
    void startEmpty() {
        projection.reset();
        sequence = 0;
        sequences = new DomainSequences();
    }

    /** One operation: its kind and two picks, read modulo the live nodes when it is turned into events. */
    record Op(int kind, int first, int second) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 1000)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 150)
    void theTreeStaysATreeThatMatchesTheEvents(@ForAll("operations") List<Op> ops,
                                                @ForAll("batchSizes") List<Integer> batchSizes) {
        Model model = new Model(new TestEvents(DOMAIN));
        List<DomainEvent> events = eventsOf(model, ops);

        feedInBatches(events, batchSizes, model);

        assertMatches(model);
        assertTreeInvariants();
    }

    @Property(tries = 60)
    void aRebuildFromTheSameEventsDumpsTheSameBytes(@ForAll("operations") List<Op> ops,
                                                    @ForAll("batchSizes") List<Integer> batchSizes) {
        Model model = new Model(new TestEvents(DOMAIN));
        List<DomainEvent> events = eventsOf(model, ops);
        feedInBatches(events, batchSizes, model);

        try (SnapshotProjection rebuilt = SnapshotProjection.open(directory.resolve("rebuilt"));
             ProjectionRebuild rebuild = rebuilt.startRebuild(2_000 + 200L * batchSizes.get(0))) {
            List<PositionedEvent> all = DomainSequences.positioned("prop", 1, events);
            for (int start = 0; start < all.size(); start += batchSizes.size()) {
                rebuild.applyAll(all.subList(start, Math.min(all.size(), start + batchSizes.size())));
            }
            rebuild.finish();

            assertEquals(projection.dump(), rebuilt.dump());
        }
    }

    /** The domain defined, then the events of each operation as the model runs it. */
    private static List<DomainEvent> eventsOf(Model model, List<Op> ops) {
        List<DomainEvent> events = new ArrayList<>(List.of(model.events.defined()));
        ops.forEach(op -> events.addAll(model.run(op)));
        return events;
    }

    @Provide
    Arbitrary<List<Integer>> batchSizes() {
        return Arbitraries.integers().between(1, 25).list().ofMinSize(1).ofMaxSize(10);
    }

    /** Batches of the given sizes in turn; after each, a lineage read, so the cache is loaded and must follow. */
    private void feedInBatches(List<DomainEvent> events, List<Integer> sizes, Model model) {
        int at = 0;
        for (int turn = 0; at < events.size(); turn++) {
            int size = sizes.get(turn % sizes.size());
            List<PositionedEvent> batch = new ArrayList<>();
            for (int i = at; i < Math.min(events.size(), at + size); i++) {
                batch.add(sequences.at(ProjectionPosition.of("prop", ++sequence), events.get(i)));
            }
            projection.applyAll(batch);
            at += size;
            model.anyLive(turn).ifPresent(uuid -> projection.queries().lineage(DOMAIN, uuid));
        }
    }

    private void assertMatches(Model model) {
        SnapshotQueries queries = projection.queries();
        Map<UUID, SnapshotNode> stored = new HashMap<>();
        queries.list(DOMAIN, ListFilter.all()).forEach(node -> stored.put(node.uuid(), node));
        assertEquals(model.parents.keySet(), stored.keySet());
        for (Map.Entry<UUID, UUID> link : model.parents.entrySet()) {
            SnapshotNode node = stored.get(link.getKey());
            assertEquals(link.getValue(), node.parentUuid(), "parent of " + node.name());
            assertEquals(model.names.get(link.getKey()), node.name());
            assertEquals(model.ancestors(link.getKey()),
                    queries.lineage(DOMAIN, link.getKey()).stream().map(SnapshotRef::uuid).toList(),
                    "lineage of " + node.name());
        }
        assertEquals(model.current, queries.current(DOMAIN).map(SnapshotNode::uuid).orElse(null));
    }

    private void assertTreeInvariants() {
        SnapshotQueries queries = projection.queries();
        Map<UUID, SnapshotNode> nodes = new LinkedHashMap<>();
        queries.list(DOMAIN, ListFilter.all()).forEach(node -> nodes.put(node.uuid(), node));
        for (SnapshotNode node : nodes.values()) {
            if (node.parentUuid() != null) {
                SnapshotNode parent = nodes.get(node.parentUuid());
                assertNotNull(parent, "the parent of " + node.name() + " exists");
                assertTrue(parent.children().contains(node.uuid()), node.name() + " is among its parent's children");
            }
            List<String> childNames = new ArrayList<>();
            for (UUID child : node.children()) {
                assertEquals(node.uuid(), nodes.get(child).parentUuid(), "a child of " + node.name() + " points back");
                childNames.add(nodes.get(child).name());
            }
            List<String> sortedNames = new ArrayList<>(childNames);
            sortedNames.sort(SnapshotNameOrder.INSTANCE);
            assertEquals(sortedNames, childNames, "children of " + node.name() + " sorted by name");
            assertEquals(node.uuid(), queries.resolve(DOMAIN, node.name()).orElseThrow().uuid());
            assertEquals(node.uuid(), queries.resolve(DOMAIN, Long.toString(node.id())).orElseThrow().uuid());
            Set<UUID> seen = new HashSet<>();
            for (UUID at = node.uuid(); at != null; at = nodes.get(at).parentUuid()) {
                assertTrue(seen.add(at), "no cycle through " + node.name());
            }
        }
        assertEquals(nodes.size(), queries.tree(DOMAIN).preorder().size(), "every node is reachable from a root");
    }

    /** The tree as the events describe it, and the events the command side would write for each operation. */
    static final class Model {

        final TestEvents events;
        final Map<UUID, UUID> parents = new LinkedHashMap<>();
        final Map<UUID, String> names = new HashMap<>();
        UUID current;
        private int created;

        Model(TestEvents events) {
            this.events = events;
        }

        List<DomainEvent> run(Op op) {
            List<UUID> live = new ArrayList<>(parents.keySet());
            if (live.isEmpty() || op.kind() <= 2) {
                return take(live.isEmpty() || op.first() % 5 == 0 ? null : live.get(op.first() % live.size()));
            }
            UUID first = live.get(op.first() % live.size());
            UUID second = op.second() % 7 == 0 ? null : live.get(op.second() % live.size());
            return switch (op.kind()) {
                case 3, 4 -> delete(first);
                case 5 -> deleteWithChildren(first);
                case 6 -> reparent(first, second);
                case 7 -> rename(first);
                case 8 -> setCurrent(second);
                default -> take(first);
            };
        }

        Optional<UUID> anyLive(int pick) {
            List<UUID> live = new ArrayList<>(parents.keySet());
            return live.isEmpty() ? Optional.empty() : Optional.of(live.get(pick % live.size()));
        }

        List<UUID> ancestors(UUID uuid) {
            List<UUID> found = new ArrayList<>();
            for (UUID at = parents.get(uuid); at != null; at = parents.get(at)) {
                found.add(at);
            }
            return found;
        }

        private List<DomainEvent> take(UUID parent) {
            UUID uuid = TestEvents.uuid(++created);
            String name = NAME_STEMS.get(created % NAME_STEMS.size()) + created;
            parents.put(uuid, parent);
            names.put(uuid, name);
            current = uuid;
            return List.of(events.started(uuid, name, parent), events.completed(uuid));
        }

        private List<DomainEvent> delete(UUID uuid) {
            UUID parent = parents.get(uuid);
            List<DomainEvent> out = new ArrayList<>();
            for (UUID child : children(uuid)) {
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

        private List<DomainEvent> deleteWithChildren(UUID uuid) {
            UUID parent = parents.get(uuid);
            List<UUID> doomed = subtree(uuid);
            List<DomainEvent> out = new ArrayList<>();
            for (int i = doomed.size() - 1; i >= 0; i--) {
                out.add(events.deleted(doomed.get(i)));
                forget(doomed.get(i));
            }
            if (doomed.contains(current)) {
                out.add(events.currentSet(parent, current));
                current = parent;
            }
            return out;
        }

        /** Any re-parenting, as a buggy or hostile stream could say; one that closes a cycle changes nothing. */
        private List<DomainEvent> reparent(UUID child, UUID newParent) {
            if (child.equals(newParent)) {
                return List.of();
            }
            UUID oldParent = parents.get(child);
            List<DomainEvent> out = List.of(events.reparented(child, oldParent == null ? TestEvents.uuid(0) : oldParent,
                    newParent));
            if (newParent == null || !subtree(child).contains(newParent)) {
                parents.put(child, newParent);
            }
            return out;
        }

        private List<DomainEvent> rename(UUID uuid) {
            String newName = NAME_STEMS.get((created + 3) % NAME_STEMS.size()) + "r" + (++created);
            String oldName = names.put(uuid, newName);
            return List.of(events.renamed(uuid, oldName, newName));
        }

        private List<DomainEvent> setCurrent(UUID uuid) {
            UUID previous = current;
            current = uuid;
            return List.of(events.currentSet(uuid, previous));
        }

        private List<UUID> children(UUID parent) {
            return parents.entrySet().stream().filter(e -> Objects.equals(parent, e.getValue()))
                    .map(Map.Entry::getKey).toList();
        }

        private List<UUID> subtree(UUID root) {
            List<UUID> found = new ArrayList<>();
            Deque<UUID> next = new ArrayDeque<>(List.of(root));
            while (!next.isEmpty()) {
                UUID at = next.poll();
                found.add(at);
                next.addAll(children(at));
            }
            return found;
        }

        private void forget(UUID uuid) {
            parents.remove(uuid);
            names.remove(uuid);
        }
    }
}
