package io.snapledger.cli.live;

import io.snapledger.cli.Cli;
import io.snapledger.image.testing.Qemu;
import io.snapledger.qmp.QemuMissingException;
import io.snapledger.qmp.QemuProcess;
import io.snapledger.qmp.QmpClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * A QEMU the test starts itself (TCG, -nodefaults, qcow2 disks as -blockdev nodes), as an operator
 * would before {@code define --qmp}: snapledger gets the socket {@code product.qmp}; the test keeps
 * the control socket for the guest's I/O, done with HMP {@code qemu-io -d DEV/virtio-backend}.
 * qemu-io prints its results into QEMU's log, not into the monitor's reply, so a read is judged
 * from the lines it added there.
 */
final class GuestVm implements AutoCloseable {
    static final String SIZE = "64M";
    static final int MB = 1 << 20;
    final Path dir;
    final Map<String, Path> disks = new LinkedHashMap<>();
    private QemuProcess qemu;

    private GuestVm(Path dir) {
        this.dir = dir;
    }

    /** New empty qcow2 images DEV.qcow2 in {@code dir}, and QEMU running on them. */
    /** The CLI run against the home {@code dir/home}. */
    static Cli.Result cli(Path dir, Object... args) {
        List<Object> all = new ArrayList<>(List.of("--home", dir.resolve("home")));
        all.addAll(List.of(args));
        return Cli.run(all.toArray());
    }

    /** A VM with disks vda and vdb, defined as domain {@code vm} of the home {@code dir/home}, attached by --qmp. */
    static GuestVm defineAttached(Path dir) throws IOException {
        GuestVm vm = start(dir, "vda", "vdb");
        List<Object> define = new ArrayList<>(List.of("define", "vm", "--qmp", vm.productSocket()));
        define.addAll(List.of(vm.diskArgs()));
        cli(dir, define.toArray()).ok();
        return vm;
    }

    static GuestVm start(Path dir, String... devices) throws IOException {
        GuestVm vm = new GuestVm(dir);
        for (String device : devices) {
            Path image = dir.resolve(device + ".qcow2");
            Qemu.create(image, SIZE);
            vm.disks.put(device, image);
        }
        vm.boot();
        return vm;
    }

    /** QEMU again on the same images, after a quit. */
    void boot() throws IOException {
        QemuProcess.Builder builder = QemuProcess.builder(dir.resolve("qemu")).socket("product");
        disks.forEach(builder::disk);
        try {
            qemu = builder.start();
        } catch (QemuMissingException e) {
            throw new AssertionError(e.getMessage() + " -- these tests drive a real QEMU and do not skip", e);
        }
    }

    Path productSocket() {
        return qemu.socket("product");
    }

    QmpClient qmp() {
        return qemu.qmp();
    }

    Path log() {
        return qemu.logFile();
    }

    /** {@code --disk DEV=FILE} arguments for every disk. */
    Object[] diskArgs() {
        return disks.entrySet().stream().flatMap(e -> java.util.stream.Stream.of("--disk", e.getKey() + "=" + e.getValue()))
                .toArray();
    }

    void write(String device, int pattern, long offset, long length) {
        guestIo(qemu.qmp(), qemu.logFile(), device, String.format("write -P 0x%02x %d %d", pattern, offset, length),
                "wrote " + length + "/" + length + " bytes at offset " + offset);
    }

    /** Fails unless the guest reads {@code pattern} in every byte of the range. */
    void assertReads(String device, int pattern, long offset, long length) {
        String out = guestIo(qemu.qmp(), qemu.logFile(), device,
                String.format("read -P 0x%02x %d %d", pattern, offset, length),
                "read " + length + "/" + length + " bytes at offset " + offset);
        if (out.contains("Pattern verification failed")) {
            throw new AssertionError(device + " does not read 0x" + Integer.toHexString(pattern) + " at " + offset
                    + "+" + length + ": " + out.strip());
        }
    }

    static String guestIo(QmpClient qmp, Path log, String device, String command, String doneLine) {
        long from = size(log);
        String reply = qmp.execute("human-monitor-command", qmp.arguments()
                .put("command-line", "qemu-io -d " + device + "/virtio-backend \"" + command + "\"")).asText();
        if (!reply.isBlank()) {
            throw new AssertionError("qemu-io " + command + " on " + device + ": " + reply.strip());
        }
        AtomicReference<String> added = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> {
            byte[] all = Files.readAllBytes(log);
            added.set(new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8));
            return added.get().contains(doneLine);
        });
        return added.get();
    }

    private static long size(Path log) {
        try {
            return Files.size(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** QMP quit; waits for QEMU to exit. */
    void quit() throws InterruptedException {
        qemu.close();
        if (!qemu.awaitExit(Duration.ofSeconds(10))) {
            throw new AssertionError("QEMU still running after quit");
        }
    }

    @Override
    public void close() {
        if (qemu != null) {
            qemu.close();
        }
    }
}
