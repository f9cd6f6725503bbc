package io.snapledger.core.live;

import io.snapledger.events.model.LiveState;
import io.snapledger.events.model.QemuLink;
import io.snapledger.qmp.BlockDevice;
import io.snapledger.qmp.LiveBlock;
import io.snapledger.qmp.QemuGoneException;
import io.snapledger.qmp.QemuMissingException;
import io.snapledger.qmp.QemuProcess;
import io.snapledger.qmp.QmpClient;
import io.snapledger.qmp.QmpException;
import io.snapledger.qmp.QmpTimeoutException;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The QEMUs of a home's live domains: where their QMP sockets are, what state they are in, which
 * disks they have open, and starting and stopping the ones snapledger runs itself.
 *
 * <p>A QEMU snapledger starts ({@link QemuLink#managed()}) lives in {@code HOME/qemu/DOMAIN/}:
 * {@code control.qmp} (its QMP socket), {@code qemu.log} (its stdout and stderr) and
 * {@code qemu.pid}. An attached QEMU is reached at the socket given at define.
 *
 * <p>The state is observed, never stored: running or paused while QMP answers on the socket,
 * shut off when nothing listens there (no socket file, or a stale one a killed QEMU left).
 */
public final class LiveDomains {
    static final Duration CONNECT = Duration.ofSeconds(5);
    static final Duration STOP_WAIT = Duration.ofSeconds(10);
    private final Path home;

    public LiveDomains(Path home) {
        this.home = home;
    }

    /** {@code HOME/qemu/DOMAIN}: socket, log and pid file of a QEMU snapledger starts. */
    public Path dir(String domain) {
        return home.resolve("qemu").resolve(domain);
    }

    public Path socket(String domain, QemuLink link) {
        return link.managed() ? dir(domain).resolve("control.qmp") : Path.of(link.qmpSocket());
    }

    /** Running or paused when QMP answers on the domain's socket, shut off when nothing listens there. */
    public LiveState observe(String domain, QemuLink link) {
        try (QmpClient qmp = tryConnect(domain, link).orElse(null)) {
            return qmp == null ? LiveState.SHUT_OFF : state(new LiveBlock(qmp));
        }
    }

    public static LiveState state(LiveBlock block) {
        return block.queryStatus().running() ? LiveState.RUNNING : LiveState.PAUSED;
    }

    /** A QMP connection to the domain's QEMU; empty when nothing listens on its socket (shut off). */
    public Optional<QmpClient> tryConnect(String domain, QemuLink link) {
        Path socket = socket(domain, link);
        if (!listening(socket)) {
            return Optional.empty();
        }
        try {
            return Optional.of(QmpClient.connect(socket, CONNECT));
        } catch (QemuGoneException gone) {
            return Optional.empty(); // it quit between the probe and the greeting
        } catch (QmpException e) {
            throw new LiveDomainException("the QEMU of domain " + domain + " does not answer on " + socket + ": "
                    + e.getMessage(), e);
        }
    }

    /** A QMP connection to the domain's QEMU, or an error saying it is shut off. */
    public QmpClient connect(String domain, QemuLink link) {
        return tryConnect(domain, link).orElseThrow(() -> new LiveDomainException("domain " + domain
                + " is shut off: nothing answers on its QMP socket " + socket(domain, link)
                + (link.managed() ? "; start it with 'snapledger start " + domain + "'" : "")));
    }

    /**
     * Every device of the domain must be a disk of this QEMU whose active image is the device's
     * file (query-block), else nothing may be done: snapledger would write images QEMU does not
     * use, or miss ones it does.
     *
     * @param devices device name to image file, as the history has them
     */
    public static List<BlockDevice> requireDisks(LiveBlock block, String domain, Map<String, String> devices) {
        List<BlockDevice> open = block.queryBlock();
        for (Map.Entry<String, String> device : devices.entrySet()) {
            BlockDevice found = open.stream().filter(d -> d.device().equals(device.getKey())).findFirst().orElse(null);
            if (found == null || !sameFile(found.active().filename(), device.getValue())) {
                throw new LiveDomainException("disk " + device.getKey() + "=" + device.getValue()
                        + " is not open in the QEMU of domain " + domain + ", which has "
                        + (open.isEmpty() ? "no disks" : open.stream().map(d -> d.device() + "=" + d.active().filename())
                        .collect(Collectors.joining(" "))) + "; nothing was changed");
            }
        }
        return open;
    }

    /** Starts the QEMU of a domain snapledger runs, on the domain's active images; with {@code paused}, CPUs stopped. */
    public void start(String domain, QemuLink link, Map<String, String> devices, boolean paused) throws IOException {
        start(domain, link, devices, paused, null);
    }

    /**
     * Starts the QEMU of a domain snapledger runs, on the domain's active images (in the domain's
     * device order, which a saved state needs); with {@code state}, from that memory state file
     * ({@code -incoming defer}, then {@code migrate-incoming exec:cat FILE}): the VM comes back as it
     * was saved, then runs unless {@code paused}. A state that does not load leaves no QEMU running.
     */
    public void start(String domain, QemuLink link, Map<String, String> devices, boolean paused, Path state)
            throws IOException {
        requireManaged(domain, link, "start");
        if (observe(domain, link).online()) {
            throw new LiveDomainException("domain " + domain + " is already running");
        }
        QemuProcess.Builder builder = QemuProcess.builder(dir(domain));
        devices.forEach((device, file) -> builder.disk(device, Path.of(file)));
        if (state != null) {
            builder.incoming("defer");
        } else if (paused) {
            builder.paused();
        }
        QemuProcess qemu;
        try {
            qemu = builder.start();
        } catch (QemuMissingException e) {
            throw new LiveDomainException("cannot start domain " + domain + ": " + e.getMessage(), e);
        } catch (QmpException e) {
            throw new LiveDomainException("domain " + domain + " did not start: " + e.getMessage(), e);
        }
        Files.writeString(dir(domain).resolve("qemu.pid"), Long.toString(qemu.pid()));
        if (state != null) {
            try {
                LiveBlock block = new LiveBlock(qemu.qmp());
                block.migrateIncomingFromFile(state, LiveBlock.JOB_TIMEOUT);
                if (!paused) {
                    block.cont();
                }
            } catch (QmpException e) {
                qemu.close();
                String log = qemu.log().strip();
                throw new LiveDomainException("domain " + domain + " did not start from memory state " + state + ": "
                        + e.getMessage() + (log.isEmpty() ? "" : " (QEMU: " + log.lines().reduce((a, b) -> b).orElse("")
                        + ")"), e);
            }
        }
        qemu.qmp().close(); // QEMU runs on; each later command connects again
    }

    /** QMP {@code quit}: QEMU closes its images cleanly and exits; returns once it is gone. */
    public void shutdown(String domain, QemuLink link) {
        Optional<ProcessHandle> process = link.managed() ? process(domain) : Optional.empty();
        try (QmpClient qmp = connect(domain, link)) {
            new LiveBlock(qmp).quit();
            // no event matches: the wait ends when QEMU closes the connection on its way out
            qmp.awaitEvent(event -> false, STOP_WAIT);
            throw new LiveDomainException("the QEMU of domain " + domain + " still answers " + STOP_WAIT.toSeconds()
                    + " s after quit");
        } catch (QemuGoneException gone) {
            // it quit
        } catch (QmpTimeoutException e) {
            throw new LiveDomainException("the QEMU of domain " + domain + " still answers " + STOP_WAIT.toSeconds()
                    + " s after quit", e);
        }
        process.ifPresent(p -> awaitExit(domain, p));
    }

    /** Kills a QEMU snapledger started (SIGKILL), like virsh destroy: what the guest did not flush is lost. */
    public void destroy(String domain, QemuLink link) {
        requireManaged(domain, link, "destroy");
        ProcessHandle process = process(domain).orElseThrow(() -> new LiveDomainException("domain " + domain
                + " is not running"));
        process.destroyForcibly();
        awaitExit(domain, process);
    }

    private Optional<ProcessHandle> process(String domain) {
        Path pidFile = dir(domain).resolve("qemu.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.contains("qemu")).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void awaitExit(String domain, ProcessHandle process) {
        try {
            process.onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new LiveDomainException("the QEMU of domain " + domain + " (pid " + process.pid()
                    + ") did not exit within " + STOP_WAIT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new LiveDomainException("waiting for the QEMU of domain " + domain + " to exit: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LiveDomainException("interrupted while waiting for the QEMU of domain " + domain + " to exit", e);
        }
    }

    private static void requireManaged(String domain, QemuLink link, String verb) {
        if (!link.managed()) {
            throw new LiveDomainException("domain " + domain + " runs in a QEMU snapledger did not start ("
                    + link.qmpSocket() + "); " + verb + " it where it was started"
                    + ("destroy".equals(verb) ? ", or use 'snapledger shutdown " + domain + "'" : ""));
        }
    }

    /** Whether something accepts connections on the unix socket (a stale file of a killed QEMU does not). */
    static boolean listening(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean sameFile(String qemuFile, String historyFile) {
        Path a = Path.of(qemuFile).toAbsolutePath().normalize();
        Path b = Path.of(historyFile).toAbsolutePath().normalize();
        if (a.equals(b)) {
            return true;
        }
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
