package io.snapledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code image info} says what {@code qemu-img info} says, plus snapledger's snapshot UUIDs. */
class ImageInfoCommandTest {
    @TempDir
    Path dir;

    @Test
    void jsonHasQemuImgFieldsAndValuesPlusSnapshotUuids() {
        Path base = dir.resolve("base.qcow2");
        Qemu.create(base, "64M", "-o", "compat=0.10,cluster_size=4096");
        Path top = dir.resolve("top.qcow2");
        Qemu.create(top, "96M", "-b", "base.qcow2", "-F", "qcow2", "-o", "refcount_bits=32");
        Qemu.io(top, "qcow2", "write -P 0x5a 0 2M");
        Qemu.img("snapshot", "-c", "made-by-qemu", top).ok();
        Cli.run("image", "snapshot", "-c", "made-by-snapledger", top).ok();

        for (Path image : List.of(base, top)) {
            JsonNode qemu = Qemu.info(image);
            ObjectNode ours = (ObjectNode) Qemu.json(Cli.run("image", "info", "--json", image).ok().out());
            if (ours.has("snapshots")) {
                JsonNode byQemu = ours.get("snapshots").get(0);
                assertTrue(byQemu.get("uuid").isNull(), "QEMU's entries carry no UUID");
                assertTrue(byQemu.get("parent-uuid").isNull());
                JsonNode bySnapledger = ours.get("snapshots").get(1);
                UUID.fromString(bySnapledger.get("uuid").asText());
                assertTrue(bySnapledger.get("parent-uuid").isNull(), "plain CLI snapshots have no parent");
                for (JsonNode s : ours.get("snapshots")) {
                    ((ObjectNode) s).remove(List.of("uuid", "parent-uuid"));
                }
            }
            assertEquals(qemu, ours, "info of " + image.getFileName());
        }
    }

    @Test
    void textIsQemuImgsTextForImagesWithoutSnapshots() {
        Path raw = dir.resolve("disk.raw");
        Qemu.img("create", "-q", "-f", "raw", raw, "10M").ok();
        Qemu.io(raw, "raw", "write -P 1 0 1M");
        Path base = dir.resolve("base.qcow2");
        Qemu.create(base, "1G");
        Path top = dir.resolve("top.qcow2");
        Qemu.create(top, "1G", "-b", "base.qcow2", "-F", "qcow2");

        for (Path image : List.of(raw, base, top)) {
            assertEquals(Qemu.img("info", image).ok().out(), Cli.run("image", "info", image).ok().out());
        }
    }

    @Test
    void snapshotTableHasQemuImgsColumnsThenUuidAndParent() {
        Path image = dir.resolve("disk.qcow2");
        Qemu.create(image, "16M");
        Qemu.img("snapshot", "-c", "qemu-one", image).ok();
        Cli.run("image", "snapshot", "-c", "ours", image).ok();

        List<String> qemu = lines(Qemu.img("snapshot", "-l", image).ok().out());
        List<String> ours = lines(Cli.run("image", "info", image).ok().out());
        int at = ours.indexOf("Snapshot list:");
        assertTrue(at > 0, String.join("\n", ours));
        assertTrue(ours.get(at + 1).startsWith(qemu.get(1)), ours.get(at + 1));
        assertTrue(ours.get(at + 1).endsWith("UUID                                  PARENT"), ours.get(at + 1));
        assertEquals(qemu.get(2) + String.format("  %-36s  %s", "-", "-"), ours.get(at + 2),
                "a snapshot QEMU made has no UUID");
        String row = ours.get(at + 3);
        assertTrue(row.startsWith(qemu.get(3)), row + "\n" + qemu.get(3));
        assertTrue(row.substring(qemu.get(3).length()).matches("  [0-9a-f-]{36}  -"), row);
    }

    @Test
    void overlayWhoseBackingFileIsGoneStillDescribesItself() {
        Path base = dir.resolve("base.qcow2");
        Qemu.create(base, "1M");
        Path top = dir.resolve("top.qcow2");
        Qemu.create(top, "1M", "-b", "base.qcow2", "-F", "qcow2");
        assertTrue(base.toFile().delete());

        String text = Cli.run("image", "info", top).ok().out();
        assertTrue(text.contains("backing file: base.qcow2 (actual path: " + dir.resolve("base.qcow2") + ")"), text);
    }

    @Test
    void missingFileIsOneLineAndExitOne() {
        String line = Cli.run("image", "info", dir.resolve("nothing.qcow2")).singleErrorLine(1);
        assertTrue(line.contains("nothing.qcow2"), line);
        assertFalse(line.contains("Exception"), line);
    }

    @Test
    void damagedHeaderIsOneLineAndExitOne() throws Exception {
        Path image = dir.resolve("bad.qcow2");
        Qemu.create(image, "1M");
        try (var file = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            file.seek(20);
            file.writeInt(40); // cluster_bits far outside 9..21
        }
        String line = Cli.run("image", "info", "--json", image).singleErrorLine(1);
        assertTrue(line.contains("cluster_bits"), line);
    }

    private static List<String> lines(String text) {
        return Arrays.asList(text.split("\n"));
    }
}
