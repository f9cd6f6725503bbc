package io.snapledger.qmp;

import io.snapledger.image.testing.Qemu;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real qemu-system-x86_64 with qcow2 disks DEVICE.qcow2 (64 MiB) in a test's folder, its
 * control socket driven through {@link LiveBlock}, and a spare "test" socket.
 */
final class LiveVm implements AutoCloseable {
    static final String SIZE = "64M";
    final Path dir;
    final QemuProcess qemu;
    final LiveBlock block;
    final GuestIo io;

    private LiveVm(Path dir, QemuProcess qemu) {
        this.dir = dir;
        this.qemu = qemu;
        this.block = new LiveBlock(qemu.qmp());
        this.io = new GuestIo(qemu.qmp(), qemu.logFile());
    }

    /** New empty images for {@code devices}, and QEMU on them. */
    static LiveVm create(Path dir, String... devices) throws IOException {
        QemuProcess.Builder builder = QemuProcess.builder(dir.resolve("qemu")).socket("test");
        for (String device : devices) {
            Path image = dir.resolve(device + ".qcow2");
            Qemu.create(image, SIZE);
            builder.disk(device, image);
        }
        return start(dir, builder);
    }

    /** QEMU as {@code builder} says, in {@code dir}; a missing QEMU fails the test with how to install it. */
    static LiveVm start(Path dir, QemuProcess.Builder builder) throws IOException {
        try {
            return new LiveVm(dir, builder.start());
        } catch (QemuMissingException e) {
            throw new AssertionError(e.getMessage() + " -- these tests drive a real QEMU and do not skip", e);
        }
    }

    Path image(String device) {
        return dir.resolve(device + ".qcow2");
    }

    /** The format node of the image QEMU was started with. */
    static String base(String device) {
        return NodeNames.format(device, NodeNames.BASE_LAYER);
    }

    /** QMP quit and wait for the process to end with exit 0. */
    void quit() throws InterruptedException {
        qemu.close();
        assertTrue(qemu.awaitExit(Duration.ofSeconds(10)), "QEMU still running after quit");
        assertEquals(0, qemu.exitValue(), qemu.log());
    }

    /** Offline read check with qemu-io: fails on "Pattern verification failed". */
    static void assertFileReads(Path image, int pattern, long offset, long length) {
        Qemu.io(image, "qcow2", String.format("read -P 0x%02x %d %d", pattern, offset, length));
    }

    /** Tags in {@code qemu-img snapshot -l -U}. */
    static String snapshotList(Path image) {
        return Qemu.img("snapshot", "-l", "-U", image).ok().out();
    }

    @Override
    public void close() {
        qemu.close();
    }
}
