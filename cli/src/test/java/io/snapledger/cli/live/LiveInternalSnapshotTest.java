package io.snapledger.cli.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapledger.cli.Cli;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.snapledger.cli.live.GuestVm.MB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running domain end to end through the CLI: internal snapshots with memory taken, reverted to
 * and deleted by QEMU's snapshot-save / snapshot-load / snapshot-delete jobs, the guest's data
 * read back through QEMU after each step, the images checked by qemu-img once QEMU quit.
 */
class LiveInternalSnapshotTest {
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

    @Test
    void snapshotWithMemoryRevertAndDeleteOnARunningDomain() throws Exception {
        defineLive();
        vm.write("vda", 0x11, 0, MB);
        vm.write("vdb", 0x12, 0, MB);
        Cli.Result s1 = cli("snapshot-create", "vm", "--name", "s1").ok();
        assertTrue(s1.err().contains("QEMU job sl-save-"), "job progress on stderr: " + s1.err());
        vm.write("vda", 0x21, 0, MB);
        vm.write("vdb", 0x22, 0, MB);
        cli("snapshot-create", "vm", "--name", "s2").ok();
        vm.write("vda", 0x31, 0, MB);
        JsonNode disks = new ObjectMapper().readTree(cli("query-snapshots", "vm").ok().out());
        for (JsonNode disk : disks) {
            assertEquals("qemu", disk.path("source").asText(), "a running domain answers from QEMU");
            assertEquals(List.of("s1", "s2"), disk.path("snapshots").findValuesAsText("name"));
        }
        assertTrue(disks.get(0).path("snapshots").get(0).path("vm-state-size").asLong() > 0, "memory on vda");
        assertEquals(0, disks.get(1).path("snapshots").get(0).path("vm-state-size").asLong());

        String refused = cli("snapshot-create", "vm", "--name", "nomem", "--memspec", "snapshot=no").singleErrorLine(1);
        assertTrue(refused.contains("internal disk snapshots without memory state (--memspec snapshot=no) are not "
                + "supported yet for a running domain"), refused);
        assertFalse(cli("snapshot-list", "vm").ok().out().contains("nomem"), "nothing changed");

        cli("snapshot-revert", "vm", "s1").ok();
        vm.assertReads("vda", 0x11, 0, MB);
        vm.assertReads("vdb", 0x12, 0, MB);
        assertThrows(AssertionError.class, () -> vm.assertReads("vda", 0x21, 0, MB), "a wrong pattern is detected");
        assertTrue(cli("domains").ok().out().contains("running"));
        assertEquals("s1", cli("snapshot-current", "vm", "--name").ok().out().strip());

        cli("snapshot-revert", "vm", "s2", "--paused").ok();
        assertTrue(cli("domains").ok().out().contains("paused"));
        vm.assertReads("vda", 0x21, 0, MB);
        vm.assertReads("vdb", 0x22, 0, MB);

        cli("snapshot-delete", "vm", "s2").ok();
        assertFalse(cli("snapshot-list", "vm").ok().out().contains("s2"));
        String history = cli("history", "vm", "--json").ok().out();
        assertTrue(history.contains("sl-save-") && history.contains("sl-load-") && history.contains("sl-delete-"),
                "the jobs' ids are in the history");
        vm.quit();

        for (String device : List.of("vda", "vdb")) {
            Path image = dir.resolve(device + ".qcow2");
            Qemu.assertClean(image);
            String list = Qemu.img("snapshot", "-l", image).ok().out();
            assertTrue(list.contains("s1") && !list.contains("s2"), device + ": " + list);
        }
        String vda = Qemu.img("snapshot", "-l", dir.resolve("vda.qcow2")).ok().out();
        assertFalse(vda.lines().filter(l -> l.contains("s1")).findFirst().orElseThrow().contains(" 0 B "),
                "the memory state is on vda: " + vda);
        assertTrue(cli("domains").ok().out().contains("shut off"));
        assertTrue(cli("fsck").ok().out().contains("No problems were found."));
    }
}
