package io.snapledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code image snapshot -c/-l/-a/-d} round trips, with qemu-img as the judge of every image. */
class ImageSnapshotCommandTest {
    @TempDir
    Path dir;

    @Test
    void createdSnapshotsAreNumberedLikeQemusAndHoldWhatTheGuestSaw() {
        Path image = dir.resolve("disk.qcow2");
        Qemu.create(image, "16M");
        Qemu.io(image, "qcow2", "write -P 0x01 0 2M");
        Qemu.img("snapshot", "-c", "by-qemu", image).ok();
        Path atFirst = Qemu.exportRaw(image, dir.resolve("first.raw"));

        JsonNode created = Qemu.json(Cli.run("image", "snapshot", "--json", "-c", "first", image).ok().out());
        assertEquals("2", created.get("id").asText());
        assertEquals("first", created.get("name").asText());
        UUID firstUuid = UUID.fromString(created.get("uuid").asText());
        assertTrue(created.get("parent-uuid").isNull());
        Qemu.assertClean(image);

        Qemu.io(image, "qcow2", "write -P 0x02 1M 2M");
        assertEquals("", Cli.run("image", "snapshot", "-c", "second", image).ok().out());
        Qemu.assertClean(image);

        assertEquals(List.of("1:by-qemu", "2:first", "3:second"), idsAndNames(Qemu.info(image)));
        assertTrue(Qemu.sameContent(atFirst, Qemu.exportSnapshot(image, "first", dir.resolve("first-export.raw"))));

        JsonNode listed = Qemu.json(Cli.run("image", "snapshot", "-l", "--json", image).ok().out());
        assertEquals(3, listed.size());
        assertEquals(firstUuid.toString(), listed.get(1).get("uuid").asText());
        assertNotEquals(listed.get(1).get("uuid"), listed.get(2).get("uuid"));
    }

    @Test
    void nextIdIsOneMoreThanTheLargestNumericId() {
        Path image = dir.resolve("disk.qcow2");
        Qemu.create(image, "4M");
        Cli.run("image", "snapshot", "-c", "a", image).ok();
        Cli.run("image", "snapshot", "-c", "b", image).ok();
        Cli.run("image", "snapshot", "-d", "1", image).ok();
        Cli.run("image", "snapshot", "-c", "c", image).ok();
        assertEquals(List.of("2:b", "3:c"), idsAndNames(Qemu.info(image)));
        Qemu.assertClean(image);
    }

    @Test
    void applyRevertsTheImageAndDeleteRemovesTheSnapshot() {
        Path image = dir.resolve("disk.qcow2");
        Qemu.create(image, "8M");
        Qemu.io(image, "qcow2", "write -P 0x0a 0 1M");
        Cli.run("image", "snapshot", "-c", "before", image).ok();
        Qemu.io(image, "qcow2", "write -P 0x0b 0 512k", "write -P 0x0c 4M 1M");

        Cli.run("image", "snapshot", "-a", "before", image).ok();
        Qemu.assertClean(image);
        Qemu.io(image, "qcow2", "read -P 0x0a 0 1M", "read -P 0 4M 1M");

        Cli.run("image", "snapshot", "-d", "before", image).ok();
        Qemu.assertClean(image);
        assertEquals(List.of(), idsAndNames(Qemu.info(image)));
        Qemu.io(image, "qcow2", "read -P 0x0a 0 1M");
    }

    @Test
    void snapshotsQemuMadeCanBeAppliedAndDeletedById() {
        Path image = dir.resolve("disk.qcow2");
        Qemu.create(image, "8M");
        Qemu.io(image, "qcow2", "write -P 0x21 0 1M");
        Qemu.img("snapshot", "-c", "q", image).ok();
        Qemu.io(image, "qcow2", "write -P 0x22 0 1M");

        Cli.run("image", "snapshot", "-a", "1", image).ok();
        Qemu.io(image, "qcow2", "read -P 0x21 0 1M");
        Cli.run("image", "snapshot", "-d", "1", image).ok();
        Qemu.assertClean(image);
        assertEquals("", Qemu.img("snapshot", "-l", image).ok().out());
    }

    @Test
    void listPrintsQemuImgsTableOrNothing() {
        Path image = dir.resolve("disk.qcow2");
        Qemu.create(image, "4M");
        assertEquals("", Cli.run("image", "snapshot", "-l", image).ok().out());
        assertEquals("[ ]\n", Cli.run("image", "snapshot", "-l", "--json", image).ok().out());
        Cli.run("image", "snapshot", "-c", "one", image).ok();
        List<String> lines = List.of(Cli.run("image", "snapshot", "-l", image).ok().out().split("\n"));
        assertEquals("Snapshot list:", lines.get(0));
        assertTrue(lines.get(1).startsWith("ID        TAG"), lines.get(1));
        assertTrue(lines.get(2).startsWith("1         one  "), lines.get(2));
    }

    @Test
    void errorsAreOneLineAndExitOne() {
        Path raw = dir.resolve("disk.raw");
        Qemu.img("create", "-q", "-f", "raw", raw, "1M").ok();
        assertTrue(Cli.run("image", "snapshot", "-c", "x", raw).singleErrorLine(1).contains("raw"));
        assertTrue(Cli.run("image", "snapshot", "-l", raw).singleErrorLine(1).contains("raw"));

        Path image = dir.resolve("disk.qcow2");
        Qemu.create(image, "1M");
        assertTrue(Cli.run("image", "snapshot", "-a", "nope", image).singleErrorLine(1).contains("'nope'"));
        assertTrue(Cli.run("image", "snapshot", "-d", "nope", image).singleErrorLine(1).contains("'nope'"));
        Cli.run("image", "snapshot", "-c", "dup", image).ok();
        assertTrue(Cli.run("image", "snapshot", "-c", "dup", image).singleErrorLine(1).contains("dup"));
        assertTrue(Cli.run("image", "snapshot", "-l", dir.resolve("missing.qcow2")).singleErrorLine(1)
                .contains("missing.qcow2"));
        Qemu.assertClean(image);
    }

    @Test
    void exactlyOneActionIsRequired() {
        Path image = dir.resolve("disk.qcow2");
        Qemu.create(image, "1M");
        assertEquals(2, Cli.run("image", "snapshot", image).exit());
        assertEquals(2, Cli.run("image", "snapshot", "-c", "a", "-d", "b", image).exit());
    }

    private static List<String> idsAndNames(JsonNode info) {
        List<String> result = new ArrayList<>();
        if (info.has("snapshots")) {
            info.get("snapshots").forEach(s -> result.add(s.get("id").asText() + ":" + s.get("name").asText()));
        }
        return result;
    }
}
