package io.snapledger.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link ImageMap} must say what {@code qemu-img map --output=json} says, extent for extent. */
class ImageMapTest {
    @TempDir
    Path dir;

    @Test
    void threeLayerChainWithMixedClusterSizesMatchesQemu() throws IOException {
        // A raw base that is fully written (QEMU would report holes in a sparse one as zero) and
        // ends in the middle of the overlays' clusters.
        Path base = dir.resolve("base.raw");
        Qemu.img("create", "-q", "-f", "raw", base, "4198400").ok();
        Qemu.io(base, "raw", "write -P 0x01 0 4198400");
        Path mid = dir.resolve("mid.qcow2");
        Qemu.create(mid, "4198400", "-b", base.toString(), "-F", "raw", "-o", "cluster_size=4096");
        Qemu.io(mid, "qcow2", "write -P 0x02 1M 64k", "write -z 1536k 8k", "write -c -P 0x03 2M 4k",
                "write -c -P 0x04 2052k 4k", "write -P 0x05 4194304 4096");
        Path top = dir.resolve("top.qcow2");
        Qemu.create(top, "6M", "-b", mid.toString(), "-F", "qcow2");
        Qemu.io(top, "qcow2", "write -P 0x06 0 128k", "write -z 0 64k", "write -z -u 3M 64k",
                "write -P 0x07 5M 64k", "write -P 0x08 1088k 64k", "write -z 1088k 64k");
        Qemu.img("snapshot", "-c", "keeps-shared-clusters", top).ok();
        Qemu.io(top, "qcow2", "write -P 0x09 64k 64k");

        assertSameAsQemu(top);
        assertSameAsQemu(mid);
    }

    @Test
    void unallocatedRangesReportTheBottomOfTheChain() throws IOException {
        Path base = dir.resolve("base.qcow2");
        Qemu.create(base, "4M", "-o", "compat=0.10");
        Qemu.io(base, "qcow2", "write -P 0x11 0 1M");
        Path top = dir.resolve("top.qcow2");
        Qemu.create(top, "4M", "-b", base.toString(), "-F", "qcow2", "-o", "cluster_size=512");
        Qemu.io(top, "qcow2", "write -P 0x22 512k 1M", "write -z 3M 4k");

        assertSameAsQemu(top);
    }

    @Test
    void emptyAndRawImagesMatchQemu() throws IOException {
        Path empty = dir.resolve("empty.qcow2");
        Qemu.create(empty, "10G");
        assertSameAsQemu(empty);

        Path raw = dir.resolve("disk.raw");
        Qemu.img("create", "-q", "-f", "raw", raw, "1M").ok();
        Qemu.io(raw, "raw", "write -P 0x33 0 1M");
        assertSameAsQemu(raw);
    }

    private static void assertSameAsQemu(Path image) throws IOException {
        JsonNode expected = Qemu.json(Qemu.img("map", "--output=json", image).ok().out());
        List<String> qemu = new ArrayList<>();
        for (JsonNode e : expected) {
            qemu.add(describe(e.get("start").asLong(), e.get("length").asLong(), e.get("depth").asInt(),
                    e.get("present").asBoolean(), e.get("zero").asBoolean(), e.get("data").asBoolean(),
                    e.has("offset") ? e.get("offset").asText() : "-"));
        }
        List<String> ours = new ArrayList<>();
        try (DiskImage disk = Images.open(image, false)) {
            for (ImageMap.Extent e : ImageMap.of(disk)) {
                ours.add(describe(e.start(), e.length(), e.depth(), e.present(), e.zero(), e.data(),
                        e.hostOffset().isPresent() ? Long.toString(e.hostOffset().getAsLong()) : "-"));
            }
        }
        assertEquals(String.join("\n", qemu), String.join("\n", ours), "map of " + image.getFileName());
    }

    private static String describe(long start, long length, int depth, boolean present, boolean zero, boolean data,
                                   String offset) {
        return String.format("start=%d length=%d depth=%d present=%b zero=%b data=%b offset=%s",
                start, length, depth, present, zero, data, offset);
    }
}
