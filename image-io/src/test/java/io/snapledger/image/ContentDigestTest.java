package io.snapledger.image;

import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentDigestTest {
    @TempDir
    Path dir;

    private Path disk(String name, String... options) {
        Path img = dir.resolve(name);
        Qemu.create(img, "8M", options);
        Qemu.io(img, "qcow2", "write -P 0x5a 0 1M", "write -P 0x21 3M 100k", "write -P 0x07 8388000 608");
        return img;
    }

    private static String digest(Path path) throws IOException {
        try (DiskImage image = Images.open(path, false)) {
            return ContentDigest.of(image);
        }
    }

    @Test
    void theSameGuestBytesGiveTheSameDigestWhateverTheLayout() throws IOException {
        Path big = disk("big.qcow2");
        Path small = dir.resolve("small.qcow2");
        Qemu.img("convert", "-O", "qcow2", "-o", "cluster_size=4096", big, small).ok();
        Path raw = Qemu.exportRaw(big, dir.resolve("flat.raw"));
        String expected = digest(big);
        assertTrue(expected.matches("crc32c64:[0-9a-f]{16}"), expected);
        assertEquals(expected, digest(small));
        assertEquals(expected, digest(raw));
    }

    @Test
    void zeroFlaggedAndUnallocatedClustersReadAlike() throws IOException {
        Path written = disk("written.qcow2");
        Path zeroed = disk("zeroed.qcow2");
        Qemu.io(written, "qcow2", "write -P 0 4M 1M");
        Qemu.io(zeroed, "qcow2", "write -z 4M 1M");
        assertEquals(digest(written), digest(zeroed));
    }

    @Test
    void oneChangedByteChangesTheDigest() throws IOException {
        Path img = disk("vda.qcow2");
        String before = digest(img);
        Qemu.io(img, "qcow2", "write -P 0x5b 12345 1");
        assertNotEquals(before, digest(img));
    }

    @Test
    void anInternalSnapshotKeepsTheDigestOfWhatItHeldWhenTaken() throws IOException {
        Path img = disk("vda.qcow2");
        String atSnapshot = digest(img);
        Qemu.img("snapshot", "-c", "s1", img).ok();
        Qemu.io(img, "qcow2", "write -P 0x66 0 64k");
        try (Qcow2Image image = Qcow2Image.open(img, false)) {
            assertEquals(atSnapshot, ContentDigest.ofSnapshot(image, image.snapshot("s1")));
        }
        assertNotEquals(atSnapshot, digest(img));
    }

    @Test
    void anOverlayReadsItsBackingFilesBytes() throws IOException {
        Path base = disk("base.qcow2");
        Path top = dir.resolve("top.qcow2");
        Qemu.img("create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", top).ok();
        assertEquals(digest(base), digest(top));
        Qemu.io(top, "qcow2", "write -P 0x01 2M 4k");
        assertNotEquals(digest(base), digest(top));
    }
}
