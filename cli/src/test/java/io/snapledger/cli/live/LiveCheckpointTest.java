package io.snapledger.cli.live;

import io.snapledger.cli.Cli;
import io.snapledger.image.testing.Qemu;
import io.snapledger.qmp.BlockDevice;
import io.snapledger.qmp.LiveBlock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.snapledger.cli.live.GuestVm.MB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The external system checkpoint of a running domain (libvirt's "memory external + disks
 * external, via migrate+transaction"): the VM paused, its state migrated to a file, every disk
 * switched to a new marked overlay in one transaction, resumed.
 */
class LiveCheckpointTest {
    @TempDir
    Path dir;
    private GuestVm vm;

    @AfterEach
    void stopQemu() {
        if (vm != null) {
            vm.close();
        }
    }

    private Cli.Result cli(Object... args) {
        return GuestVm.cli(dir, args);
    }

    private void defineLive() throws Exception {
        vm = GuestVm.defineAttached(dir);
    }

    private BlockDevice device(String device) {
        return new LiveBlock(vm.qmp()).device(device);
    }

    @Test
    void memoryAndEveryDiskAreTakenAtOneInstantAndTheVmRunsOn() throws Exception {
        defineLive();
        vm.write("vda", 0x11, 0, MB);
        vm.write("vdb", 0x12, 0, MB);
        Path state = dir.resolve("c1.vmstate");
        Cli.Result c1 = cli("snapshot-create", "vm", "--name", "c1", "--memspec", "snapshot=external,file=" + state,
                "--diskspec", "vda,snapshot=external").ok();
        Matcher resumed = Pattern.compile("resumed after (\\d+) ms").matcher(c1.err());
        assertTrue(resumed.find(), "pause to resume on stderr: " + c1.err());
        assertEquals("running", new LiveBlock(vm.qmp()).queryStatus().status(), "the VM runs again");
        Path vdaOverlay = dir.resolve("vda.c1.qcow2");
        Path vdbOverlay = dir.resolve("vdb.c1.qcow2");
        assertEquals(List.of(vdaOverlay.toString(), dir.resolve("vda.qcow2").toString()), device("vda").chainFilenames());
        assertEquals(List.of(vdbOverlay.toString(), dir.resolve("vdb.qcow2").toString()), device("vdb").chainFilenames(),
                "vdb external too: libvirt's default with external memory");
        assertTrue(Files.size(state) > 100_000, "the memory state is in its file");
        vm.write("vda", 0x21, 0, MB);
        vm.assertReads("vda", 0x21, 0, MB);
        vm.assertReads("vdb", 0x12, 0, MB);

        String xml = cli("snapshot-dumpxml", "vm", "c1").ok().out();
        assertTrue(xml.contains("<memory snapshot='external' file='" + state + "'/>"), xml);
        String history = cli("history", "vm", "--json").ok().out();
        assertTrue(history.contains("MemoryStateSaved") && history.contains(state.toString()), "memory in the history: " + history);

        // the default file names: beside the first disk's active image, named as its overlay is
        cli("snapshot-create", "vm", "--name", "c2", "--memspec", "snapshot=external").ok();
        assertTrue(Files.exists(dir.resolve("vda.c1.c2.vmstate")));
        assertEquals(List.of(dir.resolve("vdb.c1.c2.qcow2").toString(), vdbOverlay.toString(),
                dir.resolve("vdb.qcow2").toString()), device("vdb").chainFilenames());
        vm.quit();

        for (Path file : List.of(dir.resolve("vda.qcow2"), dir.resolve("vdb.qcow2"), vdaOverlay, vdbOverlay,
                dir.resolve("vda.c1.c2.qcow2"), dir.resolve("vdb.c1.c2.qcow2"))) {
            Qemu.assertClean(file);
        }
        Qemu.io(dir.resolve("vda.qcow2"), "qcow2", "read -P 0x11 0 1048576");
        Qemu.io(dir.resolve("vdb.qcow2"), "qcow2", "read -P 0x12 0 1048576");
        Qemu.io(vdaOverlay, "qcow2", "read -P 0x21 0 1048576");
        assertTrue(cli("fsck").ok().out().contains("No problems were found."));
    }

    @Test
    void aStateFileThatCannotBeWrittenChangesNothingAndTheVmKeepsRunning() throws Exception {
        defineLive();
        Path nowhere = dir.resolve("missing-folder").resolve("c1.vmstate");
        String error = cli("snapshot-create", "vm", "--name", "c1", "--memspec", "snapshot=external,file=" + nowhere)
                .singleErrorLine(1);
        assertTrue(error.contains("the snapshot was not taken") && error.contains("folder missing or not writable"),
                error);
        assertEquals("running", new LiveBlock(vm.qmp()).queryStatus().status());
        assertEquals(List.of(dir.resolve("vda.qcow2").toString()), device("vda").chainFilenames());
        assertFalse(Files.exists(dir.resolve("vda.c1.qcow2")) || Files.exists(dir.resolve("vdb.c1.qcow2")));
        String refused = cli("snapshot-create", "vm", "--name", "mixed", "--memspec", "snapshot=external",
                "--diskspec", "vdb,snapshot=internal").singleErrorLine(1);
        assertTrue(refused.contains("goes with every included disk external"), refused);
        assertFalse(cli("snapshot-list", "vm").ok().out().contains("c1"));
    }
}
