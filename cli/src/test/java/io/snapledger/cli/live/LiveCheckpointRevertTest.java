package io.snapledger.cli.live;

import io.snapledger.cli.Cli;
import io.snapledger.image.testing.Qemu;
import io.snapledger.qmp.LiveBlock;
import io.snapledger.qmp.QmpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.snapledger.cli.live.GuestVm.MB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Revert of a running domain to an external system checkpoint: a QEMU snapledger started is
 * started again from the saved state on fresh overlays over the snapshot's frozen images; an
 * attached one is refused with what to do.
 */
class LiveCheckpointRevertTest {
    @TempDir
    Path dir;
    private GuestVm attached;

    @AfterEach
    void stopQemus() throws Exception {
        if (attached != null) {
            attached.close();
        }
        Path pid = dir.resolve("home/qemu/vm/qemu.pid");
        if (Files.exists(pid)) { // the QEMU snapledger started
            ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).filter(p -> p.info().command()
                    .map(c -> c.contains("qemu")).orElse(false)).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Cli.Result cli(Object... args) {
        List<Object> all = new ArrayList<>(List.of("--home", dir.resolve("home")));
        all.addAll(List.of(args));
        return Cli.run(all.toArray());
    }

    /** Guest I/O on the QEMU snapledger runs, through its control socket while no command holds it. */
    private void io(String device, String command, String doneLine) {
        try (QmpClient qmp = QmpClient.connect(dir.resolve("home/qemu/vm/control.qmp"), Duration.ofSeconds(5))) {
            String out = GuestVm.guestIo(qmp, dir.resolve("home/qemu/vm/qemu.log"), device, command, doneLine);
            if (out.contains("Pattern verification failed")) {
                throw new AssertionError(device + ": " + command + ": " + out.strip());
            }
        }
    }

    private void write(String device, int pattern) {
        io(device, String.format("write -P 0x%02x 0 %d", pattern, MB), "wrote " + MB + "/" + MB + " bytes at offset 0");
    }

    private void assertReads(String device, int pattern) {
        io(device, String.format("read -P 0x%02x 0 %d", pattern, MB), "read " + MB + "/" + MB + " bytes at offset 0");
    }

    private String status() {
        try (QmpClient qmp = QmpClient.connect(dir.resolve("home/qemu/vm/control.qmp"), Duration.ofSeconds(5))) {
            return new LiveBlock(qmp).queryStatus().status();
        }
    }

    @Test
    void aDomainSnapledgerStartedComesBackFromTheCheckpointRunningOrPaused() throws Exception {
        for (String device : List.of("vda", "vdb")) {
            Qemu.create(dir.resolve(device + ".qcow2"), GuestVm.SIZE);
        }
        cli("define", "vm", "--emulator", "--disk", "vda=" + dir.resolve("vda.qcow2"), "--disk",
                "vdb=" + dir.resolve("vdb.qcow2")).ok();
        cli("start", "vm").ok();
        write("vda", 0x11);
        write("vdb", 0x12);
        cli("snapshot-create", "vm", "--name", "c1", "--memspec", "snapshot=external").ok();
        write("vda", 0x21);
        write("vdb", 0x22);

        cli("snapshot-revert", "vm", "c1").ok();
        assertEquals("running", status(), "the VM runs again from the saved state");
        assertReads("vda", 0x11);
        assertReads("vdb", 0x12);
        String domains = cli("domains").ok().out();
        assertTrue(domains.contains("running") && domains.contains("vda.c1.revert-"), domains);
        write("vda", 0x31); // onto the fresh overlay; the checkpoint's frozen image stays as it was

        cli("snapshot-revert", "vm", "c1", "--paused").ok();
        assertEquals("paused", status());
        assertReads("vda", 0x11);
        assertReads("vdb", 0x12);
        assertEquals("c1", cli("snapshot-current", "vm", "--name").ok().out().strip());
        cli("shutdown", "vm").ok();

        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".qcow2")).toList()) {
                Qemu.assertClean(file);
            }
        }
        Qemu.io(dir.resolve("vda.qcow2"), "qcow2", "read -P 0x11 0 1048576");
        Qemu.io(dir.resolve("vda.c1.qcow2"), "qcow2", "read -P 0x21 0 1048576");
        assertTrue(cli("fsck").ok().out().contains("No problems were found."));
    }

    @Test
    void aStateThatDoesNotLoadLeavesTheDomainShutOffOnItsRevertedDisksAndSaysSo() throws Exception {
        for (String device : List.of("vda", "vdb")) {
            Qemu.create(dir.resolve(device + ".qcow2"), GuestVm.SIZE);
        }
        cli("define", "vm", "--emulator", "--disk", "vda=" + dir.resolve("vda.qcow2"), "--disk",
                "vdb=" + dir.resolve("vdb.qcow2")).ok();
        cli("start", "vm").ok();
        write("vda", 0x11);
        cli("snapshot-create", "vm", "--name", "c1", "--memspec", "snapshot=external").ok();
        Files.write(dir.resolve("vda.c1.vmstate"), new byte[4096]); // not a migration stream any more
        String error = cli("snapshot-revert", "vm", "c1").singleErrorLine(1);
        assertTrue(error.contains("was reverted to snapshot 'c1' on its disks, but its QEMU did not start again")
                && error.contains("start it with 'snapledger start vm'"), error);
        assertTrue(cli("domains").ok().out().contains("shut off"));
        assertEquals("c1", cli("snapshot-current", "vm", "--name").ok().out().strip());
        cli("start", "vm").ok(); // a cold start on the reverted disks
        assertReads("vda", 0x11);
        cli("shutdown", "vm").ok();
        assertTrue(cli("fsck").ok().out().contains("No problems were found."));
    }

    @Test
    void anAttachedDomainIsRefusedWithWhatToDoAndNothingChanges() throws Exception {
        attached = GuestVm.start(dir, "vda", "vdb");
        List<Object> define = new ArrayList<>(List.of("define", "vm", "--qmp", attached.productSocket()));
        define.addAll(List.of(attached.diskArgs()));
        cli(define.toArray()).ok();
        cli("snapshot-create", "vm", "--name", "c1", "--memspec", "snapshot=external").ok();
        attached.write("vda", 0x21, 0, MB);
        Cli.Result refused = cli("snapshot-revert", "vm", "c1");
        String error = refused.singleErrorLine(1);
        assertTrue(error.contains("runs in a QEMU snapledger did not start; shut it down, revert it offline"), error);
        assertEquals("running", new LiveBlock(attached.qmp()).queryStatus().status());
        attached.assertReads("vda", 0x21, 0, MB);
        assertEquals(List.of(dir.resolve("vda.c1.qcow2").toString(), dir.resolve("vda.qcow2").toString()),
                new LiveBlock(attached.qmp()).device("vda").chainFilenames());
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().contains("revert")), "no overlay made");
        }
        assertTrue(cli("history", "vm").ok().out().lines().noneMatch(l -> l.contains("Revert")), "nothing recorded");
    }

}
