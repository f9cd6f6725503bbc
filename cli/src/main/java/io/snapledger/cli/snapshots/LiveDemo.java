package io.snapledger.cli.snapshots;

import io.snapledger.command.domain.DomainRuleException;
import io.snapledger.core.Caller;
import io.snapledger.core.LedgerService;
import io.snapledger.core.SnapshotRequest;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.MemoryPlan;
import io.snapledger.events.model.QemuLink;
import io.snapledger.image.ImageException;
import io.snapledger.image.ImageOperationException;
import io.snapledger.image.qcow2.Qcow2Creator;
import io.snapledger.qmp.QemuProcess;
import io.snapledger.qmp.QmpClient;
import io.snapledger.query.HistoryQuery;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code demo --live}: a two-disk domain that snapledger runs in a real QEMU (TCG, no guest OS),
 * the guest's writes and reads made with the monitor's qemu-io, taken through a snapshot with
 * memory, a revert, an external checkpoint and a revert to it, and what deleting does while it
 * runs; then its tree and history.
 */
final class LiveDemo {
    private static final String DOMAIN = "demo";
    private static final long DISK_SIZE = 64L << 20;
    private static final int LENGTH = 1 << 20;
    private final PrintStream out;
    private final Path home;

    LiveDemo(PrintStream out, Path home) {
        this.out = out;
        this.home = home;
    }

    /** The QEMU binary on {@code path} (a PATH value), if any. */
    static Optional<Path> findQemu(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path binary = Path.of(dir, QemuProcess.BINARY);
                if (Files.isExecutable(binary)) {
                    return Optional.of(binary);
                }
            }
        }
        return Optional.empty();
    }

    int run(LedgerService ledger, Caller caller, Path vda, Path vdb) throws IOException {
        for (Path disk : List.of(vda, vdb)) {
            say("image create -f qcow2 " + disk + " 64M");
            Qcow2Creator.create(disk, Qcow2Creator.Options.of(DISK_SIZE));
        }
        say("define demo --emulator --disk vda=" + vda + " --disk vdb=" + vdb);
        ledger.defineLive(caller, DOMAIN, List.of(new DeviceSpec("vda", vda.toString(), ImageFormat.QCOW2),
                new DeviceSpec("vdb", vdb.toString(), ImageFormat.QCOW2)), QemuLink.startedBySnapledger());
        out.println("Domain demo defined with 2 device(s)");
        say("start demo");
        ledger.start(DOMAIN, false);
        out.println("Domain demo started (qemu-system-x86_64, TCG; QMP at " + control() + ")");
        try {
            steps(ledger, caller);
        } finally {
            if (ledger.state(ledger.queries().domain(DOMAIN).orElseThrow()).online()) {
                say("shutdown demo");
                ledger.shutdown(DOMAIN);
                out.println("Domain demo is shut off");
            }
        }
        say("snapshot-list demo --tree");
        out.print(SnapshotTreeRenderer.render(ledger.queries().tree(DOMAIN)));
        say("history demo");
        out.print(HistoryCommand.lines(ledger.queries().history(HistoryQuery.everything().domain(DOMAIN)),
                new HistoryCommand.Names(ledger.queries())));
        return 0;
    }

    private void steps(LedgerService ledger, Caller caller) throws IOException {
        write(0x11, "release 1.0");
        take(ledger, caller, new SnapshotRequest(DOMAIN, "s1", null, null, List.of(), false),
                "snapshot-create demo --name s1", "(memory and both disks, internal: one snapshot-save job)");
        write(0x22, "release 2.0");
        say("snapshot-revert demo s1");
        ledger.revert(caller, DOMAIN, "s1", false);
        out.println("Domain demo reverted to s1 (one snapshot-load job); it runs on");
        read(0x11, "release 1.0 again");

        write(0x33, "release 1.0 plus a fix");
        Path state = home.getParent().resolve("c1.vmstate");
        take(ledger, caller, new SnapshotRequest(DOMAIN, "c1", null, MemoryPlan.external(state.toString()), List.of(),
                false), "snapshot-create demo --name c1 --memspec snapshot=external,file=" + state,
                "(external checkpoint: paused, memory to " + state.getFileName() + ", both disks onto new overlays in "
                        + "one transaction, resumed)");
        write(0x44, "a failed experiment");
        say("snapshot-revert demo c1");
        long start = System.nanoTime();
        ledger.revert(caller, DOMAIN, "c1", false);
        out.println("Domain demo reverted to c1 in " + (System.nanoTime() - start) / 1_000_000 + " ms: fresh overlays "
                + "over c1's images, QEMU started again from " + state.getFileName() + ", running");
        read(0x33, "release 1.0 plus a fix, as at c1");

        say("snapshot-delete demo c1");
        try {
            ledger.delete(caller, DOMAIN, "c1", DeleteMode.MERGE);
            out.println("Domain snapshot c1 deleted");
        } catch (DomainRuleException | ImageException e) {
            out.println("snapledger: " + e.getMessage());
            out.println("(merging an external snapshot of a running domain is not done yet: internal ones are "
                    + "deleted by a snapshot-delete job, as here)");
        }
        take(ledger, caller, new SnapshotRequest(DOMAIN, "s2", null, null, List.of(), false),
                "snapshot-create demo --name s2", null);
        say("snapshot-delete demo s2");
        ledger.delete(caller, DOMAIN, "s2", DeleteMode.MERGE);
        out.println("Domain snapshot s2 deleted (one snapshot-delete job)");
    }

    private void take(LedgerService ledger, Caller caller, SnapshotRequest request, String command, String note)
            throws IOException {
        say(command);
        ledger.take(caller, request);
        out.println("Domain snapshot " + request.name() + " created" + (note == null ? "" : " " + note));
    }

    private void write(int pattern, String what) {
        say(String.format("(the guest writes %s: qemu-io write -P 0x%02x on vda and vdb)", what, pattern));
        for (String device : List.of("vda", "vdb")) {
            guestIo(device, String.format("write -P 0x%02x 0 %d", pattern, LENGTH),
                    "wrote " + LENGTH + "/" + LENGTH + " bytes at offset 0");
        }
    }

    private void read(int pattern, String what) {
        for (String device : List.of("vda", "vdb")) {
            String done = guestIo(device, String.format("read -P 0x%02x 0 %d", pattern, LENGTH),
                    "read " + LENGTH + "/" + LENGTH + " bytes at offset 0");
            if (done.contains("Pattern verification failed")) {
                throw new ImageOperationException("the guest does not read 0x" + Integer.toHexString(pattern) + " on "
                        + device + " after the revert: " + done.strip());
            }
        }
        out.println(String.format("(the guest reads %s: 0x%02x in every byte of vda and vdb)", what, pattern));
    }

    private Path control() {
        return home.resolve("qemu").resolve(DOMAIN).resolve("control.qmp");
    }

    /** HMP qemu-io on the running QEMU; its result is in QEMU's log, which is read until {@code doneLine}. */
    private String guestIo(String device, String command, String doneLine) {
        Path log = home.resolve("qemu").resolve(DOMAIN).resolve("qemu.log");
        try (QmpClient qmp = QmpClient.connect(control(), Duration.ofSeconds(5))) {
            long from = Files.size(log);
            String reply = qmp.execute("human-monitor-command", qmp.arguments().put("command-line",
                    "qemu-io -d " + device + "/virtio-backend \"" + command + "\"")).asText();
            if (!reply.isBlank()) {
                throw new ImageOperationException("qemu-io " + command + " on " + device + ": " + reply.strip());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                byte[] all = Files.readAllBytes(log);
                String added = new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8);
                if (added.contains(doneLine)) {
                    return added;
                }
                if (System.nanoTime() > deadline) {
                    throw new ImageOperationException("qemu-io " + command + " on " + device + " did not finish: "
                            + added.strip());
                }
                Thread.sleep(10);
            }
        } catch (IOException e) {
            throw new ImageOperationException("cannot read QEMU's log " + log + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageOperationException("interrupted while the guest wrote");
        }
    }

    private void say(String command) {
        out.println();
        out.println(command.startsWith("(") ? command : "$ snapledger " + command);
    }
}
