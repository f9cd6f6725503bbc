package io.snapledger.image;

import io.snapledger.image.qcow2.NewSnapshot;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** QEMU's image locks are respected both ways: neither writes an image the other has open for writing. */
class QemuLockTest {
    @TempDir
    Path dir;

    @Test
    void anImageARunningQemuHoldsIsRefusedUnchanged() throws Exception {
        Path img = dir.resolve("disk.qcow2");
        Qemu.create(img, "4M");
        byte[] before = Files.readAllBytes(img);
        Process qemu = new ProcessBuilder("qemu-io", "-f", "qcow2", "-c", "sleep 20000", img.toString())
                .redirectErrorStream(true).start();
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> lockedByOthers(img));
            ImageOperationException e = assertThrows(ImageOperationException.class, () -> Qcow2Image.open(img, true));
            assertTrue(e.getMessage().contains("in use by another program"), e.getMessage());
            try (Qcow2Image readOnly = Qcow2Image.open(img, false)) {
                assertEquals(4L << 20, readOnly.virtualSize());
            }
        } finally {
            qemu.destroyForcibly().waitFor();
        }
        assertTrue(Arrays.equals(before, Files.readAllBytes(img)));
    }

    @Test
    void qemuCannotWriteAnImageSnapledgerIsWriting() throws Exception {
        Path img = dir.resolve("disk.qcow2");
        Qemu.create(img, "4M");
        try (Qcow2Image image = Qcow2Image.open(img, true)) {
            Qemu.Result r = Qemu.run("qemu-io", "-f", "qcow2", "-c", "write 0 4k", img.toString());
            assertNotEquals(0, r.exit());
            assertTrue((r.out() + r.err()).contains("lock"), r.out() + r.err());
            assertEquals(0, Qemu.img("info", "-U", img).exit(), "qemu-img info -U may still look at it");
            image.createSnapshot(NewSnapshot.of("1", "s", UUID.randomUUID(), null, Instant.now()));
        }
        Qemu.assertClean(img);
    }

    private static boolean lockedByOthers(Path img) {
        try (Qcow2Image ignored = Qcow2Image.open(img, true)) {
            return false;
        } catch (ImageOperationException e) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
