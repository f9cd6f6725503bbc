package io.snapledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Images made by {@code image create} are clean and described alike by qemu-img. */
class ImageCreateCommandTest {
    @TempDir
    Path dir;

    @Test
    void qcow2WithOptionsIsCleanAndAsAsked() {
        Path image = dir.resolve("disk.qcow2");
        Cli.Result r = Cli.run("image", "create", "-f", "qcow2", "-o", "cluster_size=4k,refcount_bits=8", image, "1G").ok();
        assertEquals("Formatting '" + image + "', fmt=qcow2 cluster_size=4096 size=1073741824 compat=1.1 refcount_bits=8\n",
                r.out());

        Qemu.assertClean(image);
        JsonNode info = Qemu.info(image);
        assertEquals(1L << 30, info.get("virtual-size").asLong());
        assertEquals(4096, info.get("cluster-size").asInt());
        assertEquals(8, info.at("/format-specific/data/refcount-bits").asInt());
        assertEquals("1.1", info.at("/format-specific/data/compat").asText());
        Qemu.io(image, "qcow2", "write -P 0x42 100M 1M", "read -P 0x42 100M 1M");
        Qemu.assertClean(image);
    }

    @Test
    void compatZeroTenMakesAVersionTwoImage() {
        Path image = dir.resolve("old.qcow2");
        Cli.run("image", "create", "-q", "-f", "qcow2", "-o", "compat=0.10", image, "1.5M").ok();
        Qemu.assertClean(image);
        JsonNode info = Qemu.info(image);
        assertEquals("0.10", info.at("/format-specific/data/compat").asText());
        assertEquals(1572864, info.get("virtual-size").asLong());
    }

    @Test
    void sizesAreRoundedUpToSectorsAsQemuImgDoes() {
        Path image = dir.resolve("odd.qcow2");
        Cli.run("image", "create", "-q", "-f", "qcow2", image, "1000").ok();
        assertEquals(1024, Qemu.info(image).get("virtual-size").asLong());
    }

    @Test
    void overlayTakesItsBackingFilesSizeAndReadsThroughIt() {
        Path base = dir.resolve("base.qcow2");
        Qemu.create(base, "32M");
        Qemu.io(base, "qcow2", "write -P 0x17 1M 1M");
        Path top = dir.resolve("top.qcow2");
        Cli.run("image", "create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", top).ok();

        Qemu.assertClean(top);
        JsonNode info = Qemu.info(top);
        assertEquals(32L << 20, info.get("virtual-size").asLong());
        assertEquals("base.qcow2", info.get("backing-filename").asText());
        assertEquals("qcow2", info.get("backing-filename-format").asText());
        Qemu.io(top, "qcow2", "read -P 0x17 1M 1M");
    }

    @Test
    void overlayOnARawBaseCanBeBigger() {
        Path base = dir.resolve("base.raw");
        Qemu.img("create", "-q", "-f", "raw", base, "4M").ok();
        Path top = dir.resolve("top.qcow2");
        Cli.Result r = Cli.run("image", "create", "--json", "-f", "qcow2", "-b", base, "-F", "raw", top, "8M").ok();
        JsonNode ours = Qemu.json(r.out());
        JsonNode qemu = Qemu.info(top);
        assertEquals(qemu.get("virtual-size"), ours.get("virtual-size"));
        assertEquals(qemu.get("backing-filename"), ours.get("backing-filename"));
        assertEquals("raw", qemu.get("backing-filename-format").asText());
        Qemu.assertClean(top);
    }

    @Test
    void rawImagesAreSparseFilesOfTheGivenSize() throws IOException {
        Path raw = dir.resolve("disk.raw");
        Cli.Result r = Cli.run("image", "create", "-f", "raw", raw, "256M").ok();
        assertEquals("Formatting '" + raw + "', fmt=raw size=268435456\n", r.out());
        assertEquals(256L << 20, Files.size(raw));
        JsonNode info = Qemu.info(raw);
        assertEquals("raw", info.get("format").asText());
        assertTrue(info.get("actual-size").asLong() < (1 << 20), "sparse: " + info);
    }

    @Test
    void backingFileWithoutItsFormatIsRefusedLikeQemuImg() {
        Path base = dir.resolve("base.qcow2");
        Qemu.create(base, "1M");
        Path top = dir.resolve("top.qcow2");
        String line = Cli.run("image", "create", "-f", "qcow2", "-b", base, top).singleErrorLine(2);
        assertTrue(line.contains("Backing file specified without backing format"), line);
        assertFalse(Files.exists(top));
    }

    @Test
    void badRequestsAreOneLineEach() throws IOException {
        Path image = dir.resolve("x.qcow2");
        assertTrue(Cli.run("image", "create", "-f", "qcow2", "-o", "lazy_refcounts=on", image, "1M").singleErrorLine(2)
                .contains("Invalid parameter 'lazy_refcounts'"));
        assertTrue(Cli.run("image", "create", "-f", "qcow2", "-o", "cluster_size=3000", image, "1M").singleErrorLine(2)
                .contains("Cluster size must be a power of two"));
        assertTrue(Cli.run("image", "create", "-f", "qcow2", "-o", "compat=0.10,refcount_bits=8", image, "1M")
                .singleErrorLine(2).contains("refcount widths"));
        assertTrue(Cli.run("image", "create", "-f", "qcow2", image, "12X").singleErrorLine(2).contains("invalid image size"));
        assertTrue(Cli.run("image", "create", "-f", "qcow2", image).singleErrorLine(2).contains("needs a size"));
        assertTrue(Cli.run("image", "create", "-f", "raw", "-b", "base", "-F", "raw", image, "1M").singleErrorLine(2)
                .contains("not supported for file format 'raw'"));
        assertTrue(Cli.run("image", "create", "-f", "vmdk", image, "1M").singleErrorLine(1).contains("vmdk"));
        assertTrue(Cli.run("image", "create", "-f", "qcow2", "-b", "nowhere.qcow2", "-F", "qcow2", image)
                .singleErrorLine(1).contains("nowhere.qcow2"));
        assertFalse(Files.exists(image));

        Files.writeString(image, "precious");
        assertTrue(Cli.run("image", "create", "-f", "qcow2", image, "1M").singleErrorLine(1).contains("already exists"));
        assertEquals("precious", Files.readString(image));
    }

    @Test
    void optionHelpListsWhatIsSupported() {
        String out = Cli.run("image", "create", "-f", "qcow2", "-o", "help", dir.resolve("x.qcow2")).ok().out();
        assertTrue(out.contains("cluster_size=") && out.contains("refcount_bits=") && out.contains("compat="), out);
        assertFalse(Files.exists(dir.resolve("x.qcow2")));
    }
}
