package io.snapledger.cli;

import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code image map} prints what {@code qemu-img map} prints, byte for byte. */
class ImageMapCommandTest {
    @TempDir
    Path dir;

    @Test
    void chainMapIsQemuImgsInBothForms() {
        Path base = dir.resolve("base.qcow2");
        Qemu.create(base, "8M", "-o", "cluster_size=4096");
        Qemu.io(base, "qcow2", "write -P 1 0 2M", "write -z 3M 64k");
        Path mid = dir.resolve("mid.qcow2");
        Qemu.create(mid, "8M", "-b", "base.qcow2", "-F", "qcow2");
        Qemu.io(mid, "qcow2", "write -P 2 1M 128k");
        Path top = dir.resolve("top.qcow2");
        Qemu.create(top, "12M", "-b", mid.toString(), "-F", "qcow2");
        Qemu.io(top, "qcow2", "write -P 3 1088k 64k", "write -z 0 64k", "write -P 4 10M 64k");

        for (Path image : new Path[] {top, mid, base}) {
            assertEquals(Qemu.img("map", "--output=json", image).ok().out(),
                    Cli.run("image", "map", "--json", image).ok().out(), "json map of " + image.getFileName());
            assertEquals(Qemu.img("map", image).ok().out(), Cli.run("image", "map", image).ok().out(),
                    "map of " + image.getFileName());
        }
    }

    @Test
    void compressedClustersHaveNoOffsetSoOnlyJsonCanShowThem() {
        Path image = dir.resolve("packed.qcow2");
        Qemu.create(image, "1M");
        Qemu.io(image, "qcow2", "write -c -P 7 0 64k");

        assertEquals(Qemu.img("map", "--output=json", image).ok().out(), Cli.run("image", "map", "--json", image).ok().out());
        assertEquals(1, Qemu.img("map", image).exit());
        assertTrue(Cli.run("image", "map", image).singleErrorLine(1).contains("compressed"));
    }

    @Test
    void rawImageIsOneRunOfData() {
        Path raw = dir.resolve("disk.raw");
        Qemu.img("create", "-q", "-f", "raw", raw, "2M").ok();
        Qemu.io(raw, "raw", "write -P 9 0 2M");
        assertEquals(Qemu.img("map", "--output=json", raw).ok().out(), Cli.run("image", "map", "--json", raw).ok().out());
    }

    @Test
    void missingImageIsOneLine() {
        Cli.run("image", "map", dir.resolve("missing.qcow2")).singleErrorLine(1);
    }
}
