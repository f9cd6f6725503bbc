package io.snapledger.query;

import io.snapledger.cli.snapshots.SnapshotTreeRenderer;
import io.snapledger.events.model.MemoryMode;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shapes beyond the virsh session of {@link VirshTrees}, with virsh's output for each. */
class SnapshotTreeRendererTest {

    private final List<SnapshotNode> nodes = new ArrayList<>();

    private UUID node(String name, UUID parent, UUID... children) {
        UUID uuid = UUID.nameUUIDFromBytes(name.getBytes());
        nodes.add(new SnapshotNode(uuid, "test", nodes.size() + 1, name, null, parent, List.of(children),
                SnapshotState.READY, List.of(), MemoryMode.NO, null, Instant.EPOCH, Instant.EPOCH));
        return uuid;
    }

    private static UUID id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes());
    }

    private String render() {
        return SnapshotTreeRenderer.render(SnapshotTree.of("test", nodes));
    }

    @Test
    void noSnapshotsIsOneEmptyLine() {
        assertEquals("\n", render());
    }

    @Test
    void aSingleSnapshot() {
        node("x", null);

        assertEquals("x\n\n\n", render());
    }

    @Test
    void aChainOfTwo() {
        node("z1", null, id("z2"));
        node("z2", id("z1"));

        assertEquals("z1\n  |\n  +- z2\n    \n\n", render());
    }

    @Test
    void twoRootsOneWithAChild() {
        node("b", null, id("b2"));
        node("b2", id("b"));
        node("c", null);

        assertEquals("b\n  |\n  +- b2\n    \nc\n\n\n", render());
    }

    @Test
    void aSubtreeIsDrawnFromItsStartAsTheOnlyRoot() {
        node("a", null, id("b"), id("c"));
        node("b", id("a"), id("b1"));
        node("b1", id("b"));
        node("c", id("a"));

        String drawn = SnapshotTreeRenderer.render(SnapshotTree.of("test", nodes).from(id("b")));

        assertEquals("b\n  |\n  +- b1\n    \n\n", drawn);
    }

    @Test
    void aChainDeeperThanAnyCallStackIsDrawn() {
        for (int i = 1; i <= 5_000; i++) {
            node("s" + i, i == 1 ? null : id("s" + (i - 1)), i == 5_000 ? new UUID[0] : new UUID[] {id("s" + (i + 1))});
        }

        String drawn = render();

        assertTrue(drawn.startsWith("s1\n  |\n  +- s2\n      |\n      +- s3\n"), drawn.substring(0, 60));
        assertTrue(drawn.contains("+- s5000\n"));
    }
}
