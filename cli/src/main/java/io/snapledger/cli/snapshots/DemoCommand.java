package io.snapledger.cli.snapshots;

import io.snapledger.cli.Folders;
import io.snapledger.cli.Main;
import io.snapledger.kafka.KafkaSettings;
import io.snapledger.events.kafka.KafkaContract;
import io.snapledger.core.LedgerService;
import io.snapledger.core.Caller;
import io.snapledger.core.SnapshotRequest;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.image.ImageOperationException;
import io.snapledger.image.qcow2.Qcow2Creator;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.query.HistoryQuery;
import io.snapledger.query.SnapshotNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code demo}: a two-disk domain in a scratch folder, taken through snapshot, revert, branch and
 * delete, then its tree, its history and what the images hold. Needs nothing but Java: the disks
 * are made and written by snapledger's own qcow2 engine.
 */
@Command(name = "demo", description = "Show snapledger at work on a sample two-disk domain in a scratch folder "
        + "(--live: running in QEMU).")
public final class DemoCommand implements Callable<Integer> {
    private static final String DOMAIN = "demo";
    private static final long DISK_SIZE = 64L << 20;
    private static final int BLOCK = 64 << 10;

    @Spec
    private CommandSpec spec;

    @Option(names = "--keep", paramLabel = "DIR",
            description = "Work in DIR (made if missing, must hold no earlier demo) and keep it afterwards; "
                    + "by default a temporary folder is used and removed.")
    private Path keep;

    @Option(names = "--live", description = "A domain running in a real QEMU (qemu-system-x86_64): snapshot with "
            + "memory, revert, external checkpoint, revert to it, delete, driven over QMP.")
    private boolean live;

    private PrintStream out;

    @Override
    public Integer call() throws IOException {
        out = Main.of(spec).out();
        if (live && LiveDemo.findQemu(System.getenv("PATH")).isEmpty()) {
            out.println("demo --live skipped: it runs a real QEMU and " + io.snapledger.qmp.QemuProcess.BINARY
                    + " is not on PATH; install it (apt-get install -y qemu-system-x86) and run it again");
            return 0;
        }
        Path folder = keep != null ? Main.of(spec).path(keep.toString()) : Files.createTempDirectory("snapledger-demo-");
        Path home = folder.resolve("home");
        Path vda = folder.resolve("vda.qcow2");
        Path vdb = folder.resolve("vdb.qcow2");
        if (Files.exists(vda) || Files.exists(vdb) || Files.exists(home)) {
            throw new ImageOperationException(folder + " already holds a demo; give --keep an empty or new folder");
        }
        out.println("Scratch folder: " + folder + " (snapledger home: " + home + ")");
        try {
            return live ? runLive(home, vda, vdb) : run(home, vda, vdb);
        } finally {
            if (keep == null) {
                Folders.deleteTree(folder);
                out.println();
                out.println("Removed " + folder + "; keep the demo's files with --keep DIR.");
            }
        }
    }

    /** The live demo's steps (a QEMU snapledger starts and stops); returns the exit code. */
    private int runLive(Path home, Path vda, Path vdb) throws IOException {
        Files.createDirectories(home);
        Main cli = Main.of(spec);
        try (LedgerService ledger = cli.openLedger(home, KafkaSettings.off().withBootstrap(cli.kafkaOption()))) {
            try {
                return new LiveDemo(out, home).run(ledger, cli.caller(), vda, vdb);
            } catch (IOException | RuntimeException e) {
                try {
                    ledger.destroy(DOMAIN); // leave no QEMU behind
                } catch (RuntimeException notRunning) {
                    e.addSuppressed(notRunning);
                }
                throw e;
            }
        }
    }

    /** The demo's steps; returns the exit code. */
    private int run(Path home, Path vda, Path vdb) throws IOException {
        Files.createDirectories(home);
        for (Path disk : List.of(vda, vdb)) {
            say("image create -f qcow2 " + disk + " 64M");
            Qcow2Creator.create(disk, Qcow2Creator.Options.of(DISK_SIZE));
        }
        say("(the guest installs release 1.0 on both disks)");
        writeGuest(vda, 0, "vda: bootloader, kernel 6.1, release 1.0");
        writeGuest(vdb, 0, "vdb: database at schema 41");
        // only --kafka publishes the demo: a home's configured brokers are for that home's own events
        Main cli = Main.of(spec);
        String kafka = cli.kafkaOption();
        Caller caller = cli.caller();
        try (LedgerService ledger = cli.openLedger(home, KafkaSettings.off().withBootstrap(kafka))) {
            say("define demo --disk vda=" + vda + " --disk vdb=" + vdb);
            ledger.define(caller, DOMAIN, List.of(new DeviceSpec("vda", vda.toString(), ImageFormat.QCOW2),
                    new DeviceSpec("vdb", vdb.toString(), ImageFormat.QCOW2)), false);
            out.println("Domain demo defined with 2 device(s)");
            take(ledger, caller, "base", "release 1.0 as installed");

            say("(the guest upgrades to release 2.0: both disks change)");
            writeGuest(vda, 0, "vda: bootloader, kernel 6.6, release 2.0");
            writeGuest(vdb, 0, "vdb: database at schema 42");
            take(ledger, caller, "upgrade", "after the upgrade to 2.0");

            say("snapshot-revert demo base");
            ledger.revert(caller, DOMAIN, "base");
            say("(from release 1.0 again, the guest tries another way: vdb changes)");
            writeGuest(vdb, BLOCK, "vdb: a new table, still schema 41");
            take(ledger, caller, "branch", "release 1.0 plus a new table");

            say("snapshot-delete demo upgrade");
            ledger.delete(caller, DOMAIN, "upgrade", DeleteMode.MERGE);
            out.println("Domain snapshot upgrade deleted");

            say("snapshot-list demo --tree");
            out.print(SnapshotTreeRenderer.render(ledger.queries().tree(DOMAIN)));
            say("history demo");
            out.print(HistoryCommand.lines(ledger.queries().history(HistoryQuery.everything().domain(DOMAIN)),
                    new HistoryCommand.Names(ledger.queries())));
            // not acknowledged in time: closing the ledger prints the warning, once
            if (kafka != null && ledger.awaitPublished().isEmpty()) {
                out.println("(every event above is on " + KafkaContract.EVENTS_TOPIC + " at " + kafka + ")");
            }
        }
        // qemu-img's view of the disks: both hold the same snapshot ids, so QEMU tools agree with the ledger
        for (Path disk : List.of(vda, vdb)) {
            say("image info " + disk);
            int exit = Main.run(new String[] {"image", "info", disk.toString()}, out, Main.of(spec).err());
            if (exit != 0) {
                return exit;
            }
        }
        say("(both disks hold the same snapshot ids and names; 2 was upgrade's and is never used again)");
        return 0;
    }

    private void take(LedgerService ledger, Caller caller, String name, String description) throws IOException {
        say("snapshot-create demo --name " + name + " --description '" + description + "'");
        SnapshotNode taken = ledger.take(caller, SnapshotRequest.of(DOMAIN, name, description));
        out.println("Domain snapshot " + taken.name() + " created");
    }

    private void say(String command) {
        out.println();
        out.println(command.startsWith("(") ? command : "$ snapledger " + command);
    }

    /** What a guest would write: the text at the start of a block, the rest of the block filled. */
    private static void writeGuest(Path disk, long offset, String text) throws IOException {
        byte[] block = new byte[BLOCK];
        Arrays.fill(block, (byte) text.length());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, block, 0, bytes.length);
        try (Qcow2Image image = Qcow2Image.open(disk, true)) {
            image.write(offset, block, 0, block.length);
            image.flush();
        }
    }
}
