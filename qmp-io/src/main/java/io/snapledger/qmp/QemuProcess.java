package io.snapledger.qmp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A qemu-system-x86_64 child process: a diskless-boot TCG machine (SeaBIOS idles without a boot
 * disk, enough for every snapshot mechanism) with virtio disks on qcow2 images and QMP sockets.
 *
 * <p>Each disk DEVICE is opened as
 * <pre>
 *   -blockdev driver=file,filename=ABS,node-name=sl_DEVICE_LAYER_file
 *   -blockdev driver=qcow2,file=sl_DEVICE_LAYER_file,node-name=sl_DEVICE_LAYER
 *   -device virtio-blk-pci,drive=sl_DEVICE_LAYER,id=DEVICE
 * </pre>
 * ({@link NodeNames}; LAYER is {@value NodeNames#BASE_LAYER} unless given). The image's backing
 * chain, if any, is opened by QEMU from its header.
 *
 * <p>QMP sockets are {@code DIR/NAME.qmp}; the first one is held by this object ({@link #qmp()},
 * used by {@link #close()} to quit), the others are for other clients ({@link #connect}), one
 * client per socket. stdout and stderr go to {@code DIR/qemu.log}, which is also where HMP
 * {@code qemu-io} prints its results.
 */
public final class QemuProcess implements AutoCloseable {
    public static final String BINARY = "qemu-system-x86_64";
    private static final Duration QUIT_WAIT = Duration.ofSeconds(10);

    private final Process process;
    private final Path dir;
    private final Path log;
    private final Map<String, Path> sockets;
    private final QmpClient qmp;

    private QemuProcess(Process process, Path dir, Path log, Map<String, Path> sockets, QmpClient qmp) {
        this.process = process;
        this.dir = dir;
        this.log = log;
        this.sockets = sockets;
        this.qmp = qmp;
    }

    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** What to start; {@link #start} runs it. */
    public static final class Builder {
        private final Path dir;
        private final Map<String, String[]> disks = new LinkedHashMap<>();
        private final List<String> socketNames = new ArrayList<>(List.of("control"));
        private String incoming;
        private boolean paused;
        private Duration startTimeout = Duration.ofSeconds(20);

        private Builder(Path dir) {
            this.dir = dir.toAbsolutePath();
        }

        /** A virtio disk with qdev id {@code device} on qcow2 {@code image}, as layer "0". */
        public Builder disk(String device, Path image) {
            return disk(device, image, NodeNames.BASE_LAYER);
        }

        /** A disk whose active image is the overlay snapledger named {@code layer}. */
        public Builder disk(String device, Path image, String layer) {
            NodeNames.format(device, layer); // validates
            disks.put(device, new String[] {image.toAbsolutePath().toString(), layer});
            return this;
        }

        /** One more QMP socket {@code DIR/NAME.qmp}, besides "control". */
        public Builder socket(String name) {
            socketNames.add(name);
            return this;
        }

        /** {@code -incoming URI}: {@code defer}, or {@link LiveBlock#incomingUri} of a state file. */
        public Builder incoming(String uri) {
            this.incoming = uri;
            return this;
        }

        /** {@code -S}: do not start the CPUs until {@code cont}. */
        public Builder paused() {
            this.paused = true;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Starts QEMU and returns once its control socket answers QMP.
         *
         * @throws QemuMissingException qemu-system-x86_64 is not installed
         * @throws QmpException QEMU exited or did not answer; the message holds its log
         */
        public QemuProcess start() throws IOException {
            Files.createDirectories(dir);
            Path log = dir.resolve("qemu.log");
            Map<String, Path> sockets = new LinkedHashMap<>();
            for (String name : socketNames) {
                Path socket = dir.resolve(name + ".qmp");
                Files.deleteIfExists(socket); // a killed QEMU leaves its socket file behind
                sockets.put(name, socket);
            }
            Process process;
            try {
                process = new ProcessBuilder(commandLine(sockets)).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.PIPE).start();
                process.getOutputStream().close();
            } catch (IOException e) {
                throw new QemuMissingException(e);
            }
            QmpClient qmp;
            try {
                qmp = awaitControl(process, sockets.get("control"), log);
            } catch (RuntimeException e) {
                process.destroyForcibly();
                throw e;
            }
            return new QemuProcess(process, dir, log, sockets, qmp);
        }

        private QmpClient awaitControl(Process process, Path socket, Path log) {
            long deadline = System.nanoTime() + startTimeout.toNanos();
            while (true) {
                if (!process.isAlive()) {
                    throw new QmpException("QemuExited", "exit " + process.exitValue(),
                            "QEMU exited with " + process.exitValue() + " at start: " + read(log));
                }
                try {
                    return QmpClient.connect(socket, Duration.ofMillis(500));
                } catch (QmpTimeoutException | QemuGoneException e) {
                    if (System.nanoTime() > deadline) {
                        throw new QmpException("QemuStart", e.getMessage(), "QEMU did not answer on " + socket
                                + " within " + startTimeout + ": " + e.getMessage() + "; log: " + read(log), e);
                    }
                }
            }
        }

        List<String> commandLine(Map<String, Path> sockets) {
            List<String> c = new ArrayList<>(List.of(BINARY, "-machine", "pc,accel=tcg", "-m", "64", "-nodefaults",
                    "-nographic", "-display", "none", "-serial", "none", "-monitor", "none"));
            disks.forEach((device, spec) -> {
                String format = NodeNames.format(device, spec[1]);
                String file = NodeNames.file(device, spec[1]);
                c.addAll(List.of("-blockdev", "driver=file,filename=" + optionValue(spec[0]) + ",node-name=" + file,
                        "-blockdev", "driver=qcow2,file=" + file + ",node-name=" + format,
                        "-device", "virtio-blk-pci,drive=" + format + ",id=" + device));
            });
            sockets.values().forEach(s -> c.addAll(List.of("-qmp", "unix:" + optionValue(s.toString()) + ",server=on,wait=off")));
            if (incoming != null) {
                c.addAll(List.of("-incoming", incoming));
            }
            if (paused) {
                c.add("-S");
            }
            return c;
        }

        /** QEMU's option syntax doubles a comma inside a value. */
        private static String optionValue(String value) {
            return value.replace(",", ",,");
        }
    }

    /** The client on the control socket, owned by this process object. */
    public QmpClient qmp() {
        return qmp;
    }

    /** A new client on socket {@code name} (added with {@link Builder#socket}). */
    public QmpClient connect(String name, Duration timeout) {
        Path socket = sockets.get(name);
        if (socket == null) {
            throw new IllegalArgumentException("no QMP socket " + name + "; there are " + sockets.keySet());
        }
        return QmpClient.connect(socket, timeout);
    }

    public Path socket(String name) {
        return sockets.get(name);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path dir() {
        return dir;
    }

    public Path logFile() {
        return log;
    }

    /** Everything QEMU wrote to stdout/stderr so far. */
    public String log() {
        return read(log);
    }

    /** SIGKILL, as a crash would: no flush, no quit. Waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(QUIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        qmp.close();
    }

    /** Waits for QEMU to exit by itself (after a quit sent elsewhere); true if it did. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** QMP quit, wait for the exit; kill if QEMU does not go within 10 s. */
    @Override
    public void close() {
        try {
            if (process.isAlive() && qmp.isConnected()) {
                try {
                    qmp.execute("quit", null, QUIT_WAIT);
                } catch (QmpException e) {
                    // gone already, or not answering: the wait and kill below deal with both
                }
            }
            if (!process.waitFor(QUIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(QUIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            qmp.close();
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
