package io.snapledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code image check} gives qemu-img check's verdict, words, JSON keys and exit code. */
class ImageCheckCommandTest {
    @TempDir
    Path dir;

    @Test
    void cleanImageReadsLikeQemuImgCheck() {
        Path image = dir.resolve("disk.qcow2");
        Qemu.create(image, "64M");
        Qemu.io(image, "qcow2", "write -P 1 0 3M", "write -P 2 8M 64k");
        Qemu.img("snapshot", "-c", "s1", image).ok();
        Qemu.io(image, "qcow2", "write -P 3 0 64k");

        Cli.Result text = Cli.run("image", "check", image);
        assertEquals(0, text.exit(), text.err());
        assertEquals(Qemu.img("check", image).ok().out(), text.out());
        assertJsonLikeQemu(image, 0);
    }

    @Test
    void bumpedRefcountIsALeakWithExitThree() throws IOException {
        Path image = dir.resolve("leaky.qcow2");
        Qemu.create(image, "16M");
        Qemu.io(image, "qcow2", "write -P 1 0 1M");
        setRefcountOfFirstCluster(image, 2);

        Cli.Result text = Cli.run("image", "check", image);
        assertEquals(3, text.exit(), text.out() + text.err());
        assertTrue(text.out().contains("\n1 leaked clusters were found on the image.\n"
                + "This means waste of disk space, but no harm to data.\n"), text.out());
        assertJsonLikeQemu(image, 3);
    }

    @Test
    void zeroedRefcountIsACorruptionWithExitTwo() throws IOException {
        Path image = dir.resolve("corrupt.qcow2");
        Qemu.create(image, "16M");
        Qemu.io(image, "qcow2", "write -P 1 0 1M");
        setRefcountOfFirstCluster(image, 0);

        Cli.Result text = Cli.run("image", "check", image);
        assertEquals(2, text.exit(), text.out() + text.err());
        assertTrue(text.out().contains(" errors were found on the image.\n"
                + "Data may be corrupted, or further writes to the image may corrupt it.\n"), text.out());
        assertTrue(text.out().startsWith("ERROR "), "the problems found are listed first: " + text.out());
        assertJsonLikeQemu(image, 2);
    }

    @Test
    void rawImagesHaveNothingToCheck() {
        Path raw = dir.resolve("disk.raw");
        Qemu.img("create", "-q", "-f", "raw", raw, "1M").ok();
        assertEquals(63, Qemu.img("check", raw).exit());
        String line = Cli.run("image", "check", raw).singleErrorLine(63);
        assertTrue(line.contains("raw"), line);
        Cli.run("image", "check", "--json", raw).singleErrorLine(63);
    }

    @Test
    void imagesThatCannotBeOpenedCannotBeCheckedExitOne() throws IOException {
        Cli.run("image", "check", dir.resolve("missing.qcow2")).singleErrorLine(1);
        Path image = dir.resolve("bad.qcow2");
        Qemu.create(image, "1M");
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.seek(4);
            file.writeInt(7); // no such qcow2 version
        }
        assertEquals(1, Qemu.img("check", image).exit());
        Cli.run("image", "check", image).singleErrorLine(1);
    }

    /** Same exit code and counters as qemu-img; our JSON may add "problems", nothing else. */
    private static void assertJsonLikeQemu(Path image, int exit) {
        Qemu.Result qemu = Qemu.img("check", "--output=json", image);
        assertEquals(exit, qemu.exit(), "qemu-img check itself: " + qemu.out() + qemu.err());
        Cli.Result ours = Cli.run("image", "check", "--json", image);
        assertEquals(exit, ours.exit(), ours.err());
        JsonNode expected = Qemu.json(qemu.out());
        ObjectNode actual = (ObjectNode) Qemu.json(ours.out());
        assertEquals(exit == 2, actual.has("problems"), ours.out());
        actual.remove("problems");
        List<String> keys = new ArrayList<>();
        expected.fieldNames().forEachRemaining(keys::add);
        List<String> ourKeys = new ArrayList<>();
        actual.fieldNames().forEachRemaining(ourKeys::add);
        assertEquals(keys.stream().sorted().toList(), ourKeys.stream().sorted().toList());
        for (String key : List.of("check-errors", "leaks", "total-clusters", "allocated-clusters", "filename", "format")) {
            assertEquals(expected.get(key), actual.get(key), key);
        }
    }

    /** Rewrites the 16-bit refcount of cluster 0 (the header) in the first refcount block. */
    private static void setRefcountOfFirstCluster(Path image, int refcount) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.seek(48);
            long refcountTable = file.readLong();
            file.seek(refcountTable);
            long firstBlock = file.readLong();
            file.seek(firstBlock);
            file.writeShort(refcount);
        }
    }
}
