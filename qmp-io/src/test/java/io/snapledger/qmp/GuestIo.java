package io.snapledger.qmp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * Guest disk I/O without a guest OS: HMP {@code qemu-io -d DEVICE/virtio-backend "..."} through
 * QMP's {@code human-monitor-command}. qemu-io prints its results ("wrote ...", "read ...",
 * "Pattern verification failed ...") on QEMU's stdout, which {@link QemuProcess} sends to
 * qemu.log, not in the monitor reply (that is empty on success). So a read is judged from the
 * lines it added to the log: it must say it read the bytes and must not report a pattern failure.
 */
final class GuestIo {
    private final QmpClient qmp;
    private final Path log;

    GuestIo(QmpClient qmp, Path log) {
        this.qmp = qmp;
        this.log = log;
    }

    void write(String device, int pattern, long offset, long length) {
        run(device, String.format("write -P 0x%02x %d %d", pattern, offset, length),
                "wrote " + length + "/" + length + " bytes at offset " + offset);
    }

    /** Fails unless the guest reads {@code pattern} in every byte of the range. */
    void assertReads(String device, int pattern, long offset, long length) {
        String out = run(device, String.format("read -P 0x%02x %d %d", pattern, offset, length),
                "read " + length + "/" + length + " bytes at offset " + offset);
        if (out.contains("Pattern verification failed")) {
            throw new AssertionError(device + " does not read 0x" + Integer.toHexString(pattern) + " at " + offset
                    + "+" + length + ": " + out.strip());
        }
    }

    private String run(String device, String command, String doneLine) {
        long from = size();
        String reply = qmp.execute("human-monitor-command", qmp.arguments()
                .put("command-line", "qemu-io -d " + device + "/virtio-backend \"" + command + "\"")).asText();
        if (!reply.isBlank()) {
            throw new AssertionError("qemu-io " + command + " on " + device + ": " + reply.strip());
        }
        AtomicReference<String> added = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> {
            added.set(since(from));
            return added.get().contains(doneLine);
        });
        return added.get();
    }

    private long size() {
        try {
            return Files.size(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String since(long offset) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
    }
}
