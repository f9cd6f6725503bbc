package io.snapledger.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapledger.image.qcow2.NewSnapshot;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.qcow2.SnapshotEntry;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Qcow2SnapshotTest {
    @TempDir
    Path dir;

    static Stream<Arguments> optionSets() {
        return Stream.of(
                Arguments.of("v3 64k", new String[] {}),
                Arguments.of("v2 64k", new String[] {"-o", "compat=0.10"}),
                Arguments.of("v3 512B", new String[] {"-o", "cluster_size=512"}),
                Arguments.of("v3 4k", new String[] {"-o", "cluster_size=4096"}),
                Arguments.of("v3 2M", new String[] {"-o", "cluster_size=2M"}),
                Arguments.of("refcount 1 bit", new String[] {"-o", "refcount_bits=1,cluster_size=4096"}),
                Arguments.of("refcount 2 bits", new String[] {"-o", "refcount_bits=2"}),
                Arguments.of("refcount 4 bits", new String[] {"-o", "refcount_bits=4"}),
                Arguments.of("refcount 8 bits", new String[] {"-o", "refcount_bits=8"}),
                Arguments.of("refcount 32 bits", new String[] {"-o", "refcount_bits=32"}),
                Arguments.of("refcount 64 bits", new String[] {"-o", "refcount_bits=64"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optionSets")
    void snapshotCreatedHereIsCleanAndHoldsWhatTheGuestSaw(String label, String[] options) throws Exception {
        Path img = dir.resolve("disk.qcow2");
        Qemu.create(img, "8M", options);
        Qemu.io(img, "qcow2", "write -P 0x11 0 3M", "write -P 0x22 5M 1M");
        Path before = Qemu.exportRaw(img, dir.resolve("before.raw"));
        UUID uuid = UUID.randomUUID();
        UUID parent = UUID.randomUUID();
        boolean narrowRefcounts = label.startsWith("refcount 1 ");
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            if (narrowRefcounts) {
                ImageOperationException e = org.junit.jupiter.api.Assertions.assertThrows(ImageOperationException.class,
                        () -> image.createSnapshot(NewSnapshot.of("1", "first", uuid, parent, Instant.now())));
                assertTrue(e.getMessage().contains("refcount_bits"), e.getMessage());
                return;
            }
            image.createSnapshot(NewSnapshot.of("1", "first", uuid, parent, Instant.now()));
        }
        Qemu.assertClean(img);
        JsonNode snaps = Qemu.info(img).get("snapshots");
        assertEquals(1, snaps.size());
        assertEquals("1", snaps.get(0).get("id").asText());
        assertEquals("first", snaps.get(0).get("name").asText());

        Qemu.io(img, "qcow2", "write -P 0x33 1M 4M");
        Qemu.assertClean(img);
        Path exported = Qemu.exportSnapshot(img, "first", dir.resolve("snap.raw"));
        assertTrue(Qemu.sameContent(before, exported), "snapshot content differs from the guest's view when taken");

        try (Qcow2Image image = Qcow2Image.open(img, false)) {
            SnapshotEntry entry = image.snapshot("first");
            assertEquals(uuid, entry.uuid());
            assertEquals(parent, entry.parentUuid());
        }
        Qemu.img("snapshot", "-a", "first", img).ok();
        Qemu.assertClean(img);
        assertTrue(Qemu.sameContent(before, img));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optionSets")
    void applyAndDeleteHereMatchQemu(String label, String[] options) throws Exception {
        if (label.startsWith("refcount 1 ")) {
            return;
        }
        Path img = dir.resolve("disk.qcow2");
        Qemu.create(img, "8M", options);
        Qemu.io(img, "qcow2", "write -P 0x11 0 2M");
        Qemu.img("snapshot", "-c", "a", img).ok();
        Path atA = Qemu.exportRaw(img, dir.resolve("a.raw"));
        Qemu.io(img, "qcow2", "write -P 0x44 1M 3M");
        Qemu.img("snapshot", "-c", "b", img).ok();
        Qemu.io(img, "qcow2", "write -P 0x55 6M 1M");
        Path now = Qemu.exportRaw(img, dir.resolve("now.raw"));

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.applySnapshot(image.snapshot("a"));
        }
        Qemu.assertClean(img);
        assertTrue(Qemu.sameContent(atA, img), "apply of a QEMU snapshot reads differently from QEMU's export");
        assertFalse(Qemu.sameContent(now, img));

        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.deleteSnapshot(image.snapshot("a"));
        }
        Qemu.assertClean(img);
        assertEquals(1, Qemu.info(img).get("snapshots").size());
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            image.deleteSnapshot(image.snapshot("b"));
        }
        Qemu.assertClean(img);
        assertTrue(Qemu.sameContent(atA, img));
        assertTrue(Qemu.info(img).path("snapshots").isMissingNode());
    }
}
